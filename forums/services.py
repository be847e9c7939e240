"""Use-cases of forums and meetings that change several things or send messages."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from kumppanuus import pagecache, signed_links
from kumppanuus.accounts.models import User
from kumppanuus.notifications.calendar import (
    Event,
    Person,
    calendar_cancel,
    calendar_publish,
    calendar_request,
)
from kumppanuus.notifications.kinds import Extras
from kumppanuus.notifications.services import message_cancel, message_queue, message_replan
from kumppanuus.uploads import stored_name

from .models import Coordinator, Forum, Invitee, Meeting, MeetingDocument, Membership

COORDINATOR_ROLE = "forum_coordinator"
MEMBER_ROLE = "forum_member"
ANSWER_PURPOSE = "meeting_answer"
ANSWER_LINK_AGE = timedelta(days=365)
PAGE_TOPIC = "forums"

# What a change must touch for the invitees' calendars to need an update.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "address", "online_url", "title")


# Roles by invitation -------------------------------------------------------


def coordinator_invitation_accept(invitation, user: User) -> str:
    forum = Forum.objects.get(pk=invitation.object_id)
    Coordinator.objects.get_or_create(forum=forum, user=user)
    return reverse("forums:detail", args=[forum.pk])


def member_invitation_accept(invitation, user: User) -> str:
    forum = Forum.objects.get(pk=invitation.object_id)
    role = invitation.title if invitation.title in Membership.Role.values else "member"
    if not forum.memberships.current().filter(user=user).exists():
        Membership.objects.create(forum=forum, user=user, role=role)
    return reverse("forums:detail", args=[forum.pk])


def member_role_label(title: str):
    return Membership.Role(title).label if title in Membership.Role.values else None


# Calendar ------------------------------------------------------------------


def meeting_location(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.place, meeting.address) if part)


def organizer_of(meeting: Meeting) -> Person:
    coordinator = meeting.forum.coordinators.select_related("user").order_by("pk").first()
    if coordinator is None:
        return Person(settings.DEFAULT_FROM_EMAIL, meeting.forum.name)
    return Person(coordinator.user.email, str(coordinator.user))


def meeting_event(meeting: Meeting, *, organizer: Person | None = None) -> Event:
    url = settings.SITE_URL + meeting.get_absolute_url()
    description = url
    if meeting.online_url:
        description += "\n" + meeting.online_url
    return Event(
        uid=meeting.uid,
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=meeting.title,
        description=description,
        location=meeting_location(meeting) or meeting.online_url,
        url=url,
        organizer=organizer,
        status="CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED",
        last_modified=meeting.updated_at,
    )


def meetings_feed(meetings, name: str) -> str:
    return calendar_publish([meeting_event(meeting) for meeting in meetings], name)


# Messages ------------------------------------------------------------------


def answer_token(invitee: Invitee) -> str:
    return signed_links.sign(ANSWER_PURPOSE, {"meeting": invitee.meeting_id, "invitee": invitee.pk})


def answer_url(invitee: Invitee) -> str:
    return settings.SITE_URL + reverse("forums:answer", args=[answer_token(invitee)])


def _invitee_of(message) -> Invitee | None:
    return (
        Invitee.objects.filter(meeting_id=message.object_id, email__iexact=message.recipient_email)
        .select_related("meeting__forum")
        .first()
    )


def _extras(message, method: str) -> Extras:
    meeting = message.target
    invitee = _invitee_of(message)
    organizer = organizer_of(meeting)
    event = meeting_event(meeting, organizer=organizer)
    attendee = Person(message.recipient_email, invitee.name if invitee else "")
    ics = (
        calendar_cancel(event, attendee)
        if method == "CANCEL"
        else calendar_request(event, attendee)
    )
    context = {
        "meeting": meeting,
        "forum": meeting.forum,
        "location": meeting_location(meeting),
        "agenda": list(meeting.agenda_items.all()),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
        "time_zone": settings.TIME_ZONE,
    }
    if invitee is not None:
        context["answer_url"] = answer_url(invitee)
    return Extras(context=context, calendar=(method, ics), reply_to=[organizer.email])


def invitation_extras(message) -> Extras:
    return _extras(message, "REQUEST")


def cancellation_extras(message) -> Extras:
    return _extras(message, "CANCEL")


def reminder_extras(message) -> Extras:
    extras = _extras(message, "REQUEST")
    return Extras(context=extras.context, reply_to=extras.reply_to)


# The reminder goes to those who accepted or have not answered (not to "no" or "maybe").
REMINDED = (Invitee.Answer.YES, Invitee.Answer.NONE)


def reminder_still_wanted(message) -> bool:
    meeting = message.target
    if meeting is None or meeting.status == Meeting.Status.CANCELLED:
        return False
    invitee = _invitee_of(message)
    return invitee is not None and invitee.answer in REMINDED and invitee.waiting_position is None


def update_still_wanted(message) -> bool:
    meeting = message.target
    return meeting is not None and meeting.status != Meeting.Status.CANCELLED


def _queue(kind: str, meeting: Meeting, invitees, now=None) -> None:
    now = now or timezone.now()
    for invitee in invitees:
        message_queue(
            kind=kind,
            target=meeting,
            recipient_email=invitee.email,
            language=invitee.language,
            due_at=now,
            context={"meeting_title": meeting.title},
        )


def reminders_replan(meeting: Meeting) -> None:
    """Plan the reminder anew for everyone who accepted or has not answered (and is not
    waiting)."""
    recipients = []
    if meeting.status == Meeting.Status.INVITED and meeting.reminder_at is not None:
        recipients = [
            (invitee.email, invitee.language)
            for invitee in meeting.invitees.filter(
                answer__in=REMINDED, waiting_position__isnull=True, invited_at__isnull=False
            )
        ]
    moments = [meeting.reminder_at] if recipients else []
    message_replan(
        kind="meeting_reminder",
        target=meeting,
        due_at=moments,
        recipients=recipients,
        context={"meeting_title": meeting.title},
    )


# Forums --------------------------------------------------------------------


@transaction.atomic
def forum_save(*, forum: Forum, by: User, creating: bool, save_related=None) -> Forum:
    """Save a forum and, with save_related, its many-to-many fields; the creator coordinates."""
    forum.full_clean()
    forum.save()
    if save_related is not None:
        save_related()
    if creating and not by.is_superuser:
        Coordinator.objects.get_or_create(forum=forum, user=by)
    pagecache.invalidate(PAGE_TOPIC)
    return forum


@transaction.atomic
def member_add(
    *,
    forum: Forum,
    user: User,
    role: str,
    organisation: str = "",
    substitute_for: Membership | None = None,
    term_start=None,
    term_end=None,
) -> Membership:
    """Give a person a seat; someone who already has a current one keeps it as it is."""
    if substitute_for is not None and substitute_for.forum_id != forum.pk:
        raise ValueError("A substitute stands in for a member of the same forum.")
    membership = forum.memberships.current().filter(user=user).first()
    if membership is None:
        membership = Membership(
            forum=forum,
            user=user,
            role=role,
            organisation=organisation,
            substitute_for=substitute_for,
            term_start=term_start or timezone.localdate(),
            term_end=term_end,
        )
        membership.full_clean()
        membership.save()
    pagecache.invalidate(PAGE_TOPIC)
    return membership


@transaction.atomic
def coordinator_add(*, forum: Forum, user: User) -> Coordinator:
    coordinator, _ = Coordinator.objects.get_or_create(forum=forum, user=user)
    return coordinator


@transaction.atomic
def member_end(*, membership: Membership) -> None:
    membership.term_end = max(timezone.localdate(), membership.term_start)
    membership.save(update_fields=["term_end"])
    pagecache.invalidate(PAGE_TOPIC)


# Meetings ------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, item) -> None:
    item.meeting = meeting
    item.order = (meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1
    item.full_clean()
    item.save()
    pagecache.invalidate(PAGE_TOPIC)


@transaction.atomic
def agenda_item_remove(*, item) -> None:
    item.delete()
    pagecache.invalidate(PAGE_TOPIC)


@transaction.atomic
def document_add(*, meeting: Meeting, upload, title: str, is_public: bool, by: User):
    """Store a checked upload under a random name; the person's file name stays in the row."""
    document = MeetingDocument(
        meeting=meeting,
        title=title,
        is_public=is_public,
        original_name=upload.checked.original_name[:200],
        uploaded_by=by,
    )
    document.file.save(stored_name("meetings", upload.checked.extension), upload, save=False)
    document.save()
    pagecache.invalidate(PAGE_TOPIC)
    return document


@transaction.atomic
def minutes_save(
    *,
    meeting: Meeting,
    minutes: str,
    visibility: str,
    kind: str = Meeting.MinutesKind.FORMAL,
    decisions: dict | None = None,
) -> None:
    """Save the minutes (pöytäkirja or muistio) and the decision on each agenda item."""
    meeting.minutes = minutes
    meeting.minutes_visibility = visibility
    meeting.minutes_kind = kind
    meeting.save(update_fields=["minutes", "minutes_visibility", "minutes_kind", "updated_at"])
    for item, decision in (decisions or {}).items():
        if item.meeting_id != meeting.pk:
            raise ValueError("The agenda item belongs to another meeting.")
        if item.decision != decision:
            item.decision = decision
            item.save(update_fields=["decision"])
    pagecache.invalidate(PAGE_TOPIC)


@transaction.atomic
def meeting_save(*, meeting: Meeting, changed: list[str]) -> Meeting:
    """Save a meeting; once invited, a change of time or place updates every calendar."""
    meeting.full_clean()
    calendar_changed = (
        meeting.pk
        and meeting.status == Meeting.Status.INVITED
        and any(name in CALENDAR_FIELDS for name in changed)
    )
    if calendar_changed:
        meeting.sequence += 1
    meeting.save()
    if calendar_changed:
        _queue(
            "meeting_update",
            meeting,
            meeting.invitees.filter(invited_at__isnull=False).exclude(answer=Invitee.Answer.NO),
        )
    if meeting.status == Meeting.Status.INVITED:
        reminders_replan(meeting)
    pagecache.invalidate(PAGE_TOPIC)
    return meeting


def _invitee_for_user(meeting: Meeting, user: User, organisation: str = "") -> Invitee:
    invitee, _ = Invitee.objects.get_or_create(
        meeting=meeting,
        email=user.email.lower(),
        defaults={
            "user": user,
            "name": str(user),
            "language": user.language,
            "organisation": organisation,
        },
    )
    return invitee


@transaction.atomic
def invitees_add_representatives(
    *, meeting: Meeting, municipality=None, field=None, target_group=None
) -> int:
    """Put the representatives of the matching associations on the invitation list.

    Open events invite by filter: every association of Liperi, of a field of
    activity or of a target group. Returns how many people were added; the
    invitations go out with the next "send the invitations".
    """
    from associations.models import Association, Representation

    associations = Association.objects.public()
    if municipality is not None:
        associations = associations.filter(municipalities=municipality)
    if field is not None:
        associations = associations.filter(fields=field)
    if target_group is not None:
        associations = associations.filter(target_groups=target_group)
    representations = Representation.objects.filter(
        association__in=associations.values("pk")
    ).select_related("user", "association")
    known = set(meeting.invitees.values_list("email", flat=True))
    added = 0
    for representation in representations:
        email = representation.user.email.lower()
        if email in known:
            continue
        _invitee_for_user(meeting, representation.user, representation.association.name)
        known.add(email)
        added += 1
    return added


@transaction.atomic
def invitations_send(*, meeting: Meeting) -> int:
    """Invite the forum's current members (and whoever was added) who have not had an invitation."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for membership in meeting.forum.memberships.current().select_related("user"):
        _invitee_for_user(meeting, membership.user, membership.organisation)
    now = timezone.now()
    pending = list(meeting.invitees.filter(invited_at__isnull=True, is_guest=False))
    _queue("meeting_invitation", meeting, pending, now)
    Invitee.objects.filter(pk__in=[invitee.pk for invitee in pending]).update(invited_at=now)
    if meeting.status == Meeting.Status.DRAFT:
        meeting.status = Meeting.Status.INVITED
        meeting.save(update_fields=["status", "updated_at"])
    reminders_replan(meeting)
    pagecache.invalidate(PAGE_TOPIC)
    return len(pending)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        return
    was_invited = meeting.status == Meeting.Status.INVITED
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    message_cancel(target=meeting, kind="meeting_reminder")
    if was_invited:
        _queue(
            "meeting_cancelled",
            meeting,
            meeting.invitees.filter(invited_at__isnull=False).exclude(answer=Invitee.Answer.NO),
        )
    pagecache.invalidate(PAGE_TOPIC)


def _confirmed_count(meeting: Meeting) -> int:
    return meeting.invitees.filter(answer=Invitee.Answer.YES, waiting_position__isnull=True).count()


def _promote(meeting: Meeting) -> None:
    """Give freed places to the first on the waiting list, and tell them."""
    if meeting.capacity is None:
        waiting = list(meeting.invitees.filter(waiting_position__isnull=False))
    else:
        free = meeting.capacity - _confirmed_count(meeting)
        waiting = list(
            meeting.invitees.filter(waiting_position__isnull=False).order_by("waiting_position")[
                : max(free, 0)
            ]
        )
    for invitee in waiting:
        invitee.waiting_position = None
        invitee.save(update_fields=["waiting_position"])
        message_queue(
            kind="meeting_place_confirmed",
            target=meeting,
            recipient_email=invitee.email,
            language=invitee.language,
            due_at=timezone.now(),
            context={"meeting_title": meeting.title},
        )
    if waiting:
        reminders_replan(meeting)


def _invite_substitutes(meeting: Meeting, user_id: int) -> None:
    """A member who cannot come: their substitutes (varajäsen) are invited in their place."""
    if meeting.status != Meeting.Status.INVITED:
        return
    substitutes = Membership.objects.current().filter(
        forum=meeting.forum, substitute_for__user_id=user_id
    )
    for membership in substitutes.select_related("user"):
        invitee = _invitee_for_user(meeting, membership.user, membership.organisation)
        if invitee.invited_at is None:
            _queue("meeting_invitation", meeting, [invitee])
            invitee.invited_at = timezone.now()
            invitee.save(update_fields=["invited_at"])


@transaction.atomic
def answer_record(*, invitee: Invitee, answer: str, note: str = "") -> Invitee:
    """Record an answer; a yes past capacity goes to the waiting list, a freed place is given on."""
    meeting = Meeting.objects.select_for_update().get(pk=invitee.meeting_id)
    invitee = Invitee.objects.select_for_update().get(pk=invitee.pk)
    was_confirmed = invitee.answer == Invitee.Answer.YES and invitee.waiting_position is None
    invitee.answer = answer
    invitee.note = note
    invitee.answered_at = timezone.now()
    full = meeting.capacity is not None and _confirmed_count(meeting) >= meeting.capacity
    if answer == Invitee.Answer.YES:
        if not was_confirmed and invitee.waiting_position is None and full:
            last = meeting.invitees.aggregate(last=Max("waiting_position"))["last"] or 0
            invitee.waiting_position = last + 1
    else:
        invitee.waiting_position = None
    invitee.save()
    if was_confirmed and answer != Invitee.Answer.YES:
        _promote(meeting)
    if answer == Invitee.Answer.NO and invitee.user_id:
        _invite_substitutes(meeting, invitee.user_id)
    if meeting.status == Meeting.Status.INVITED:
        reminders_replan(meeting)
    # The meeting page shows how many places are taken.
    pagecache.invalidate(PAGE_TOPIC)
    return invitee


class AlreadyRegistered(Exception):
    pass


@transaction.atomic
def guest_register(
    *, meeting: Meeting, name: str, email: str, organisation: str, note: str, language: str
) -> Invitee:
    email = email.strip().lower()
    if meeting.invitees.filter(email=email).exists():
        raise AlreadyRegistered
    invitee = Invitee.objects.create(
        meeting=meeting,
        name=name,
        email=email,
        organisation=organisation,
        language=language,
        is_guest=True,
        consent_at=timezone.now(),
        invited_at=timezone.now(),
    )
    invitee = answer_record(invitee=invitee, answer=Invitee.Answer.YES, note=note)
    message_queue(
        kind="meeting_registration",
        target=meeting,
        recipient_email=email,
        language=language,
        due_at=invitee.invited_at,
        context={"meeting_title": meeting.title},
    )
    return invitee


_UNCHANGED = object()


@transaction.atomic
def attendance_record(*, meeting: Meeting, present_ids: set[int], head_count=_UNCHANGED) -> None:
    """Mark who attended; with head_count, also how many came counted at the door."""
    if head_count is not _UNCHANGED and meeting.head_count != head_count:
        meeting.head_count = head_count
        meeting.save(update_fields=["head_count", "updated_at"])
    for invitee in meeting.invitees.all():
        attended = invitee.pk in present_ids
        if invitee.attended != attended:
            invitee.attended = attended
            invitee.save(update_fields=["attended"])
    if meeting.status == Meeting.Status.INVITED and meeting.starts_at <= timezone.now():
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    pagecache.invalidate(PAGE_TOPIC)


GUEST_DATA_DAYS = 60


@transaction.atomic
def guests_forget(*, days: int = GUEST_DATA_DAYS) -> int:
    """Erase guests' personal data a set time after their meeting, as the privacy notice says.

    The row stays (without name, email, organisation or note) so that head counts
    and attendance figures of the meeting still add up.
    """
    cutoff = timezone.now() - timedelta(days=days)
    guests = Invitee.objects.filter(
        is_guest=True, meeting__ends_at__lt=cutoff, consent_at__isnull=False
    )
    count = 0
    for guest in guests:
        guest.name = ""
        guest.email = f"poistettu-{guest.pk}@invalid"
        guest.organisation = ""
        guest.note = ""
        guest.consent_at = None
        guest.save(update_fields=["name", "email", "organisation", "note", "consent_at"])
        count += 1
    return count


def personal_data_of(user: User) -> dict:
    """What forums store about a person, for their JSON download."""
    return {
        "forum_memberships": [
            {
                "forum": m.forum.name,
                "role": m.role,
                "organisation": m.organisation,
                "term_start": m.term_start.isoformat(),
                "term_end": m.term_end.isoformat() if m.term_end else None,
            }
            for m in user.forum_memberships.select_related("forum")
        ],
        "forum_coordinator_roles": [
            c.forum.name for c in user.forum_coordinator_roles.select_related("forum")
        ],
        "meeting_answers": [
            {
                "meeting": i.meeting.title,
                "starts_at": i.meeting.starts_at.isoformat(),
                "answer": i.answer,
                "note": i.note,
            }
            for i in Invitee.objects.filter(email__iexact=user.email).select_related("meeting")
        ],
    }
