"""Pages of feedback and surveys: templates, a meeting's feedback, surveys, answers, results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kumppanuus import signed_links
from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.http import form_status
from kumppanuus.notifications.services import delivery_status

from . import survey_exports, survey_services
from .models import Forum, Meeting, Survey
from .survey_forms import (
    ForumSurveyForm,
    MeetingSurveyForm,
    SurveyAnswerForm,
    SurveyQuestionFormSet,
    TemplateForm,
    TemplateQuestionFormSet,
)

MANAGE = "forums.manage_forum"


def _posted(request):
    """The submitted data, or None: an empty submission is a submission too (and fails)."""
    return request.POST if request.method == "POST" else None


def _surveys(queryset):
    return queryset.select_related("meeting").annotate(response_count=Count("responses"))


@login_required
def forum_surveys(request, pk):
    """A forum's surveys, feedback of its meetings and its question templates."""
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    surveys = _surveys(forum.surveys.all()).order_by("-created_at", "-pk")
    return render(
        request,
        "forums/surveys/forum.html",
        {
            "forum": forum,
            "surveys": surveys,
            "templates": survey_services.templates_for(forum).annotate(
                question_count=Count("questions")
            ),
            "may_edit_shared": request.user.is_superuser,
        },
    )


# Templates -----------------------------------------------------------------


@login_required
def template_create(request, pk):
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    form = TemplateForm(_posted(request), may_share=request.user.is_superuser)
    if request.method == "POST" and form.is_valid():
        template = survey_services.template_create(
            forum=forum,
            name=form.cleaned_data["name"],
            name_sv=form.cleaned_data["name_sv"],
            shared=form.cleaned_data.get("shared", False),
        )
        messages.success(request, _("The template has been created. Edit its questions."))
        return redirect("forums:survey_template", forum.pk, template.pk)
    return render(
        request,
        "forums/surveys/form.html",
        {
            "form": form,
            "title": _("New survey template"),
            "forum": forum,
            "cancel_url": reverse("forums:surveys", args=[forum.pk]),
        },
        status=form_status(form),
    )


@login_required
def template_edit(request, pk, template_pk):
    """Edit a template: the forum's own by its coordinators, a shared one by administrators."""
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    template = get_object_or_404(survey_services.templates_for(forum), pk=template_pk)
    if not request.user.has_perm(MANAGE, template):
        raise PermissionDenied
    may_share = request.user.is_superuser
    form = TemplateForm(_posted(request), instance=template, may_share=may_share)
    formset = TemplateQuestionFormSet(_posted(request), instance=template, prefix="questions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        template = form.save(commit=False)
        if may_share:
            template.forum = None if form.cleaned_data.get("shared") else forum
        template.save()
        survey_services.questions_save(owner=template, formset=formset)
        messages.success(request, _("The changes have been saved."))
        return redirect("forums:surveys", forum.pk)
    return render(
        request,
        "forums/surveys/questions_form.html",
        {
            "form": form,
            "formset": formset,
            "forum": forum,
            "title": _("Edit the template %(name)s") % {"name": template.localized_name},
            "cancel_url": reverse("forums:surveys", args=[forum.pk]),
        },
        status=form_status(form, formset) if request.method == "POST" else 200,
    )


# A meeting's feedback ------------------------------------------------------


@login_required
def meeting_survey(request, pk):
    """Set up the meeting's feedback survey, or go to it when it exists."""
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk, related=("forum",))
    existing = Survey.objects.filter(meeting=meeting).first()
    if existing is not None:
        return redirect("forums:survey", existing.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        messages.error(request, _("A cancelled meeting gets no feedback survey."))
        return redirect("forums:meeting_manage", meeting.pk)
    form = MeetingSurveyForm(
        _posted(request),
        forum=meeting.forum,
        initial={
            "title": _("Feedback: %(meeting)s") % {"meeting": meeting.title},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = survey_services.meeting_survey_create(
            meeting=meeting,
            template=data["template"],
            title=data["title"],
            title_sv=data["title_sv"],
            days_open=data["days_open"],
            introduction=data["introduction"],
        )
        messages.success(
            request,
            _(
                "The feedback survey has been created. It goes to the participants "
                "when the meeting ends."
            ),
        )
        return redirect("forums:survey", survey.pk)
    return render(
        request,
        "forums/surveys/form.html",
        {
            "form": form,
            "title": _("Feedback survey of %(meeting)s") % {"meeting": meeting.title},
            "forum": meeting.forum,
            "intro": _(
                "After the meeting its participants (those marked present, or before "
                "that those who said yes) get a short survey by email. They answer "
                "from the email's link without logging in."
            ),
            "cancel_url": reverse("forums:meeting_manage", args=[meeting.pk]),
        },
        status=form_status(form),
    )


# Surveys between meetings --------------------------------------------------


@login_required
def forum_survey_create(request, pk):
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    form = ForumSurveyForm(_posted(request), forum=forum)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = survey_services.forum_survey_create(
            forum=forum,
            template=data["template"],
            title=data["title"],
            title_sv=data["title_sv"],
            closes_at=data["closes_at"],
            introduction=data["introduction"],
        )
        messages.success(
            request, _("The survey has been created. Check the questions and send it.")
        )
        return redirect("forums:survey", survey.pk)
    return render(
        request,
        "forums/surveys/form.html",
        {
            "form": form,
            "title": _("New survey to the members"),
            "forum": forum,
            "time_zone_note": True,
            "cancel_url": reverse("forums:surveys", args=[forum.pk]),
        },
        status=form_status(form),
    )


def _survey_for(request, pk):
    return get_object_for_user(request, Survey, MANAGE, pk=pk, related=("forum", "meeting"))


@login_required
def survey_edit(request, pk):
    """A survey's settings and questions; the questions are fixed once someone has answered."""
    survey = _survey_for(request, pk)
    form_class = MeetingSurveyForm if survey.meeting_id else ForumSurveyForm
    answered = survey.responses.exists()
    form = form_class(_posted(request), instance=survey, forum=survey.forum)
    formset = None
    if not answered:
        formset = SurveyQuestionFormSet(_posted(request), instance=survey, prefix="questions")
    if request.method == "POST":
        valid = form.is_valid() and (formset is None or formset.is_valid())
        if valid:
            survey = form.save()
            if formset is not None:
                survey_services.questions_save(owner=survey, formset=formset)
            if survey.meeting_id:
                survey_services.survey_plan(survey)
            messages.success(request, _("The changes have been saved."))
            return redirect("forums:survey", survey.pk)
    statuses = delivery_status(survey, kinds=[survey_services.SURVEY_KIND])
    return render(
        request,
        "forums/surveys/survey.html",
        {
            "survey": survey,
            "forum": survey.forum,
            "meeting": survey.meeting,
            "meeting_ended": survey.meeting is not None
            and survey.meeting.ends_at <= timezone.now(),
            "form": form,
            "formset": formset,
            "questions": survey.questions.all(),
            "answered": answered,
            "response_count": survey.responses.count(),
            "delivery_rows": [(email, message) for email, message in statuses.items()],
            "cancel_url": reverse("forums:surveys", args=[survey.forum_id]),
        },
        status=form_status(form, *([formset] if formset is not None else []))
        if request.method == "POST"
        else 200,
    )


@login_required
@require_POST
def survey_send(request, pk):
    survey = _survey_for(request, pk)
    if survey.meeting_id is not None:
        messages.error(request, _("A meeting's feedback goes out by itself when the meeting ends."))
        return redirect("forums:survey", survey.pk)
    if survey.closes_at is not None and survey.closes_at <= timezone.now():
        messages.error(request, _("The survey has closed; change the closing time first."))
        return redirect("forums:survey", survey.pk)
    count = survey_services.forum_survey_send(survey=survey)
    messages.success(request, _("Surveys sent: %(count)s.") % {"count": count})
    return redirect("forums:survey", survey.pk)


# Results -------------------------------------------------------------------


@login_required
def survey_results(request, pk):
    survey = _survey_for(request, pk)
    response_count, results = survey_services.survey_results(survey)
    return render(
        request,
        "forums/surveys/results.html",
        {
            "survey": survey,
            "forum": survey.forum,
            "meeting": survey.meeting,
            "response_count": response_count,
            "results": results,
        },
    )


@login_required
def survey_export(request, pk, fmt):
    survey = _survey_for(request, pk)
    if fmt == "csv":
        return survey_exports.results_csv(survey)
    if fmt == "xlsx":
        return survey_exports.results_xlsx(survey)
    raise Http404


# Answering from the email's link ------------------------------------------


@signed_links.signed_view(survey_services.SURVEY_PURPOSE, max_age=survey_services.SURVEY_LINK_AGE)
def survey_answer(request, value):
    """Answer a survey from the email's link, without logging in; change it until it closes."""
    survey = (
        Survey.objects.filter(pk=value.get("survey"))
        .select_related("forum", "meeting")
        .prefetch_related("questions")
        .first()
    )
    email = value.get("email")
    if survey is None or not isinstance(email, str) or not email:
        return signed_links.bad_link_response(request, signed_links.BadLink())
    questions = list(survey.questions.all())
    earlier = survey_services.answers_of(survey, email)
    initial = {f"q{question_id}": answer for question_id, answer in earlier.items()}
    form = SurveyAnswerForm(_posted(request), questions=questions, initial=initial)
    is_open = survey.is_open
    if request.method == "POST" and is_open and form.is_valid():
        survey_services.response_save(
            survey=survey, email=email, language=get_language()[:2], answers=form.answers()
        )
        messages.success(request, _("Thank you for your answers. They have been saved."))
        return redirect(request.path)
    status = form_status(form)
    if request.method == "POST" and not is_open:
        status = 400
    return render(
        request,
        "forums/surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "is_open": is_open,
            "answered": bool(earlier),
        },
        status=status,
    )
