"""Use-cases of grants that change several things: drafts, submitting, messages."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from associations.models import Association
from kumppanuus import pagecache
from kumppanuus.accounts.models import User
from kumppanuus.notifications.services import message_cancel, message_queue, message_replan
from kumppanuus.uploads import stored_name

from .models import (
    Application,
    ApplicationAttachment,
    GrantOfficer,
    Reviewer,
    Round,
    Score,
    ScoringCriterion,
    UsageReport,
)

OFFICER_ROLE = "grant_officer"
REMINDER_KIND = "draft_deadline_reminder"
REMINDER_DAYS = (7, 1)


class EditConflict(Exception):
    """Someone else saved the application after this person opened it."""


def reminder_moments(round: Round) -> list:
    """7 days and 1 day before the round closes, at the same Helsinki clock time."""
    local = timezone.localtime(round.closes_at)
    return [
        timezone.make_aware(local.replace(tzinfo=None) - timedelta(days=days))
        for days in REMINDER_DAYS
    ]


def _representatives(association: Association) -> list[tuple[str, str]]:
    return [
        (user.email, user.language)
        for user in User.objects.filter(representations__association=association, is_active=True)
    ]


def _officers(round: Round) -> list[User]:
    return list(User.objects.filter(grant_officer_roles__body=round.body, is_active=True))


def reminders_plan(application: Application) -> None:
    if application.status != Application.Status.DRAFT:
        message_cancel(target=application, kind=REMINDER_KIND)
        return
    message_replan(
        kind=REMINDER_KIND,
        target=application,
        due_at=reminder_moments(application.round),
        recipients=_representatives(application.association),
        context={"round": application.round.name_fi, "association": application.association.name},
    )


def round_closed_plan(round: Round) -> None:
    message_replan(
        kind="round_closed",
        target=round,
        due_at=[round.closes_at],
        recipients=[(user.email, user.language) for user in _officers(round)],
        context={"round": round.name_fi},
    )


@transaction.atomic
def round_save(*, round: Round) -> Round:
    """Save a round; reminders and the closing message follow its closing moment."""
    round.full_clean()
    round.save()
    round_closed_plan(round)
    for application in round.applications.filter(status=Application.Status.DRAFT).select_related(
        "round", "association"
    ):
        reminders_plan(application)
    pagecache.invalidate("grants")
    return round


def round_copy_to_next_year(*, round: Round) -> Round:
    """A new round one year later with the same texts, criteria and attachments."""

    def next_year(moment):
        local = timezone.localtime(moment).replace(tzinfo=None)
        # 29 February becomes 28 February.
        day = min(local.day, 28) if local.month == 2 else local.day
        return timezone.make_aware(local.replace(year=local.year + 1, day=day))

    criteria = list(round.criteria_set.all())
    copy = Round.objects.get(pk=round.pk)
    copy.pk = None
    copy.opens_at = next_year(round.opens_at)
    copy.closes_at = next_year(round.closes_at)
    if round.usage_report_due:
        copy.usage_report_due = round.usage_report_due.replace(year=round.usage_report_due.year + 1)
    with transaction.atomic():
        round_save(round=copy)
        for criterion in criteria:
            criterion.pk = None
            criterion.round = copy
            criterion.save()
    return copy


@transaction.atomic
def application_create(*, round: Round, association: Association, user: User) -> Application:
    """A draft for the association, or the one it already has in the round."""
    if not round.is_open():
        raise ValidationError(_("The round is not open for applications."), code="closed")
    existing = (
        Application.objects.filter(round=round, association=association)
        .exclude(status=Application.Status.WITHDRAWN)
        .first()
    )
    if existing:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                round=round,
                association=association,
                created_by=user,
                contact_name=user.get_full_name(),
                contact_email=user.email,
            )
    except IntegrityError:
        return Application.objects.exclude(status=Application.Status.WITHDRAWN).get(
            round=round, association=association
        )
    reminders_plan(application)
    return application


def _ensure_editable(application: Application) -> None:
    if not application.round.is_open():
        raise PermissionDenied(_("The application period has ended."))


@transaction.atomic
def application_save(*, application: Application, data: dict, version: int, budget) -> None:
    """Save the draft if no one else saved it meanwhile (the version the person saw)."""
    _ensure_editable(application)
    updated = Application.objects.filter(
        pk=application.pk, version=version, status__in=Application.EDITABLE
    ).update(**data, version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise EditConflict
    budget.save()


@transaction.atomic
def application_submit(*, application: Application, user: User) -> bool:
    """Submit once: True if this call submitted it, False if it already was.

    The guarded UPDATE lets only one of two simultaneous submits through; the
    deadline is checked on the server at the moment of the request.
    """
    now = timezone.now()
    if not application.round.is_open(now):
        raise ValidationError(_("The application period has ended."), code="closed")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == Application.Status.SUBMITTED:
        return False
    if locked.status not in Application.EDITABLE:
        raise ValidationError(_("This application cannot be submitted."), code="status")
    problems = locked.missing()
    if problems:
        raise ValidationError(problems, code="missing")
    updated = Application.objects.filter(pk=locked.pk, status__in=Application.EDITABLE).update(
        status=Application.Status.SUBMITTED,
        submitted_at=now,
        reference=f"AV-{timezone.localtime(now).year}-{locked.pk:06d}",
        version=F("version") + 1,
    )
    if not updated:
        return False
    application.refresh_from_db()
    message_cancel(target=application, kind=REMINDER_KIND)
    for email, language in _representatives(application.association):
        message_queue(
            kind="application_receipt",
            target=application,
            recipient_email=email,
            language=language,
            due_at=now,
            context={
                "reference": application.reference,
                "round": application.round.name_fi,
                "association": application.association.name,
                "url": application.get_absolute_url(),
            },
        )
    return True


@transaction.atomic
def application_withdraw(*, application: Application) -> None:
    if not application.round.is_open():
        raise ValidationError(_("The application period has ended."), code="closed")
    Application.objects.filter(
        pk=application.pk, status__in=[*Application.EDITABLE, Application.Status.SUBMITTED]
    ).update(status=Application.Status.WITHDRAWN, version=F("version") + 1)
    message_cancel(target=application, kind=REMINDER_KIND)


@transaction.atomic
def attachment_add(
    *, application: Application, upload, type: str, confidential: bool, user: User
) -> ApplicationAttachment:
    _ensure_editable(application)
    attachment = ApplicationAttachment(
        application=application,
        type=type,
        confidential=confidential,
        original_name=upload.checked.original_name,
        uploaded_by=user,
    )
    attachment.file.save(stored_name("applications", upload.checked.extension), upload, save=False)
    attachment.save()
    return attachment


def attachment_delete(*, attachment: ApplicationAttachment) -> None:
    _ensure_editable(attachment.application)
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: default_storage.delete(name))


def officer_invitation_accept(invitation, user) -> str:
    GrantOfficer.objects.get_or_create(body=invitation.target, user=user)
    from django.urls import reverse

    return reverse("grants:rounds")


# What kinds want at send time.


def reminder_still_wanted(message) -> bool:
    application = message.target
    return (
        application is not None
        and application.status == Application.Status.DRAFT
        and application.round.is_open()
    )


def round_closed_extras(message):
    from django.db.models import Count, Sum

    from kumppanuus.notifications.kinds import Extras

    round = message.target
    totals = round.applications.filter(status=Application.Status.SUBMITTED).aggregate(
        count=Count("pk"), asked=Sum("amount_requested")
    )
    from django.urls import reverse

    return Extras(
        context={
            "count": totals["count"],
            "asked": totals["asked"] or 0,
            "url": reverse("grants:round_applications", args=[round.pk]),
        }
    )


def reviewer_assign(*, round: Round, email: str) -> Reviewer:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            _("No one with this email address uses the portal. Invite them first."),
            code="unknown",
        )
    return Reviewer.objects.get_or_create(round=round, user=user)[0]


@transaction.atomic
def scores_save(*, application: Application, reviewer: User, scores: dict) -> None:
    """scores: {criterion: (points, comment)}; the view has checked the permission."""
    for criterion, (points, comment) in scores.items():
        Score.objects.update_or_create(
            application=application,
            reviewer=reviewer,
            criterion=criterion,
            defaults={"points": points, "comment": comment},
        )


def has_finished_scoring(application: Application, user: User) -> bool:
    criteria = ScoringCriterion.objects.filter(round=application.round_id).count()
    done = application.scores.filter(reviewer=user).count()
    return criteria > 0 and done >= criteria


def combined_score(*, weighted_points, reviewers: int, bonus: int, cap: int):
    """Weighted points averaged over the reviewers who scored, plus the capped welfare bonus."""
    if not reviewers:
        return None
    return (weighted_points or 0) / reviewers + min(bonus, cap)


@transaction.atomic
def decision_record(*, application: Application, data: dict) -> None:
    if application.published_at:
        raise ValidationError(_("The decision has already been published."), code="published")
    data = dict(data)
    if data.get("decision") != Application.Decision.GRANTED:
        data["granted_amount"] = None
        data["conditions"] = data.get("conditions", "") if data.get("decision") else ""
    if data.get("decision") != Application.Decision.REJECTED:
        data["rejection_reason"] = ""
    Application.objects.filter(pk=application.pk).update(
        **data, decided_at=timezone.now() if data.get("decision") else None
    )


@transaction.atomic
def decisions_publish(*, round: Round) -> int:
    """Publish the recorded decisions not yet published; each applicant is emailed once."""
    now = timezone.now()
    ready = list(
        round.applications.select_for_update()
        .filter(published_at__isnull=True)
        .exclude(decision="")
        .select_related("association")
    )
    Application.objects.filter(pk__in=[a.pk for a in ready]).update(
        published_at=now, status=Application.Status.DECIDED
    )
    for application in ready:
        for email, language in _representatives(application.association):
            message_queue(
                kind="grant_decision",
                target=application,
                recipient_email=email,
                language=language,
                due_at=now,
                context={
                    "reference": application.reference or "",
                    "round": round.name_fi,
                    "association": application.association.name,
                    "url": application.get_absolute_url(),
                },
            )
    pagecache.invalidate("grants")
    return len(ready)


@transaction.atomic
def usage_report_send(*, application: Application, what_was_done: str, money_used) -> UsageReport:
    report, _created = UsageReport.objects.update_or_create(
        application=application,
        defaults={
            "what_was_done": what_was_done,
            "money_used": money_used,
            "status": UsageReport.Status.SUBMITTED,
        },
    )
    return report


@transaction.atomic
def usage_report_review(*, report: UsageReport, accept: bool, comment: str) -> None:
    report.status = UsageReport.Status.ACCEPTED if accept else UsageReport.Status.MORE_ASKED
    report.officer_comment = comment
    report.save(update_fields=["status", "officer_comment"])
