"""Use-cases of grants that change several things: drafts, submitting, messages."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from associations.models import Association, Representation
from kumppanuus import pagecache
from kumppanuus.accounts.models import User
from kumppanuus.history.services import history_record
from kumppanuus.notifications.services import message_cancel, message_queue, message_replan
from kumppanuus.uploads import stored_copy, stored_name

from .models import (
    Application,
    ApplicationAttachment,
    ApplicationPriority,
    AttachmentType,
    GrantOfficer,
    InfoRequest,
    Reviewer,
    Round,
    RoundMessage,
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
    fields = list(round.fields.all())
    copy = Round.objects.get(pk=round.pk)
    copy.pk = None
    copy.opens_at = next_year(round.opens_at)
    copy.closes_at = next_year(round.closes_at)
    if round.usage_report_due:
        copy.usage_report_due = round.usage_report_due.replace(year=round.usage_report_due.year + 1)
    with transaction.atomic():
        round_save(round=copy)
        copy.fields.set(fields)
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
                **profile_fill(association, user),
            )
    except IntegrityError:
        return Application.objects.exclude(status=Application.Status.WITHDRAWN).get(
            round=round, association=association
        )
    reminders_plan(application)
    return application


# The people who answer for an association, in the order the form lists them.
RESPONSIBLE_ROLES = [
    Representation.Role.CHAIR,
    Representation.Role.VICE_CHAIR,
    Representation.Role.TREASURER,
    Representation.Role.SECRETARY,
]


def profile_fill(association: Association, user: User) -> dict:
    """What a new draft takes from the association's profile and from the person."""
    people = sorted(
        Representation.objects.filter(
            association=association, role__in=RESPONSIBLE_ROLES, user__is_active=True
        ).select_related("user"),
        key=lambda r: (RESPONSIBLE_ROLES.index(r.role), r.user.get_full_name()),
    )
    return {
        "contact_name": user.get_full_name(),
        "contact_email": user.email,
        "contact_phone": getattr(user, "phone", "") or association.phone,
        "bank_account": association.bank_account,
        "responsible_people": "\n".join(
            f"{r.user.get_full_name() or r.user.email} ({r.get_role_display()})" for r in people
        ),
    }


def _ensure_editable(application: Application) -> None:
    if not application.deadline_holds():
        raise PermissionDenied(_("The application period has ended."))


@transaction.atomic
def application_save(
    *, application: Application, data: dict, version: int, budget, priorities=None
) -> None:
    """Save the draft if no one else saved it meanwhile (the version the person saw)."""
    _ensure_editable(application)
    updated = Application.objects.filter(
        pk=application.pk, version=version, status__in=Application.EDITABLE
    ).update(**data, version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise EditConflict
    budget.save()
    if priorities is not None:
        priorities_save(application=application, served=priorities)


def priorities_save(*, application: Application, served: dict) -> None:
    """served: {priority: how}; the links not named are removed."""
    application.priority_links.exclude(priority__in=list(served)).delete()
    for priority, how in served.items():
        ApplicationPriority.objects.update_or_create(
            application=application, priority=priority, defaults={"how": how}
        )


@transaction.atomic
def application_submit(*, application: Application, user: User) -> bool:
    """Submit once: True if this call submitted it, False if it already was.

    The guarded UPDATE lets only one of two simultaneous submits through; the
    deadline is checked on the server at the moment of the request.
    """
    now = timezone.now()
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if locked.status == Application.Status.SUBMITTED:
        return False
    if not locked.deadline_holds(now):
        raise ValidationError(_("The application period has ended."), code="closed")
    if locked.status not in Application.EDITABLE:
        raise ValidationError(_("This application cannot be submitted."), code="status")
    problems = locked.missing()
    if problems:
        raise ValidationError(problems, code="missing")
    answering = locked.status == Application.Status.RETURNED
    updated = Application.objects.filter(pk=locked.pk, status__in=Application.EDITABLE).update(
        status=Application.Status.SUBMITTED,
        submitted_at=now,
        # An answer to a request for more information keeps its reference number.
        reference=locked.reference or f"AV-{timezone.localtime(now).year}-{locked.pk:06d}",
        version=F("version") + 1,
    )
    if not updated:
        return False
    application.refresh_from_db()
    message_cancel(target=application, kind=REMINDER_KIND)
    if answering:
        InfoRequest.objects.filter(application=application, answered_at__isnull=True).update(
            answered_at=now
        )
        history_record(target=application, user=user, action="grants_info_answered")
    elif locked.late_accepted_at:
        history_record(target=application, user=user, action="grants_sent_late")
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
def bonus_review(*, application: Application, counted, user: User) -> None:
    """The officer's check: which of the claimed priorities count in the bonus."""
    counted_ids = {link.pk for link in counted}
    links = list(application.priority_links.select_related("priority"))
    changed = []
    for link in links:
        accepted = link.pk in counted_ids
        if link.accepted != accepted:
            link.accepted = accepted
            link.save(update_fields=["accepted"])
            changed.append(link)
    if changed:
        history_record(
            target=application,
            user=user,
            action="grants_bonus_checked",
            changes={
                str(link.priority): ["–" if link.accepted else "✓", "✓" if link.accepted else "–"]
                for link in changed
            },
        )


@transaction.atomic
def info_request_create(*, application: Application, message: str, user: User) -> InfoRequest:
    """Ask for more information: the application reopens for it, the applicant is emailed once."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.SUBMITTED or locked.published_at:
        raise ValidationError(
            _("More information can be asked only of a sent application without a decision."),
            code="status",
        )
    request = InfoRequest.objects.create(application=locked, message=message, asked_by=user)
    Application.objects.filter(pk=locked.pk).update(
        status=Application.Status.RETURNED, version=F("version") + 1
    )
    history_record(target=locked, user=user, action="grants_info_requested", note=message)
    for email, language in _representatives(locked.association):
        message_queue(
            kind="application_info_request",
            target=request,
            recipient_email=email,
            language=language,
            due_at=request.asked_at,
            context={
                "reference": locked.reference or "",
                "round": application.round.name_fi,
                "round_sv": application.round.name_sv,
                "association": locked.association.name,
                "message": message,
                "url": locked.get_absolute_url(),
            },
        )
    return request


@transaction.atomic
def late_accept(*, application: Application, reason: str, user: User) -> None:
    """An officer lets an unsent draft be completed and sent after the deadline."""
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if locked.status != Application.Status.DRAFT or locked.round.is_open():
        raise ValidationError(
            _("Only an unsent draft of a closed round can be accepted late."), code="status"
        )
    Application.objects.filter(pk=locked.pk).update(
        late_accepted_at=timezone.now(), late_reason=reason, version=F("version") + 1
    )
    history_record(target=locked, user=user, action="grants_late_accepted", note=reason)


@transaction.atomic
def round_message_send(*, round: Round, subject: str, body: str, token, user: User) -> RoundMessage:
    """One email to each representative of every association that sent an application.

    The form's token makes a second click (or a second request at once) send nothing more.
    """
    message, created = RoundMessage.objects.get_or_create(
        token=token, defaults={"round": round, "subject": subject, "body": body, "sent_by": user}
    )
    if not created:
        return message
    applicants = round.applications.exclude(
        status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
    ).values("association")
    recipients = {}
    for person in User.objects.filter(
        is_active=True, representations__association__in=applicants
    ).order_by("pk"):
        recipients.setdefault(person.email.lower(), (person.email, person.language))
    for email, language in recipients.values():
        message_queue(
            kind="round_message",
            target=message,
            recipient_email=email,
            language=language,
            due_at=message.sent_at,
            context={
                "subject": subject,
                "body": body,
                "round": round.name_fi,
                "round_sv": round.name_sv,
                "url": round.get_absolute_url(),
            },
        )
    RoundMessage.objects.filter(pk=message.pk).update(recipients=len(recipients))
    message.recipients = len(recipients)
    history_record(target=round, user=user, action="grants_round_messaged", note=subject)
    return message


# Documents that stay valid from one application to the next: the rules until
# they change, and the annual documents of the last financial year (sent this
# calendar year).
LASTING_TYPES = [AttachmentType.RULES]
ANNUAL_TYPES = [
    AttachmentType.FINANCIAL_STATEMENT,
    AttachmentType.ANNUAL_REPORT,
    AttachmentType.AUDIT_REPORT,
    AttachmentType.ANNUAL_MEETING,
]


def reusable_attachments(application: Application):
    """Still-valid documents from the association's earlier applications, newest first."""
    start = datetime(timezone.localdate().year, 1, 1, tzinfo=timezone.get_current_timezone())
    return (
        ApplicationAttachment.objects.filter(application__association=application.association_id)
        .exclude(application=application)
        .filter(Q(type__in=LASTING_TYPES) | Q(type__in=ANNUAL_TYPES, uploaded_at__gte=start))
        .select_related("application__round")
        .order_by("type", "-uploaded_at", "-pk")
    )


@transaction.atomic
def attachment_reuse(
    *, application: Application, source: ApplicationAttachment, user: User
) -> ApplicationAttachment:
    """Copy an earlier application's document (its stored file too) into this one."""
    _ensure_editable(application)
    if not reusable_attachments(application).filter(pk=source.pk).exists():
        raise PermissionDenied
    copy = ApplicationAttachment(
        application=application,
        type=source.type,
        confidential=source.confidential,
        original_name=source.original_name,
        uploaded_by=user,
    )
    copy.file.name = stored_copy(source.file.name, "applications")
    copy.save()
    history_record(
        target=application, user=user, action="grants_document_reused", note=source.original_name
    )
    return copy


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


def combined_score(*, weighted_points, reviewers: int, bonus: int):
    """Weighted points averaged over the reviewers who scored, plus the welfare bonus.

    The bonus is Round.bonus_for(priorities served): points per priority, at most the cap.
    """
    if not reviewers:
        return None
    return (weighted_points or 0) / reviewers + bonus


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
