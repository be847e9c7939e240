"""Message kinds that the notification tests register, as a feature app would.

The subject of a test message is a Feedback row standing in for a meeting:
`page` is its place and `handled` says it was called off.
"""

from datetime import UTC, datetime, timedelta

import pytest

from kumppanuus.notifications import kinds
from kumppanuus.notifications.calendar import Event, Person, calendar_request
from kumppanuus.notifications.models import Feedback

ORGANIZER = Person("koordinaattori@example.fi", "Kirsi Koordinaattori")
START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def meeting_event(meeting) -> Event:
    return Event(
        uid=f"meeting-{meeting.pk}@kumppanuus.test",
        sequence=int(meeting.name or 0),
        start=START,
        end=START + timedelta(hours=2),
        summary="JANE",
        location=meeting.page,
        organizer=ORGANIZER,
    )


def meeting_extras(message) -> kinds.Extras:
    meeting = message.target
    ics = calendar_request(meeting_event(meeting), Person(message.recipient_email))
    return kinds.Extras(
        context={"place": meeting.page},
        calendar=("REQUEST", ics),
        attachments=[kinds.Attachment("esityslista.pdf", "application/pdf", b"%PDF-1.4 lista")],
        reply_to=[ORGANIZER.email],
    )


@pytest.fixture
def meeting_kind():
    kind = kinds.register_kind(
        "test_meeting",
        label="Kokouskutsu",
        group="test_reminders",
        still_wanted=lambda message: not message.target.handled,
        prepare=meeting_extras,
    )
    kinds.register_group("test_reminders", label="Kokousmuistutukset")
    yield kind
    kinds.unregister("test_meeting")
    kinds.unregister("test_reminders")


@pytest.fixture
def bulletin_kind():
    kind = kinds.register_kind("test_bulletin", label="Tiedote", group="test_news", bulk=True)
    kinds.register_group("test_news", label="Tiedotteet", help_text="Uutisia foorumeilta")
    yield kind
    kinds.unregister("test_bulletin")
    kinds.unregister("test_news")


@pytest.fixture
def meeting(db):
    return Feedback.objects.create(message="kokous", page="Liperin kunnantalo", language="fi")
