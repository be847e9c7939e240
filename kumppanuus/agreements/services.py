"""The life of an agreement: draft, acceptance by every party, in force, end.

    draft ──every party accepts──▶ agreed ──its period starts──▶ active
      ▲ a change of a draft resets          │ terminate          │ its period ends
      └ the acceptances given so far        ▼                    ▼
                                       terminated              ended

Only a draft's content changes; an agreement in force (agreed or active) may
have its end and review dates moved, or be terminated. Every step is written
in the agreement's history and re-plans its reminders.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kumppanuus import pagecache
from kumppanuus.history.services import history_record, history_record_diff, history_snapshot
from kumppanuus.uploads import stored_name

from . import reminders
from .models import Agreement, Attachment, Party, ReviewDate

PAGE_TOPIC = "agreements"
AGREEMENT_FIELDS = ["title", "goals", "starts_on", "ends_on"]
PARTY_FIELDS = ["responsibilities", "money_per_year", "premises", "work"]


class StateError(Exception):
    """The agreement is not in a state that allows the step; the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _snapshot(agreement) -> dict:
    snapshot = history_snapshot(agreement, AGREEMENT_FIELDS)
    snapshot["review_dates"] = ", ".join(
        review.date.strftime("%d.%m.%Y") for review in agreement.reviews.all()
    )
    for party in agreement.parties.all():
        for name, value in history_snapshot(party, PARTY_FIELDS).items():
            snapshot[f"{party}: {party._meta.get_field(name).verbose_name}"] = value
    return snapshot


def _set_reviews(agreement, dates) -> None:
    agreement.reviews.exclude(date__in=dates).delete()
    existing = set(agreement.reviews.values_list("date", flat=True))
    ReviewDate.objects.bulk_create(
        ReviewDate(agreement=agreement, date=day) for day in sorted(set(dates) - existing)
    )


def _changed(agreement):
    pagecache.invalidate(PAGE_TOPIC)
    reminders.plan(agreement)


@transaction.atomic
def agreement_create(
    *, data: dict, parties: list[dict], review_dates, user, municipality=None, county=None
) -> Agreement:
    """A new draft. ``parties``: the public body's part first ({"association": None, …}),
    then each association's."""
    agreement = Agreement.objects.create(
        municipality=municipality, county=county, created_by=user, **data
    )
    for party in parties:
        Party.objects.create(agreement=agreement, **party)
    _set_reviews(agreement, review_dates)
    history_record(target=agreement, user=user, action="agreement_drafted", note=agreement.title)
    _changed(agreement)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, data: dict, parties: dict, review_dates, user):
    """Change a draft. ``parties`` maps each Party to its new values. A change resets the
    acceptances given so far: a party accepted another text."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.is_draft:
        raise StateError(_("Only a draft can be changed. Move its dates or terminate it instead."))
    before = _snapshot(agreement)
    for name, value in data.items():
        setattr(agreement, name, value)
    agreement.save()
    for party, values in parties.items():
        for name, value in values.items():
            setattr(party, name, value)
        party.save()
    _set_reviews(agreement, review_dates)
    change = history_record_diff(
        target=agreement,
        user=user,
        action="agreement_changed",
        before=before,
        after=_snapshot(agreement),
    )
    if change and agreement.parties.filter(accepted_at__isnull=False).exists():
        agreement.parties.update(accepted_at=None, accepted_by=None)
        history_record(target=agreement, user=user, action="agreement_acceptances_reset")
    _changed(agreement)
    return agreement


@transaction.atomic
def agreement_accept(*, party: Party, user) -> Agreement:
    """Accept the agreement for one party; the last acceptance makes it agreed (or active)."""
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    party = agreement.parties.get(pk=party.pk)
    if not agreement.is_draft:
        raise StateError(_("The agreement is no longer a draft waiting for acceptance."))
    if party.accepted_at is not None:
        raise StateError(_("%(party)s has already accepted the agreement.") % {"party": party})
    party.accepted_at = timezone.now()
    party.accepted_by = user
    party.save(update_fields=["accepted_at", "accepted_by"])
    history_record(target=agreement, user=user, action="agreement_accepted", note=str(party))
    if not agreement.parties.filter(accepted_at__isnull=True).exists():
        agreement.status = Agreement.Status.AGREED
        agreement.save(update_fields=["status", "updated_at"])
        history_record(target=agreement, user=user, action="agreement_agreed")
        agreement_refresh_status(agreement)
    _changed(agreement)
    return agreement


def agreement_refresh_status(agreement: Agreement, today=None) -> Agreement:
    """Agreed → active when its period starts; agreed or active → ended when it is over."""
    today = today or timezone.localdate()
    status = agreement.status
    if agreement.is_in_force and agreement.ends_on < today:
        agreement.status = Agreement.Status.ENDED
        action = "agreement_ended"
    elif status == Agreement.Status.AGREED and agreement.starts_on <= today:
        agreement.status = Agreement.Status.ACTIVE
        action = "agreement_activated"
    else:
        return agreement
    agreement.save(update_fields=["status", "updated_at"])
    history_record(target=agreement, user=None, action=action)
    _changed(agreement)
    return agreement


def agreements_refresh_all(today=None) -> int:
    """The daily task: move every agreement whose period started or ended; re-plan the
    reminders of those in force (their parties' people may have changed)."""
    today = today or timezone.localdate()
    moved = 0
    for agreement in Agreement.objects.filter(
        status__in=[Agreement.Status.AGREED, Agreement.Status.ACTIVE]
    ).select_related("municipality"):
        with transaction.atomic():
            status = agreement.status
            agreement_refresh_status(agreement, today)
            if agreement.status == status:
                reminders.plan(agreement)
            else:
                moved += 1
    return moved


@transaction.atomic
def agreement_change_dates(*, agreement: Agreement, ends_on, review_dates, user) -> Agreement:
    """The parties agreed to move the end or the reviews of an agreement in force."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.is_in_force:
        raise StateError(_("Only the dates of an agreed or active agreement can be moved."))
    before = _snapshot(agreement)
    agreement.ends_on = ends_on
    agreement.save(update_fields=["ends_on", "updated_at"])
    _set_reviews(agreement, review_dates)
    history_record_diff(
        target=agreement,
        user=user,
        action="agreement_dates_changed",
        before=before,
        after=_snapshot(agreement),
    )
    _changed(agreement)
    return agreement


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, note: str, user) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.is_in_force:
        raise StateError(_("Only an agreed or active agreement can be terminated."))
    agreement.status = Agreement.Status.TERMINATED
    agreement.termination_note = note
    agreement.save(update_fields=["status", "termination_note", "updated_at"])
    history_record(target=agreement, user=user, action="agreement_terminated", note=note)
    _changed(agreement)
    return agreement


@transaction.atomic
def attachment_add(*, agreement: Agreement, upload, user) -> Attachment:
    attachment = Attachment(
        agreement=agreement, original_name=upload.checked.original_name[:200], uploaded_by=user
    )
    attachment.file.save(stored_name("agreements", upload.checked.extension), upload, save=False)
    attachment.save()
    history_record(
        target=agreement,
        user=user,
        action="agreement_attachment_added",
        note=attachment.original_name,
    )
    pagecache.invalidate(PAGE_TOPIC)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user) -> None:
    history_record(
        target=attachment.agreement,
        user=user,
        action="agreement_attachment_removed",
        note=attachment.original_name,
    )
    attachment.file.delete(save=False)
    attachment.delete()
    pagecache.invalidate(PAGE_TOPIC)
