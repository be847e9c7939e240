"""Feedback after meetings and surveys between them.

A meeting's feedback survey goes to its participants (those marked present,
or before attendance is marked those who said yes) when the meeting ends: one
message of the kind ``survey_invitation`` per person, planned through the
scheduled messages at the meeting's end. The plan follows the meeting: a
change of time, answers or attendance plans it anew (``survey_plan``, called
from the saves of meetings and invitees), a cancelled meeting calls it off. A
survey between meetings goes to the forum's current members when the
coordinator sends it. The email's signed link lets a person answer without
logging in, once (their answers can be changed until the survey closes).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from kumppanuus import signed_links
from kumppanuus.notifications.kinds import Extras
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import (
    message_cancel,
    message_queue,
    message_replan,
)

from .models import (
    Invitee,
    Meeting,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
    SurveyTemplateQuestion,
)

SURVEY_KIND = "survey_invitation"
SURVEY_PURPOSE = "survey_answer"
SURVEY_LINK_AGE = timedelta(days=400)
RATINGS = (1, 2, 3, 4, 5)
# The results chart (SVG user units): bars start at BAR_LEFT, the longest is BAR_WIDTH.
BAR_LEFT, BAR_WIDTH, BAR_STEP = 28, 300, 30

# The questions of a survey made without a template: (kind, Finnish, Swedish).
DEFAULT_QUESTIONS = [
    (
        QuestionKind.RATING,
        "Kuinka hyödyllinen tapaaminen oli sinulle?",
        "Hur nyttigt var mötet för dig?",
    ),
    (
        QuestionKind.TEXT,
        "Millaista hyötyä näet toiminnassa?",
        "Vilken nytta ser du med verksamheten?",
    ),
    (
        QuestionKind.TEXT,
        "Mitä toivoisit seuraavalta tapaamiselta?",
        "Vad önskar du av nästa möte?",
    ),
]


# Links ---------------------------------------------------------------------


def survey_token(survey: Survey, email: str) -> str:
    return signed_links.sign(SURVEY_PURPOSE, {"survey": survey.pk, "email": email.lower()})


def survey_answer_url(survey: Survey, email: str) -> str:
    return settings.SITE_URL + reverse("forums:survey_answer", args=[survey_token(survey, email)])


# Questions -----------------------------------------------------------------


def templates_for(forum):
    """The templates a forum's coordinator can use: the forum's own and the shared ones."""
    return SurveyTemplate.objects.filter(Q(forum=forum) | Q(forum__isnull=True)).order_by(
        "forum", "name", "pk"
    )


def _copy_questions(survey: Survey, template: SurveyTemplate | None) -> None:
    if template is not None:
        source = [(q.kind, q.text, q.text_sv) for q in template.questions.all()]
    else:
        source = DEFAULT_QUESTIONS
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, order=order, kind=kind, text=text, text_sv=text_sv)
        for order, (kind, text, text_sv) in enumerate(source, start=1)
    )


@transaction.atomic
def questions_save(*, owner, formset) -> None:
    """Save an edited list of questions (of a template or a survey) in the order shown."""
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    kept = [
        form.instance
        for form in formset.ordered_forms
        if form.instance.text and form not in formset.deleted_forms
    ]
    for order, question in enumerate(kept, start=1):
        question.order = order
        setattr(question, formset.fk.name, owner)
        question.save()


def template_create(*, forum, name: str, name_sv: str, shared: bool) -> SurveyTemplate:
    template = SurveyTemplate.objects.create(
        forum=None if shared else forum, name=name, name_sv=name_sv
    )
    SurveyTemplateQuestion.objects.bulk_create(
        SurveyTemplateQuestion(template=template, order=order, kind=kind, text=text, text_sv=sv)
        for order, (kind, text, sv) in enumerate(DEFAULT_QUESTIONS, start=1)
    )
    return template


# Meeting feedback ----------------------------------------------------------


def participants(meeting: Meeting) -> list[tuple[str, str]]:
    """(email, language) of those who took part: marked present, or else those who said yes."""
    invitees = meeting.invitees.exclude(email__endswith="@invalid")
    if meeting.invitees.filter(attended__isnull=False).exists():
        chosen = invitees.filter(attended=True)
    else:
        chosen = invitees.filter(answer=Invitee.Answer.YES, waiting_position__isnull=True)
    return list(chosen.order_by("pk").values_list("email", "language"))


@transaction.atomic
def meeting_survey_create(
    *,
    meeting: Meeting,
    template: SurveyTemplate | None,
    title: str,
    title_sv: str = "",
    days_open: int = 14,
    introduction: str = "",
) -> Survey:
    survey = Survey.objects.create(
        forum=meeting.forum,
        meeting=meeting,
        title=title,
        title_sv=title_sv,
        days_open=days_open,
        introduction=introduction,
    )
    _copy_questions(survey, template)
    survey_plan(survey)
    return survey


def _already_sent(survey: Survey, *, waiting_too: bool = False) -> set[str]:
    """Who has had the survey's email, is being sent it (or, waiting_too, has it queued)."""
    statuses = [Message.Status.SENT, Message.Status.SENDING]
    if waiting_too:
        statuses.append(Message.Status.PENDING)
    return set(
        Message.objects.filter(
            content_type=ContentType.objects.get_for_model(Survey),
            object_id=survey.pk,
            kind=SURVEY_KIND,
            status__in=statuses,
        ).values_list("recipient_email", flat=True)
    )


@transaction.atomic
def survey_plan(survey: Survey) -> None:
    """Plan a meeting's feedback emails anew from the meeting's current time and participants.

    Before the meeting ends: one message per participant at its end (re-planned
    when it moves, or when someone's answer changes). After the end: those who
    became participants later (attendance marked afterwards) get theirs now,
    under the same key, so nobody gets it twice. A cancelled meeting: nothing.
    """
    meeting = survey.meeting
    if meeting is None:
        return
    if meeting.status == Meeting.Status.CANCELLED:
        message_cancel(target=survey, kind=SURVEY_KIND)
        return
    people = participants(meeting)
    context = {"survey_title": survey.title}
    if meeting.ends_at > timezone.now():
        message_replan(
            kind=SURVEY_KIND,
            target=survey,
            due_at=[meeting.ends_at],
            recipients=people,
            context=context,
        )
        return
    # Whatever still waits (planned for an earlier end, or for someone no longer
    # taking part) is called off; the queueing below revives what is still wanted.
    message_replan(kind=SURVEY_KIND, target=survey, due_at=[], recipients=[])
    if not survey.is_open:
        return
    sent = _already_sent(survey)
    for email, language in people:
        if email.lower() in sent:
            continue
        message_queue(
            kind=SURVEY_KIND,
            target=survey,
            recipient_email=email,
            language=language,
            due_at=meeting.ends_at,
            context=context,
        )


def _is_participant(invitee: Invitee, meeting: Meeting) -> bool:
    """The rule of participants() for one person."""
    if invitee.email.endswith("@invalid") or invitee.attended is False:
        return False
    if invitee.attended:
        return True
    return (
        invitee.answer == Invitee.Answer.YES
        and invitee.waiting_position is None
        and not meeting.invitees.filter(attended__isnull=False).exists()
    )


def _plan_for_person(survey: Survey, invitee: Invitee) -> None:
    """After the meeting: send one person their feedback now, or call theirs off.

    Marking the attendance of a large event saves every invitee; planning only
    the changed person keeps that to a few queries each.
    """
    if survey.meeting.status == Meeting.Status.CANCELLED or not survey.is_open:
        message_cancel(target=survey, kind=SURVEY_KIND, recipient_email=invitee.email)
        return
    if not _is_participant(invitee, survey.meeting):
        message_cancel(target=survey, kind=SURVEY_KIND, recipient_email=invitee.email)
        return
    already = Message.objects.filter(
        content_type=ContentType.objects.get_for_model(Survey),
        object_id=survey.pk,
        kind=SURVEY_KIND,
        recipient_email=invitee.email.lower(),
        status__in=[Message.Status.SENT, Message.Status.SENDING],
    ).exclude(due_at=survey.meeting.ends_at)
    if already.exists():
        return
    message_queue(
        kind=SURVEY_KIND,
        target=survey,
        recipient_email=invitee.email,
        language=invitee.language,
        due_at=survey.meeting.ends_at,
        context={"survey_title": survey.title},
    )


def _meeting_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    survey = Survey.objects.filter(meeting_id=instance.pk).first()
    if survey is not None:
        survey_plan(survey)


def _invitee_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    survey = Survey.objects.filter(meeting_id=instance.meeting_id).select_related("meeting").first()
    if survey is None:
        return
    if survey.meeting.ends_at <= timezone.now():
        _plan_for_person(survey, instance)
    else:
        survey_plan(survey)


def register() -> None:
    """The message kind, and following meetings and answers (called from the app's ready())."""
    from django.utils.translation import gettext_lazy

    from kumppanuus.accounts.personal_data import register_collector
    from kumppanuus.notifications.kinds import register_kind

    register_collector(personal_data_of)
    register_kind(
        SURVEY_KIND,
        label=gettext_lazy("Feedback or survey"),
        prepare=survey_extras,
        still_wanted=survey_still_wanted,
        manage_permission="forums.manage_forum",
    )
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="forums_survey_meeting")
    post_save.connect(_invitee_saved, sender=Invitee, dispatch_uid="forums_survey_invitee")


# Surveys between meetings --------------------------------------------------


@transaction.atomic
def forum_survey_create(
    *,
    forum,
    template: SurveyTemplate | None,
    title: str,
    closes_at,
    title_sv: str = "",
    introduction: str = "",
) -> Survey:
    survey = Survey.objects.create(
        forum=forum, title=title, title_sv=title_sv, closes_at=closes_at, introduction=introduction
    )
    _copy_questions(survey, template)
    return survey


@transaction.atomic
def forum_survey_send(*, survey: Survey) -> int:
    """Send the survey to the forum's current members who have not had it; returns how many."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.sent_at is None:
        survey.sent_at = timezone.now()
        survey.save(update_fields=["sent_at"])
    sent = _already_sent(survey, waiting_too=True)
    count = 0
    memberships = survey.forum.memberships.current().select_related("user").order_by("pk")
    seen = set()
    for membership in memberships:
        email = membership.user.email.lower()
        if email in sent or email in seen:
            continue
        seen.add(email)
        message_queue(
            kind=SURVEY_KIND,
            target=survey,
            recipient_email=email,
            language=membership.user.language,
            due_at=survey.sent_at,
            context={"survey_title": survey.title},
        )
        count += 1
    return count


# Messages ------------------------------------------------------------------


def survey_extras(message) -> Extras:
    survey = message.target
    context = {
        "survey": survey,
        "forum": survey.forum,
        "meeting": survey.meeting,
        "closing_time": survey.closing_time,
        "answer_url": survey_answer_url(survey, message.recipient_email),
        "question_count": survey.questions.count(),
    }
    return Extras(context=context)


def survey_still_wanted(message) -> bool:
    survey = message.target
    if survey is None or not survey.is_open:
        return False
    if survey.meeting_id is None:
        return True
    emails = {email.lower() for email, _language in participants(survey.meeting)}
    return message.recipient_email.lower() in emails


# Answers -------------------------------------------------------------------


@transaction.atomic
def response_save(*, survey: Survey, email: str, language: str, answers: dict) -> SurveyResponse:
    """Save (or replace) one person's answers: {question: rating or text}."""
    response, _created = SurveyResponse.objects.get_or_create(
        survey=survey, email=email.lower(), defaults={"language": language}
    )
    for question, value in answers.items():
        empty = value in (None, "")
        if empty:
            SurveyAnswer.objects.filter(response=response, question=question).delete()
            continue
        values = (
            {"rating": int(value), "text": ""}
            if question.kind == QuestionKind.RATING
            else {"rating": None, "text": value}
        )
        SurveyAnswer.objects.update_or_create(response=response, question=question, defaults=values)
    response.language = language
    response.save(update_fields=["language", "updated_at"])
    return response


def answers_of(survey: Survey, email: str) -> dict:
    """{question id: rating or text} of one person's earlier answers."""
    return {
        answer.question_id: answer.rating if answer.rating is not None else answer.text
        for answer in SurveyAnswer.objects.filter(
            response__survey=survey, response__email=email.lower()
        )
    }


@transaction.atomic
def responses_forget(*, days: int = 60) -> int:
    """Drop the email addresses of responses to surveys closed more than `days` ago.

    The address only serves answering once and changing the answers, which end
    when the survey closes; the answers themselves stay for the results.
    """
    cutoff = timezone.now() - timedelta(days=days)
    surveys = Survey.objects.filter(
        Q(meeting__ends_at__lt=cutoff) | Q(meeting__isnull=True, closes_at__lt=cutoff)
    ).select_related("meeting")
    closed = [survey.pk for survey in surveys if survey.closing_time < cutoff]
    count = 0
    responses = SurveyResponse.objects.filter(survey__in=closed).exclude(email__endswith="@invalid")
    for response in responses.only("pk"):
        response.email = f"poistettu-{response.pk}@invalid"
        response.save(update_fields=["email"])
        count += 1
    return count


# Results -------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: SurveyQuestion
    counts: list[tuple[int, int]] = field(default_factory=list)  # (value, how many)
    average: float | None = None
    answer_count: int = 0
    texts: list[str] = field(default_factory=list)

    @property
    def largest(self) -> int:
        return max((count for _value, count in self.counts), default=0)

    def bars(self):
        """Each value's bar for an SVG chart: value, count, share of answers, position, width."""
        largest = self.largest or 1
        total = sum(count for _value, count in self.counts) or 1
        return [
            {
                "value": value,
                "count": count,
                "percent": round(100 * count / total),
                "y": index * BAR_STEP,
                "text_y": index * BAR_STEP + 17,
                "width": round(BAR_WIDTH * count / largest),
                "count_x": BAR_LEFT + round(BAR_WIDTH * count / largest) + 6,
            }
            for index, (value, count) in enumerate(self.counts)
        ]


def survey_results(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """How many answered, and each question's counts per value, average and open answers.

    A fixed number of queries however many questions and answers there are.
    """
    questions = list(survey.questions.all())
    results = {question.pk: QuestionResult(question=question) for question in questions}
    answers = SurveyAnswer.objects.filter(question__survey=survey)
    counts = {}
    for row in (
        answers.filter(rating__isnull=False)
        .values("question", "rating")
        .annotate(count=Count("pk"))
    ):
        counts[(row["question"], row["rating"])] = row["count"]
    for row in (
        answers.filter(rating__isnull=False)
        .values("question")
        .annotate(average=Avg("rating"), count=Count("pk"))
    ):
        result = results[row["question"]]
        result.average = row["average"]
        result.answer_count = row["count"]
    for question_id, text in (
        answers.exclude(text="").order_by("question", "response__submitted_at", "pk")
    ).values_list("question", "text"):
        result = results[question_id]
        result.texts.append(text)
        result.answer_count += 1
    for question in questions:
        if question.is_rating:
            results[question.pk].counts = [
                (value, counts.get((question.pk, value), 0)) for value in RATINGS
            ]
    return survey.responses.count(), [results[question.pk] for question in questions]


def personal_data_of(user) -> dict:
    """A person's survey answers, for their JSON download."""
    answers = SurveyAnswer.objects.filter(response__email__iexact=user.email).select_related(
        "question__survey"
    )
    return {
        "survey_answers": [
            {
                "survey": answer.question.survey.title,
                "question": answer.question.text,
                "rating": answer.rating,
                "text": answer.text,
            }
            for answer in answers.order_by("response__submitted_at", "question__order")
        ]
    }
