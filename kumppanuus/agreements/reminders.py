"""Reminders to every party's people before an agreement ends and before each review.

Planned through kumppanuus.notifications: each (kind, agreement, person, moment)
is one message, sent once. Whenever an agreement's dates, status or parties
change, ``plan`` re-plans both kinds: a moved end date cancels the reminders
of the old date and records those of the new one; an agreement that is no
longer in force (ended, terminated) has none. ``still_wanted`` checks again
at send time, so a reminder whose moment no longer follows from the
agreement's dates is never sent.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from kumppanuus.notifications.kinds import Extras
from kumppanuus.notifications.services import message_cancel, message_replan

ENDING = "agreement_ending"
REVIEW = "agreement_review"
ENDING_DAYS_BEFORE = (90, 30)
REVIEW_DAYS_BEFORE = 14
REMINDER_TIME = time(9, 0)


def moment(day: date) -> datetime:
    """Nine in the morning, Finnish time, on that day."""
    return timezone.make_aware(datetime.combine(day, REMINDER_TIME))


def ending_moments(agreement) -> list[datetime]:
    return [moment(agreement.ends_on - timedelta(days=days)) for days in ENDING_DAYS_BEFORE]


def review_moments(agreement) -> list[datetime]:
    return [
        moment(review.date - timedelta(days=REVIEW_DAYS_BEFORE))
        for review in agreement.reviews.all()
        if review.date <= agreement.ends_on
    ]


def recipients(agreement) -> list[tuple[str, str]]:
    """(email, language) of every party's people: the municipality's contact persons and
    each association's representatives (administrators for a county)."""
    associations = [p.association_id for p in agreement.parties.all() if p.association_id]
    people = Q(representations__association__in=associations)
    if agreement.municipality_id:
        people |= Q(contact_roles__municipality=agreement.municipality_id)
    else:
        people |= Q(is_superuser=True)
    users = get_user_model().objects.filter(people, is_active=True).distinct()
    return sorted(users.values_list("email", "language"))


def plan(agreement) -> None:
    """Plan (or call off) the agreement's reminders from its current dates and status."""
    if not agreement.is_in_force:
        message_cancel(target=agreement, kind=ENDING)
        message_cancel(target=agreement, kind=REVIEW)
        return
    people = recipients(agreement)
    message_replan(
        kind=ENDING,
        target=agreement,
        due_at=ending_moments(agreement) if people else [],
        recipients=people,
        context={"agreement_title": agreement.title},
    )
    message_replan(
        kind=REVIEW,
        target=agreement,
        due_at=review_moments(agreement) if people else [],
        recipients=people,
        context={"agreement_title": agreement.title},
    )


def still_wanted(message) -> bool:
    agreement = message.target
    if agreement is None or not agreement.is_in_force:
        return False
    planned = ending_moments(agreement) if message.kind == ENDING else review_moments(agreement)
    return message.due_at in planned


def review_extras(message) -> Extras:
    """The review date the reminder is about, from its moment."""
    return Extras(
        context={
            "review_date": timezone.localdate(message.due_at) + timedelta(days=REVIEW_DAYS_BEFORE)
        }
    )
