"""Use-cases of grants that change several things: drafts, submitting, messages."""

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from associations.models import Association, Representation
from kumppanuus import pagecache
from kumppanuus.accounts.models import User
from kumppanuus.history.models import Change
from kumppanuus.history.services import history_record, history_snapshot
from kumppanuus.notifications.services import message_cancel, message_queue, message_replan
from kumppanuus.uploads import stored_copy, stored_name

from . import statistics
from .models import (
    Application,
    ApplicationAttachment,
    ApplicationPriority,
    AttachmentType,
    GrantOfficer,
    InfoRequest,
    Payment,
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
    old_due = (
        Round.objects.filter(pk=round.pk).values_list("usage_report_due", flat=True).first()
        if round.pk
        else None
    )
    round.save()
    round_closed_plan(round)
    for application in round.applications.filter(status=Application.Status.DRAFT).select_related(
        "round", "association"
    ):
        reminders_plan(application)
    if round.usage_report_due != old_due:
        usage_reminders_replan_round(round)
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
def decision_record(*, application: Application, data: dict, user: User | None = None) -> None:
    if application.published_at:
        raise ValidationError(_("The decision has already been published."), code="published")
    data = dict(data)
    if data.get("decision") != Application.Decision.GRANTED:
        data["granted_amount"] = None
        data["conditions"] = data.get("conditions", "") if data.get("decision") else ""
    if data.get("decision") != Application.Decision.REJECTED:
        data["rejection_reason"] = ""
    fields = ["decision", "granted_amount", "conditions", "rejection_reason"]
    # From the database: a model form has already put the new values on the instance.
    before = history_snapshot(Application.objects.get(pk=application.pk), fields)
    Application.objects.filter(pk=application.pk).update(
        **data, decided_at=timezone.now() if data.get("decision") else None
    )
    for name in fields:
        setattr(application, name, data.get(name, getattr(application, name)))
    changes = {
        key: [before[key], value]
        for key, value in history_snapshot(application, fields).items()
        if before[key] != value
    }
    if changes:
        history_record(target=application, user=user, action="decision_recorded", changes=changes)


@transaction.atomic
def decisions_publish(*, round: Round) -> int:
    """Publish the recorded decisions not yet published; each applicant is emailed once."""
    now = timezone.now()
    ready = list(
        round.applications.select_for_update()
        .filter(published_at__isnull=True)
        .exclude(decision="")
        .select_related("association", "round")
    )
    Application.objects.filter(pk__in=[a.pk for a in ready]).update(
        published_at=now, status=Application.Status.DECIDED
    )
    for application in ready:
        application.published_at = now
        if application.decision == Application.Decision.GRANTED:
            usage_reminders_plan(application)
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
    if ready:
        statistics.changed(recompute=True)
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
    message_cancel(target=application, kind=USAGE_REMINDER_KIND)
    return report


@transaction.atomic
def usage_report_review(*, report: UsageReport, accept: bool, comment: str) -> None:
    report.status = UsageReport.Status.ACCEPTED if accept else UsageReport.Status.MORE_ASKED
    report.officer_comment = comment
    report.save(update_fields=["status", "officer_comment"])
    if accept:
        return
    # The report opens again: the association is told, and reminded if it is late.
    application = report.application
    for email, language in _representatives(application.association):
        message_queue(
            kind="usage_report_more_asked",
            target=report,
            recipient_email=email,
            language=language,
            due_at=timezone.now(),
            context={
                "round": application.round.name_fi,
                "association": application.association.name,
                "url": reverse("grants:usage_report", args=[application.pk]),
            },
        )
    usage_reminders_plan(application)


# Payments (maksatus).


def _euros(value) -> str:
    from .templatetags.grants_tags import euros

    return euros(value)


def next_instalment(application: Application) -> int:
    return (application.payments.aggregate(last=Max("instalment"))["last"] or 0) + 1


@transaction.atomic
def payment_record(*, application: Application, paid_on, amount, instalment: int, user: User):
    """Record one payment; the payments together never exceed the amount granted."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not (locked.published_at and locked.decision == Application.Decision.GRANTED):
        raise ValidationError(
            _("Payments are recorded only for published grants."), code="not_granted"
        )
    paid = locked.payments.aggregate(total=Sum("amount"))["total"] or 0
    left = locked.granted_amount - paid
    if amount > left:
        raise ValidationError(
            _(
                "The payments would exceed the amount granted (%(granted)s): %(paid)s has "
                "been paid, so at most %(left)s can still be paid."
            )
            % {
                "granted": _euros(locked.granted_amount),
                "paid": _euros(paid),
                "left": _euros(left),
            },
            code="over_granted",
        )
    if locked.payments.filter(instalment=instalment).exists():
        raise ValidationError(
            _("Instalment %(number)s has already been recorded.") % {"number": instalment},
            code="instalment_taken",
        )
    payment = Payment.objects.create(
        application=locked, paid_on=paid_on, amount=amount, instalment=instalment, recorded_by=user
    )
    history_record(
        target=locked,
        user=user,
        action="payment_recorded",
        note=f"{instalment}: {_euros(amount)} ({paid_on:%d.%m.%Y})",
    )
    return payment


# Decisions for a selection of applications.


class AmountRule:
    REQUESTED = "requested"
    PROPOSED = "proposed"
    FIXED = "fixed"
    PERCENT = "percent"


def _rule_amount(application: Application, rule: str, value):
    if rule == AmountRule.REQUESTED:
        return application.amount_requested
    if rule == AmountRule.PROPOSED:
        return application.proposed_amount
    if rule == AmountRule.FIXED:
        return value
    if application.amount_requested is None:
        return None
    return (application.amount_requested * value / Decimal(100)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@transaction.atomic
def decisions_record_for_selection(
    *,
    round: Round,
    applications,
    decision: str,
    rule: str = "",
    value=None,
    conditions: str = "",
    rejection_reason: str = "",
    user: User,
) -> int:
    """One decision for every application of a selection, all or nothing; each keeps history.

    Published decisions and unsent applications are not in the selection. Returns
    how many were recorded; raises ValidationError (nothing saved) if a grant's
    amount cannot be worked out for one of them.
    """
    chosen = list(
        applications.filter(round=round, published_at__isnull=True)
        .exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
        .select_for_update()
        .order_by("pk")
    )
    if not chosen:
        raise ValidationError(
            _("No applications were selected that can still be decided."), code="empty"
        )
    fields = ["decision", "granted_amount", "conditions", "rejection_reason"]
    now = timezone.now()
    changes = []
    missing = 0
    for application in chosen:
        before = history_snapshot(application, fields)
        application.decision = decision
        if decision == Application.Decision.GRANTED:
            amount = _rule_amount(application, rule, value)
            if amount is None:
                missing += 1
                continue
            application.granted_amount = amount
            application.conditions = conditions
            application.rejection_reason = ""
        else:
            application.granted_amount = None
            application.conditions = ""
            application.rejection_reason = rejection_reason
        application.decided_at = now
        after = history_snapshot(application, fields)
        changes.append((application, before, after))
    if missing:
        raise ValidationError(
            ngettext(
                "%(count)s selected application has no amount for this rule; nothing was recorded.",
                "%(count)s selected applications have no amount for this rule; nothing was "
                "recorded.",
                missing,
            )
            % {"count": missing},
            code="no_amount",
        )
    Application.objects.bulk_update(chosen, [*fields, "decided_at"], batch_size=500)
    content_type = ContentType.objects.get_for_model(Application)
    note = _("decided for a selection of %(count)s") % {"count": len(chosen)}
    Change.objects.bulk_create(
        [
            Change(
                content_type=content_type,
                object_id=application.pk,
                user=user,
                action="decision_recorded",
                changes={
                    key: [before[key], value]
                    for key, value in after.items()
                    if before[key] != value
                },
                note=note,
            )
            for application, before, after in changes
        ],
        batch_size=500,
    )
    return len(chosen)


# Usage reports: reminders, asking for more, the overdue flag.

USAGE_REMINDER_KIND = "usage_report_reminder"
USAGE_REMINDER_DAYS = (-14, 1)  # 14 days before the due date and 1 day after
USAGE_REMINDER_HOUR = 9


def usage_reminder_moments(due) -> list:
    """09:00 Finnish time, 14 days before the due date and 1 day after it."""
    return [
        timezone.make_aware(datetime.combine(due + timedelta(days=days), time(USAGE_REMINDER_HOUR)))
        for days in USAGE_REMINDER_DAYS
    ]


def usage_report_wanted(application: Application) -> bool:
    report = getattr(application, "usage_report", None)
    return (
        bool(application.published_at)
        and application.decision == Application.Decision.GRANTED
        and (report is None or report.status == UsageReport.Status.MORE_ASKED)
    )


def usage_reminders_plan(application: Application) -> None:
    """Plan (or re-plan, or call off) the usage report reminders of one grant."""
    due = application.round.usage_report_due
    if not due or not usage_report_wanted(application):
        message_cancel(target=application, kind=USAGE_REMINDER_KIND)
        return
    message_replan(
        kind=USAGE_REMINDER_KIND,
        target=application,
        due_at=usage_reminder_moments(due),
        recipients=_representatives(application.association),
        context={
            "round": application.round.name_fi,
            "association": application.association.name,
            "due": due.isoformat(),
            "url": reverse("grants:usage_report", args=[application.pk]),
        },
    )


def usage_reminders_replan_round(round: Round) -> None:
    for application in round.applications.filter(
        decision=Application.Decision.GRANTED, published_at__isnull=False
    ).select_related("round", "association", "usage_report"):
        usage_reminders_plan(application)


def usage_reminder_still_wanted(message) -> bool:
    application = message.target
    if application is None:
        return False
    application = Application.objects.select_related("round").get(pk=application.pk)
    return usage_report_wanted(application) and bool(application.round.usage_report_due)


def overdue_report_exists(today=None):
    """An Exists() for annotating applications whose association has an overdue usage report
    (today: the day it is, a parameter of a CompiledQuery)."""
    return Exists(overdue_reports(OuterRef("association"), today=today))


def overdue_reports(association, *, today=None):
    """The association's grants whose usage report is overdue (missing, or more was asked)."""
    return Application.objects.filter(
        association=association,
        decision=Application.Decision.GRANTED,
        published_at__isnull=False,
        round__usage_report_due__lt=today or timezone.localdate(),
    ).filter(Q(usage_report__isnull=True) | Q(usage_report__status=UsageReport.Status.MORE_ASKED))


# Background exports of large rounds.


@transaction.atomic
def export_job_create(*, round: Round, fmt: str, user: User):
    from .models import ExportJob
    from .tasks import run_export

    job = ExportJob.objects.create(round=round, format=fmt, user=user)
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def export_job_run(*, job_id: int) -> None:
    from django.utils import translation

    from kumppanuus.jobs import job_run

    from . import exports
    from .models import ExportJob

    def work(job, progress):
        with translation.override(job.user.language or "fi"):
            return exports.build(job.round, job.format, progress)

    job_run(ExportJob, job_id, work, purpose="exports")
