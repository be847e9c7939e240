"""The iCalendar helper: REQUEST, CANCEL and PUBLISH that Outlook, Google and vobject accept."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
import vobject

from kumppanuus.notifications.calendar import (
    Event,
    Person,
    calendar_cancel,
    calendar_publish,
    calendar_request,
)

# The suite's autouse fixtures need the test database; the helper itself does not.
pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
ORGANIZER = Person("sihteeri@example.fi", "Sanna Sihteeri")
ATTENDEE = Person("jasen@example.fi", "Jussi Jäsen")


def jane(**changes):
    values = {
        "uid": "meeting-42@kumppanuus.test",
        "start": datetime(2026, 12, 3, 13, 0, tzinfo=HELSINKI),
        "end": datetime(2026, 12, 3, 15, 30, tzinfo=HELSINKI),
        "summary": "JANE – Järjestöasiain neuvottelukunnan kokous, joulukuu; esityslista liitteenä",
        "description": "1. Avaus\n2. Kuntakierros, Liperi",
        "location": "Joensuu, Siltakatu 2",
        "url": "https://kumppanuus.example/foorumit/jane/kokoukset/42/",
        "organizer": ORGANIZER,
        "sequence": 0,
    }
    values.update(changes)
    return Event(**values)


def test_a_request_parses_in_both_libraries_with_everything_a_calendar_needs():
    with time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=HELSINKI), tick=False):
        text = calendar_request(jane(sequence=2), ATTENDEE)

    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event["UID"] == "meeting-42@kumppanuus.test"
    assert event["SEQUENCE"] == 2
    assert event["DTSTAMP"].dt == datetime(2026, 11, 20, 7, 0, tzinfo=ZoneInfo("UTC"))
    # 13:00 in Helsinki in December (EET, UTC+2) is 11:00 UTC.
    assert "DTSTART:20261203T110000Z" in text
    assert str(event["ORGANIZER"]) == "mailto:sihteeri@example.fi"
    assert str(event["ATTENDEE"]) == "mailto:jasen@example.fi"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert event["ATTENDEE"].params["CN"] == "Jussi Jäsen"

    vevent = vobject.readOne(text)
    assert vevent.method.value == "REQUEST"
    assert vevent.vevent.uid.value == "meeting-42@kumppanuus.test"
    assert vevent.vevent.sequence.value == "2"
    assert vevent.vevent.organizer.value == "mailto:sihteeri@example.fi"
    assert vevent.vevent.attendee.value == "mailto:jasen@example.fi"
    assert vevent.vevent.summary.value.startswith("JANE – Järjestöasiain")
    assert vevent.vevent.dtstart.value == datetime(2026, 12, 3, 11, 0, tzinfo=ZoneInfo("UTC"))


def test_lines_end_in_crlf_and_long_lines_are_folded_at_75_octets():
    text = calendar_request(jane(), ATTENDEE)

    assert text.endswith("\r\n")
    lines = text.split("\r\n")
    assert "\n" not in "".join(lines)
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines), "the long summary should be folded"


def test_a_cancel_keeps_the_uid_and_raises_the_sequence():
    request = icalendar.Calendar.from_ical(calendar_request(jane(sequence=1), ATTENDEE))
    cancel = icalendar.Calendar.from_ical(calendar_cancel(jane(sequence=2), ATTENDEE))

    assert cancel["METHOD"] == "CANCEL"
    before, after = request.walk("VEVENT")[0], cancel.walk("VEVENT")[0]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["STATUS"] == "CANCELLED"
    assert vobject.readOne(calendar_cancel(jane(sequence=2), ATTENDEE)).method.value == "CANCEL"


def test_a_feed_publishes_many_events_without_attendees():
    events = [
        jane(uid=f"meeting-{n}@kumppanuus.test", start=jane().start + timedelta(weeks=n))
        for n in range(3)
    ]

    text = calendar_publish(events, name="JANE")

    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "JANE"
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [e.uid for e in events]
    assert "ATTENDEE" not in text
    assert len(list(vobject.readOne(text).vevent_list)) == 3


def test_a_time_across_the_change_of_daylight_saving_time_keeps_its_wall_clock():
    summer = jane(
        start=datetime(2026, 10, 24, 18, 0, tzinfo=HELSINKI),
        end=datetime(2026, 10, 25, 18, 0, tzinfo=HELSINKI),
    )

    text = calendar_request(summer, ATTENDEE)

    # EEST (UTC+3) on the 24th, EET (UTC+2) on the 25th: a day of 25 hours.
    assert "DTSTART:20261024T150000Z" in text
    assert "DTEND:20261025T160000Z" in text


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        calendar_request(jane(start=datetime(2026, 12, 3, 13, 0)), ATTENDEE)  # noqa: DTZ001
