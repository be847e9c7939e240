from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Association
from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.compiled import CompiledQuery, CompiledShapes
from kumppanuus.http import form_status, posted
from kumppanuus.notifications.calendar import Event, calendar_publish
from kumppanuus.pagecache import cache_for_anonymous
from kumppanuus.places.models import localized
from kumppanuus.uploads import file_response, private_download

from . import exports, services
from . import statistics as grant_statistics
from . import totals as grant_totals
from .forms import (
    ApplicationForm,
    ApplyForm,
    AttachmentForm,
    BonusForm,
    BudgetFormSet,
    CriterionFormSet,
    DecisionForm,
    InfoRequestForm,
    LateAcceptForm,
    PaymentForm,
    ReviewerForm,
    RoundFilterForm,
    RoundForm,
    RoundMessageForm,
    ScoreForm,
    SelectionDecisionForm,
    StatisticsFilterForm,
    UsageReportForm,
    UsageReportReviewForm,
    YearViewForm,
)
from .models import (
    Application,
    ApplicationAttachment,
    ApplicationPriority,
    GrantBody,
    Round,
    Score,
)
from .permissions import info_can_be_asked, late_draft, visible_applications
from .templatetags import grants_tags

ROUND_RELATED = ("body", "body__municipality", "body__county")


def _listing(now, municipality=None, kind=None, field=None, opened_by=None):
    """The listing's rounds with the filters given (not None); opened_by: those open by then."""
    listed = Round.objects.listed(now)
    if municipality is not None:
        listed = listed.filter(
            Q(body__municipality=municipality) | Q(body__county__municipalities=municipality)
        )
    if kind is not None:
        listed = listed.filter(kind=kind)
    if field is not None:
        listed = listed.filter(Q(fields=field) | Q(fields__isnull=True))
    if opened_by is not None:
        listed = listed.filter(opens_at__lte=opened_by)
    listed = listed.values(*grants_tags.ROUND_ITEM_VALUES)
    # Only the joins to the county's municipalities and to the fields may repeat a round.
    return listed.distinct() if municipality is not None or field is not None else listed


# One compiled query per set of filters given (16 at most), made on its first use.
_LISTINGS = CompiledShapes(
    _listing, now=datetime, municipality=int, kind=str, field=int, opened_by=datetime
)


def _listed_rounds(now, *, municipality=None, kind="", field=None, open_now=False) -> list:
    return _LISTINGS(
        now=now,
        municipality=None if municipality is None else municipality.pk,
        kind=kind or None,
        field=None if field is None else field.pk,
        opened_by=now if open_now else None,
    )


@cache_for_anonymous("grants")
def rounds(request):
    """The one-stop listing: open and coming rounds of every body (read as the values
    that grants_tags.round_items draws, without model instances)."""
    form = RoundFilterForm(request.GET or None)
    now = timezone.now()
    filters = {}
    if form.is_valid():
        filters = form.cleaned_data
    return render(
        request,
        "grants/rounds.html",
        {
            "form": form,
            "rounds": _listed_rounds(
                now,
                municipality=filters.get("municipality"),
                kind=filters.get("kind", ""),
                field=filters.get("field"),
                open_now=filters.get("open_now", False),
            ),
            "now": now,
        },
        status=form_status(form),
    )


@cache_for_anonymous("grants")
def round_detail(request, pk):
    round = get_object_or_404(Round.objects.select_related(*ROUND_RELATED), pk=pk)
    return render(
        request,
        "grants/round.html",
        {
            "round": round,
            "criteria": round.criteria_set.all(),
            "now": timezone.now(),
            "has_grants": round.applications.filter(
                published_at__isnull=False, decision=Application.Decision.GRANTED
            ).exists(),
        },
    )


@cache_for_anonymous("grants")
def calendar(request):
    """Closing dates of open and coming rounds, for a calendar app."""
    events = [
        Event(
            uid=f"grant-round-{round.pk}-closes@kumppanuus",
            start=round.closes_at,
            end=round.closes_at,
            summary=_("%(round)s closes (%(body)s)") % {"round": round.name, "body": round.body},
            url=settings.SITE_URL + round.get_absolute_url(),
        )
        for round in Round.objects.listed().select_related("body")
    ]
    response = HttpResponse(
        calendar_publish(events, _("Grant application periods")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="avustukset.ics"'
    return response


@login_required
def apply(request, pk):
    round = get_object_or_404(Round, pk=pk)
    associations = Association.objects.filter(representations__user=request.user)
    form = ApplyForm(posted(request), associations=associations)
    if not round.is_open():
        messages.error(request, _("The round is not open for applications."))
        return redirect(round)
    if request.method == "POST" and form.is_valid():
        application = services.application_create(
            round=round, association=form.cleaned_data["association"], user=request.user
        )
        return redirect(application)
    return render(
        request,
        "grants/apply.html",
        {"round": round, "form": form, "has_associations": associations.exists()},
        status=form_status(form),
    )


def _get_application(request, pk, perm="grants.view_application"):
    """Another association's representative gets 404, not 403: the queryset hides it."""
    return get_object_for_user(
        request,
        visible_applications(request.user).select_related(
            "round", "association", *(f"round__{r}" for r in ROUND_RELATED)
        ),
        perm,
        pk=pk,
    )


def _priorities_of(application):
    return application.round.welfare_priorities(application.association)


def _served(application):
    """The welfare priorities the application serves, and the bonus they give."""
    links = list(application.priority_links.select_related("priority__municipality"))
    counted = sum(1 for link in links if link.accepted)
    return {"served": links, "bonus": application.round.bonus_for(counted)}


def _application_page(
    request, application, *, form=None, budget=None, attachment_form=None, status=200
):
    user = request.user
    editable = user.has_perm("grants.edit_application", application)
    if editable and form is None:
        form = ApplicationForm(instance=application, priorities=_priorities_of(application))
        budget = BudgetFormSet(instance=application)
    if editable and attachment_form is None:
        attachment_form = AttachmentForm(round=application.round)
    can_set_bonus = user.has_perm("grants.set_bonus", application)
    return render(
        request,
        "grants/application.html",
        {
            "application": application,
            "round": application.round,
            "editable": editable,
            "can_withdraw": user.has_perm("grants.withdraw_application", application),
            "can_set_bonus": can_set_bonus,
            "can_decide": user.has_perm("grants.decide_application", application),
            "overdue_reports": list(
                services.overdue_reports(application.association).select_related("round")
            )
            if user.has_perm("grants.set_bonus", application)
            else [],
            "can_ask_info": user.has_perm("grants.request_info", application)
            and info_can_be_asked(user, application),
            "can_accept_late": user.has_perm("grants.accept_late", application)
            and late_draft(user, application),
            "bonus_form": BonusForm(application=application) if can_set_bonus else None,
            "info_request": application.open_info_request(),
            "reusable": services.reusable_attachments(application) if editable else [],
            **_served(application),
            "can_review": application.round.reviewers.filter(user=user).exists()
            and application.status not in (Application.Status.DRAFT, Application.Status.WITHDRAWN),
            "form": form,
            "budget": budget,
            "attachment_form": attachment_form,
            "attachments": application.attachments.all(),
            "budget_lines": application.budget_lines.all(),
            "totals": application.totals(),
            "missing": application.missing() if editable else [],
            "cancel_url": reverse("dashboard"),
        },
        status=status,
    )


@login_required
def application(request, pk):
    application = _get_application(request, pk)
    if request.method != "POST":
        return _application_page(request, application)
    if not request.user.has_perm("grants.edit_application", application):
        raise PermissionDenied(_("The application can no longer be changed."))
    form = ApplicationForm(
        request.POST, instance=application, priorities=_priorities_of(application)
    )
    budget = BudgetFormSet(request.POST, instance=application)
    if form.is_valid() and budget.is_valid():
        data = {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}
        try:
            services.application_save(
                application=application,
                data=data,
                version=form.cleaned_data["version"],
                budget=budget,
                priorities=form.served(),
            )
        except services.EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else saved this application after you opened it. Your text is "
                    "still below but was not saved: open the application again in another "
                    "tab, compare, and copy what you want to keep."
                ),
            )
            return _application_page(request, application, form=form, budget=budget, status=409)
        messages.success(request, _("The draft has been saved."))
        return redirect(application)
    if not budget.is_valid():
        form.add_error(None, _("Check the budget lines below."))
    return _application_page(request, application, form=form, budget=budget, status=400)


@login_required
@require_POST
def attachment_add(request, pk):
    application = _get_application(request, pk, "grants.edit_application")
    form = AttachmentForm(request.POST, request.FILES, round=application.round)
    if form.is_valid():
        services.attachment_add(
            application=application,
            upload=form.cleaned_data["file"],
            type=form.cleaned_data["type"],
            confidential=form.cleaned_data["confidential"],
            user=request.user,
        )
        messages.success(request, _("The attachment has been added."))
        return redirect(reverse("grants:application", args=[pk]) + "#attachments")
    return _application_page(request, application, attachment_form=form, status=400)


def _attachment(request, pk, attachment_pk, perm):
    application = _get_application(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    if not request.user.has_perm(perm, application):
        raise PermissionDenied
    return application, attachment


@login_required
def attachment_download(request, pk, attachment_pk):
    application = _get_application(request, pk)
    return private_download(
        request,
        ApplicationAttachment.objects.filter(application=application),
        "grants.view_attachment",
        pk=attachment_pk,
    )


@login_required
def attachment_delete(request, pk, attachment_pk):
    application, attachment = _attachment(request, pk, attachment_pk, "grants.edit_application")
    if request.method == "POST":
        services.attachment_delete(attachment=attachment)
        messages.success(request, _("The attachment has been removed."))
        return redirect(reverse("grants:application", args=[pk]) + "#attachments")
    return render(
        request,
        "confirm.html",
        {
            "title": _("Remove attachment"),
            "question": _("Remove the attachment %(name)s from the application?")
            % {"name": attachment.original_name},
            "submit_label": _("Remove"),
            "danger": True,
            "cancel_url": application.get_absolute_url(),
        },
    )


@login_required
def submit(request, pk):
    application = _get_application(request, pk)
    if application.status == Application.Status.SUBMITTED:
        return redirect("grants:receipt", pk)
    if not request.user.has_perm("grants.edit_application", application):
        raise PermissionDenied(_("The application can no longer be sent."))
    errors = []
    if request.method == "POST":
        try:
            services.application_submit(application=application, user=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("grants:receipt", pk)
    return render(
        request,
        "grants/submit.html",
        {
            "application": application,
            "round": application.round,
            "missing": errors or application.missing(),
        },
        status=400 if errors else 200,
    )


@login_required
def receipt(request, pk):
    application = _get_application(request, pk)
    if application.status in Application.EDITABLE or application.reference is None:
        return redirect(application)
    return render(
        request,
        "grants/receipt.html",
        {"application": application, "round": application.round},
    )


@login_required
def withdraw(request, pk):
    application = _get_application(request, pk, "grants.withdraw_application")
    if request.method == "POST":
        services.application_withdraw(application=application)
        messages.success(request, _("The application has been withdrawn."))
        return redirect("dashboard")
    return render(
        request,
        "confirm.html",
        {
            "title": _("Withdraw the application"),
            "question": _(
                "Withdraw the application of %(association)s to %(round)s? It is no longer "
                "handled; you can start a new one while the round is open."
            )
            % {"association": application.association, "round": application.round},
            "submit_label": _("Withdraw"),
            "danger": True,
            "cancel_url": application.get_absolute_url(),
        },
    )


SORTS = {
    "association": "association_name",
    "-association": "-association_name",
    "amount": "amount_requested",
    "-amount": "-amount_requested",
    "submitted": "submitted_at",
    "-submitted": "-submitted_at",
}


PAGE_SIZE = 50
# What a row of the table shows (grants_tags.application_rows): not the applications'
# and associations' long texts.
TABLE_VALUES = [
    "pk",
    "status",
    "purpose",
    "decision",
    "granted_amount",
    "published_at",
    "submitted_at",
    "amount_requested",
    "association__name",
    "association__name_sv",
]


def _filtered_applications(round, status):
    """The table's rows: the round's sent applications, or those of one status."""
    applications = round.applications.all()
    if status in Application.Status.values:
        return applications.filter(status=status)
    return applications.exclude(status=Application.Status.DRAFT)


def _table_rows_query(order, *, of_status: bool) -> CompiledQuery:
    """The rows of a page of the table in one order, of the sent applications or of one
    status. The page is chosen on the sort key alone (an index serves the association's
    name), and only its rows are joined to their association and given their overdue
    flag, counted priorities and scores, as subqueries: for the rows of the page, not
    for every application of the round before the sort."""

    def build(round, today, offset, size, status=None):
        applications = Application.objects.filter(round=round)
        if of_status:
            applications = applications.filter(status=status)
        else:
            applications = applications.exclude(status=Application.Status.DRAFT)
        page = applications.order_by(*order).values("pk")[offset : offset + size]
        of_row = {"application": OuterRef("pk")}
        counted = ApplicationPriority.objects.filter(**of_row, accepted=True).order_by()
        scores = Score.objects.filter(**of_row).order_by().values("application")
        return (
            Application.objects.filter(pk__in=page)
            .order_by(*order)
            .values(
                *TABLE_VALUES,
                overdue_report=services.overdue_report_exists(today),
                priorities_counted=Coalesce(
                    Subquery(counted.values("application").annotate(n=Count("pk")).values("n")),
                    0,
                ),
                weighted_points=Subquery(
                    scores.annotate(sum=Sum(F("points") * F("criterion__weight"))).values("sum")
                ),
                reviewers=Coalesce(
                    Subquery(scores.annotate(n=Count("reviewer", distinct=True)).values("n")), 0
                ),
            )
        )

    types = {"round": int, "today": date, "offset": int, "size": int}
    if of_status:
        types["status"] = str
    return CompiledQuery(build, **types)


# One CompiledQuery per sort and filter (12 at most), made on its first use; the page's
# place and size are its parameters (kumppanuus.compiled binds LIMIT and OFFSET).
_TABLE_ROWS: dict[tuple[str, bool], CompiledQuery] = {}


def _table_rows(round, status: str, sort: str, offset: int) -> list[dict]:
    order = (SORTS.get(sort, "association_name"), "pk")
    key = (order[0], bool(status))
    query = _TABLE_ROWS.get(key)
    if query is None:
        query = _TABLE_ROWS[key] = _table_rows_query(order, of_status=bool(status))
    values = {"round": round.pk, "today": timezone.localdate(), "offset": offset}
    if status:
        values["status"] = status
    rows = query(**values, size=PAGE_SIZE)
    for row in rows:
        row["bonus"] = round.bonus_for(row["priorities_counted"])
        row["combined"] = services.combined_score(
            weighted_points=row["weighted_points"], reviewers=row["reviewers"], bonus=row["bonus"]
        )
    return rows


# The decision fields of an unbound selection form, drawn once per language and process:
# they are the same on every page of every round (crispy draws them with a template per
# field and option, a fifth of the table's time). A form with errors is drawn each time.
_SELECTION_FIELDS: dict[str, str] = {}


def _selection_fields(form) -> str:
    if form is not None:
        return ""
    language = get_language()
    if language not in _SELECTION_FIELDS:
        _SELECTION_FIELDS[language] = render_to_string(
            "grants/_selection_fields.html", {"selection_form": SelectionDecisionForm()}
        )
    return _SELECTION_FIELDS[language]


def _round_table(request, round, *, selection_form=None, status_code=200, status=None):
    """The officer's table. Its count and sum over every page come from grants.totals
    (kept between changes), its rows from one compiled query, and without a posted
    selection no form is made: the decision fields are drawn once per language."""
    if status is None:
        status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    sort = request.GET.get("sort", "association")
    totals = grant_totals.totals(round.pk, status)
    paginator = Paginator(range(totals["count"]), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = _table_rows(round, status, sort, (page.number - 1) * PAGE_SIZE)
    query = {"status": status, "sort": sort if sort in SORTS else "association"}
    selected = set()
    if selection_form is not None and hasattr(selection_form, "cleaned_data"):
        selected = set(selection_form.cleaned_data.get("selected", []))
    return render(
        request,
        "grants/round_applications.html",
        {
            "round": round,
            "applications": rows,
            "page": page,
            "totals": totals,
            "status": status,
            "sort": query["sort"],
            "query": urlencode(query),
            "statuses": Application.Status.choices,
            "over_budget": (totals["asked"] or 0) > round.money_available,
            "selection_form": selection_form,
            "selection_fields": _selection_fields(selection_form),
            "selected": selected,
        },
        status=status_code,
    )


@login_required
def round_applications(request, pk):
    """The officer's table of a round's applications, a page at a time."""
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk, related=("body",))
    return _round_table(request, round)


@login_required
@require_POST
def decide_selection(request, pk):
    """One decision for the checked rows, or for every row that matches the table's filter."""
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk, related=("body",))
    form = SelectionDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["all_matching"]:
            chosen = _filtered_applications(round, data["status"])
        else:
            chosen = round.applications.filter(pk__in=data["selected"])
        try:
            count = services.decisions_record_for_selection(
                round=round,
                applications=chosen,
                decision=data["decision"],
                rule=data["rule"],
                value=form.rule_value,
                conditions=data["conditions"],
                rejection_reason=data["rejection_reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The decision was recorded for %(count)s application. Publish it when ready.",
                    "The decision was recorded for %(count)s applications. Publish them when "
                    "ready.",
                    count,
                )
                % {"count": count},
            )
            query = urlencode({"status": data["status"]}) if data["status"] else ""
            return redirect(
                reverse("grants:round_applications", args=[round.pk])
                + (f"?{query}" if query else "")
            )
    return _round_table(
        request, round, selection_form=form, status_code=400, status=request.POST.get("status", "")
    )


def _bodies_of(user):
    if user.is_superuser:
        return GrantBody.objects.all()
    return GrantBody.objects.filter(officers__user=user)


def _round_form_page(request, round, *, title):
    bodies = _bodies_of(request.user)
    form = RoundForm(posted(request), instance=round, bodies=bodies)
    criteria = CriterionFormSet(posted(request), instance=round, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        with transaction.atomic():
            saved = services.round_save(round=form.save(commit=False))
            form.save_m2m()
            criteria.instance = saved
            criteria.save()
        messages.success(request, _("The round has been saved."))
        return redirect("grants:round_applications", saved.pk)
    if form.is_bound and not criteria.is_valid():
        form.add_error(None, _("Check the scoring criteria below."))
    return render(
        request,
        "grants/round_form.html",
        {
            "form": form,
            "criteria": criteria,
            "title": title,
            "cancel_url": reverse("grants:round_applications", args=[round.pk])
            if round.pk
            else reverse("grants:rounds"),
        },
        status=form_status(form),
    )


@login_required
def round_create(request):
    if not _bodies_of(request.user).exists():
        raise PermissionDenied
    return _round_form_page(request, Round(), title=_("New grant round"))


@login_required
def round_edit(request, pk):
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk)
    return _round_form_page(request, round, title=_("Edit grant round"))


@login_required
def round_copy(request, pk):
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk)
    if request.method == "POST":
        copy = services.round_copy_to_next_year(round=round)
        messages.success(
            request, _("The round was copied to next year. Check the texts and dates.")
        )
        return redirect("grants:round_edit", copy.pk)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Copy the round to next year"),
            "question": _(
                "Make a new round like %(round)s, one year later, with the same texts, "
                "attachments and scoring criteria?"
            )
            % {"round": round},
            "submit_label": _("Copy"),
            "cancel_url": reverse("grants:round_applications", args=[round.pk]),
        },
    )


@login_required
def round_reviewers(request, pk):
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk)
    form = ReviewerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reviewer = services.reviewer_assign(round=round, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("%(person)s reviews the round.") % {"person": reviewer.user}
            )
            return redirect("grants:round_reviewers", round.pk)
    return render(
        request,
        "grants/round_reviewers.html",
        {
            "round": round,
            "form": form,
            "reviewers": round.reviewers.select_related("user"),
            "cancel_url": reverse("grants:round_applications", args=[round.pk]),
        },
        status=form_status(form),
    )


@login_required
def review(request, pk):
    """A reviewer scores an application; others' scores show once their own are in."""
    queryset = Application.objects.select_related("round", "association", "round__body")
    if not request.user.is_superuser:
        queryset = queryset.filter(round__reviewers__user=request.user).exclude(
            status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
        )
    application = get_object_or_404(queryset, pk=pk)
    if not request.user.has_perm("grants.score_application", application):
        if not request.user.has_perm("grants.view_application", application):
            raise PermissionDenied
        return render(
            request,
            "grants/review_refused.html",
            {"application": application},
            status=403,
        )
    criteria = application.round.criteria_set.all()
    own = {s.criterion_id: s for s in application.scores.filter(reviewer=request.user)}
    form = ScoreForm(posted(request), criteria=criteria, scores=own)
    if request.method == "POST" and form.is_valid():
        services.scores_save(application=application, reviewer=request.user, scores=form.scores())
        messages.success(request, _("Your scores have been saved."))
        return redirect("grants:review", application.pk)
    finished = services.has_finished_scoring(application, request.user)
    others = (
        application.scores.exclude(reviewer=request.user).select_related("reviewer", "criterion")
        if finished
        else []
    )
    return render(
        request,
        "grants/review.html",
        {
            "application": application,
            "round": application.round,
            "form": form,
            "finished": finished,
            "others": others,
            "attachments": application.attachments.all(),
            "budget_lines": application.budget_lines.all(),
            "totals": application.totals(),
            "cancel_url": application.get_absolute_url(),
            **_served(application),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def application_bonus(request, pk):
    application = _get_application(request, pk, "grants.set_bonus")
    form = BonusForm(request.POST, application=application)
    if form.is_valid():
        services.bonus_review(
            application=application, counted=form.cleaned_data["counted"], user=request.user
        )
        messages.success(request, _("The welfare priority bonus has been saved."))
    else:
        messages.error(request, _("Choose only priorities that the application names."))
    return redirect(reverse("grants:application", args=[application.pk]) + "#bonus-title")


@login_required
def decide(request, pk):
    application = _get_application(request, pk, "grants.decide_application")
    form = DecisionForm(posted(request), instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                application=application,
                data={name: form.cleaned_data[name] for name in DecisionForm.Meta.fields},
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision has been recorded. Publish it when ready."))
            return redirect("grants:round_applications", application.round_id)
    return render(
        request,
        "grants/decide.html",
        {
            "application": application,
            "round": application.round,
            "form": form,
            "cancel_url": reverse("grants:round_applications", args=[application.round_id]),
        },
        status=form_status(form),
    )


@login_required
def decisions_publish(request, pk):
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk)
    waiting = round.applications.filter(published_at__isnull=True).exclude(decision="").count()
    if request.method == "POST":
        count = services.decisions_publish(round=round)
        messages.success(
            request,
            _("%(count)s decisions were published and the applicants emailed.") % {"count": count},
        )
        return redirect("grants:round_applications", round.pk)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Publish the decisions"),
            "question": _(
                "Publish %(count)s recorded decisions of %(round)s? Each applicant is emailed "
                "and the decisions can no longer be changed."
            )
            % {"count": waiting, "round": round},
            "submit_label": _("Publish"),
            "cancel_url": reverse("grants:round_applications", args=[round.pk]),
        },
    )


@login_required
def proposal_export(request, pk, fmt):
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if exports.row_count(round) <= exports.IMMEDIATE_ROWS:
        return exports.export(round, fmt)
    if request.method != "POST":
        # A large export runs in the background: a GET only offers to start it.
        return render(
            request,
            "confirm.html",
            {
                "title": _("Export the proposed amounts"),
                "question": _(
                    "The round has many applications, so the file is made in the background. "
                    "Its page shows the progress and offers the file when it is ready."
                ),
                "submit_label": _("Make the file"),
                "cancel_url": reverse("grants:round_applications", args=[round.pk]),
            },
        )
    job = services.export_job_create(round=round, fmt=fmt, user=request.user)
    return redirect("grants:export_job", round.pk, job.pk)


def _export_job(request, pk, job_pk):
    round = get_object_for_user(request, Round, "grants.manage_round", pk=pk)
    return round, get_object_or_404(round.export_jobs.select_related("user"), pk=job_pk)


@login_required
def export_job(request, pk, job_pk):
    """The progress of a background export, then its download link."""
    round, job = _export_job(request, pk, job_pk)
    return render(
        request,
        "grants/export_job.html",
        {"round": round, "job": job},
    )


@login_required
def export_download(request, pk, job_pk):
    round, job = _export_job(request, pk, job_pk)
    if job.status != job.Status.FINISHED or not job.file:
        raise Http404
    return file_response(job.file.name, job.file_name)


@login_required
def usage_report(request, pk):
    """The association reports how a grant was used; the officer accepts or asks for more."""
    application = _get_application(request, pk)
    report = getattr(application, "usage_report", None)
    can_send = request.user.has_perm("grants.send_usage_report", application)
    can_review = request.user.has_perm("grants.decide_application", application) and (
        report is not None and report.status == report.Status.SUBMITTED
    )
    initial = (
        {"what_was_done": report.what_was_done, "money_used": report.money_used} if report else {}
    )
    form = UsageReportForm(initial=initial)
    review_form = UsageReportReviewForm()
    if request.method == "POST":
        if "accept" in request.POST:
            if not can_review:
                raise PermissionDenied
            review_form = UsageReportReviewForm(request.POST)
            if review_form.is_valid():
                services.usage_report_review(
                    report=report,
                    accept=review_form.cleaned_data["accept"],
                    comment=review_form.cleaned_data["comment"],
                )
                messages.success(request, _("The usage report has been handled."))
                return redirect("grants:usage_report", application.pk)
        else:
            if not can_send:
                raise PermissionDenied
            form = UsageReportForm(request.POST)
            if form.is_valid():
                services.usage_report_send(application=application, **form.cleaned_data)
                messages.success(request, _("The usage report has been sent."))
                return redirect("grants:usage_report", application.pk)
    return render(
        request,
        "grants/usage_report.html",
        {
            "application": application,
            "round": application.round,
            "report": report,
            "form": form,
            "review_form": review_form,
            "can_send": can_send,
            "can_review": can_review,
        },
        status=form_status(form, review_form),
    )


@login_required
def payments(request, pk):
    """The payments of a grant: the officer records them, the applicant sees them."""
    application = _get_application(request, pk)
    can_record = request.user.has_perm("grants.record_payment", application)
    if application.decision != Application.Decision.GRANTED or not application.published_at:
        raise Http404
    paid = application.payments.select_related("recorded_by")
    form = None
    if can_record:
        form = PaymentForm(
            posted(request),
            initial={
                "paid_on": timezone.localdate(),
                "instalment": services.next_instalment(application),
            },
        )
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.payment_record(
                    application=application, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("amount" if error.code == "over_granted" else None, error)
            else:
                messages.success(request, _("The payment has been recorded."))
                return redirect("grants:payments", application.pk)
    total = sum((payment.amount for payment in paid), start=Decimal("0"))
    return render(
        request,
        "grants/payments.html",
        {
            "application": application,
            "round": application.round,
            "payments": paid,
            "total": total,
            "left": application.granted_amount - total,
            "form": form,
            "cancel_url": application.get_absolute_url(),
        },
        status=form_status(form) if form is not None else 200,
    )


GRANTS_PAGE_SIZE = 100
_GRANTS_ORDER = ("association_name", "pk")
_GRANT_VALUES = (
    "purpose",
    "granted_amount",
    "association_id",
    "association__name",
    "association__name_sv",
    "association__slug",
    "association__is_active",
)


def _granted(round: int):
    """The round's published grants, in the order of the list."""
    return Application.objects.filter(
        round=round, published_at__isnull=False, decision=Application.Decision.GRANTED
    ).order_by(*_GRANTS_ORDER)


def _grants_page(pages):
    """A page of the list's rows: chosen on the sort key alone, then only its rows joined."""
    return (
        Application.objects.filter(pk__in=pages.values("pk"))
        .order_by(*_GRANTS_ORDER)
        .values(*_GRANT_VALUES)
    )


# The round's names, its published grants' count and total, and a page of the
# grants, each compiled once (kumppanuus.compiled). Two short queries for the
# round and the totals plan and run in less time than one that groups them.
_ROUND_NAMES = CompiledQuery(
    lambda pk: (
        Round.objects.filter(pk=pk)
        .order_by()
        .values(
            "name_fi",
            "name_sv",
            "body__name_fi",
            "body__name_sv",
            "body__municipality_id",
            "body__municipality__name_fi",
            "body__municipality__name_sv",
            "body__county__name_fi",
            "body__county__name_sv",
        )
    ),
    pk=int,
)
_GRANT_TOTALS = CompiledQuery(
    lambda round: (
        _granted(round)
        .order_by()
        .values("round")
        .annotate(count=Count("pk"), total=Sum("granted_amount"))
    ),
    round=int,
)
# A page of the grants, its place and size as parameters (kumppanuus.compiled binds them).
_GRANTS_PAGE = CompiledQuery(
    lambda round, offset, size: _grants_page(_granted(round)[offset : offset + size]),
    round=int,
    offset=int,
    size=int,
)


@cache_for_anonymous("grants")
def round_grants(request, pk):
    """The grants given in a round, once published: association, purpose, amount. Nothing else.

    A page at a time (GRANTS_PAGE_SIZE rows), with the round's count and total over all
    pages at the top. The page is chosen on the sort key alone and only its rows are
    joined to their associations, read as values and drawn by one tag
    (grants_tags.grant_rows). The round, its totals and its pages are compiled
    once (kumppanuus.compiled).
    """
    found = _ROUND_NAMES(pk=pk)
    if not found:
        raise Http404
    row = found[0]
    totals = _GRANT_TOTALS(round=pk)
    count, total = (totals[0]["count"], totals[0]["total"]) if totals else (0, None)
    if row["body__municipality_id"] is not None:
        owner = localized(row["body__municipality__name_fi"], row["body__municipality__name_sv"])
    else:
        owner = localized(row["body__county__name_fi"], row["body__county__name_sv"])
    round = SimpleNamespace(
        name=localized(row["name_fi"], row["name_sv"]),
        url=reverse("grants:round", args=[pk]),
        body=localized(row["body__name_fi"], row["body__name_sv"]),
        owner=owner,
    )
    page = Paginator(range(count), GRANTS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    if count:
        offset = (page.number - 1) * GRANTS_PAGE_SIZE
        rows = _GRANTS_PAGE(round=pk, offset=offset, size=GRANTS_PAGE_SIZE)
    return render(
        request,
        "grants/round_grants.html",
        {
            "round": round,
            "grants": rows,
            "page": page,
            "count": count,
            "total": total or Decimal("0"),
        },
    )


@cache_for_anonymous("grants", grant_statistics.TOPIC)
def statistics(request):
    """Totals of published grants as bar charts, each with its numbers in a table (kept
    computed between changes: see grants/statistics.py)."""
    every_year = grant_statistics.stored()
    form = StatisticsFilterForm(request.GET or None, years=every_year["years"])
    year = form.cleaned_data["year"] if form.is_valid() else None
    totals = grant_statistics.charts(grant_statistics.stored(year) if year else every_year)
    return render(
        request,
        "grants/statistics.html",
        {"form": form, "year": year, "totals": totals},
        status=form_status(form),
    )


@cache_for_anonymous("grants")
def year_view(request):
    """Application periods of a year across departments, per municipality, as a timeline."""
    from . import timeline

    form = YearViewForm(request.GET or None)
    year = timezone.localdate().year
    municipality = None
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        municipality = form.cleaned_data["municipality"]
    return render(
        request,
        "grants/year.html",
        {
            "form": form,
            "year": year,
            "months": timeline.month_names(),
            "groups": timeline.year_groups(year, municipality),
            "previous_year": year - 1,
            "next_year": year + 1,
            "municipality": municipality,
        },
        status=form_status(form),
    )


@login_required
def info_request(request, pk):
    """The officer asks for more information; the application reopens for the applicant."""
    application = _get_application(request, pk, "grants.request_info")
    form = InfoRequestForm(posted(request))
    refusal = ""
    if not info_can_be_asked(request.user, application):
        refusal = _("More information can be asked only of a sent application without a decision.")
        if form.is_bound:
            form.is_valid()
            form.add_error(None, refusal)
    elif request.method == "POST" and form.is_valid():
        try:
            services.info_request_create(
                application=application, message=form.cleaned_data["message"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The applicant was asked for more information and emailed."),
            )
            return redirect(application)
    return render(
        request,
        "grants/officer_form.html",
        {
            "application": application,
            "form": form,
            "title": _("Ask for more information"),
            "intro": _(
                "The application of %(association)s opens for editing, even after the "
                "deadline, until they send it again."
            )
            % {"association": application.association},
            "submit_label": _("Send the request"),
            "cancel_url": application.get_absolute_url(),
            "refusal": refusal,
        },
        status=form_status(form),
    )


@login_required
def late_accept(request, pk):
    """The officer lets a draft be sent after the deadline, with a recorded reason."""
    application = _get_application(request, pk, "grants.accept_late")
    form = LateAcceptForm(posted(request))
    refusal = ""
    if not late_draft(request.user, application):
        refusal = _("Only an unsent draft of a closed round can be accepted late.")
        if form.is_bound:
            form.is_valid()
            form.add_error(None, refusal)
    elif request.method == "POST" and form.is_valid():
        try:
            services.late_accept(
                application=application, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The late application was accepted: the association can now send it.")
            )
            return redirect(application)
    return render(
        request,
        "grants/officer_form.html",
        {
            "application": application,
            "form": form,
            "title": _("Accept a late application"),
            "intro": _("%(association)s can complete and send its draft after the deadline.")
            % {"association": application.association},
            "submit_label": _("Accept the late application"),
            "cancel_url": application.get_absolute_url(),
            "refusal": refusal,
        },
        status=form_status(form),
    )


@login_required
def round_message(request, pk):
    """The officer emails every applicant of the round (each representative once)."""
    round = get_object_for_user(
        request, Round.objects.select_related(*ROUND_RELATED), "grants.manage_round", pk=pk
    )
    form = RoundMessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        message = services.round_message_send(
            round=round,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            token=form.cleaned_data["token"],
            user=request.user,
        )
        messages.success(
            request,
            _("The message was sent to %(count)s people.") % {"count": message.recipients},
        )
        return redirect("grants:round_message", round.pk)
    return render(
        request,
        "grants/round_message.html",
        {
            "round": round,
            "form": form,
            "sent": round.messages.select_related("sent_by")[:20],
            "cancel_url": reverse("grants:round_applications", args=[round.pk]),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def attachment_reuse(request, pk):
    """Copy a still-valid document of an earlier application of the same association."""
    application = _get_application(request, pk, "grants.edit_application")
    chosen = request.POST.get("attachment", "")
    if not chosen.isdigit():
        messages.error(request, _("Choose a document to add."))
        return _application_page(request, application, status=400)
    # Another association's document, or one no longer valid, is not found (404).
    source = get_object_or_404(services.reusable_attachments(application), pk=int(chosen))
    services.attachment_reuse(application=application, source=source, user=request.user)
    messages.success(
        request, _("%(name)s was added to the application.") % {"name": source.original_name}
    )
    return redirect(reverse("grants:application", args=[pk]) + "#attachments")
