"""iCalendar for invitations and feeds, knowing no feature.

A feature describes its event with ``Event`` and gets the text of a calendar:

- ``calendar_request(event, attendee)``: METHOD:REQUEST for one recipient, with
  ORGANIZER and the recipient as ATTENDEE (PARTSTAT=NEEDS-ACTION, RSVP=TRUE).
  Send it again with a higher ``sequence`` when the time or place changes.
- ``calendar_cancel(event, attendee)``: METHOD:CANCEL, STATUS:CANCELLED, the
  same UID; give it a sequence higher than the last request's.
- ``calendar_publish(events, name)``: METHOD:PUBLISH, for a subscribable feed.

Times are written in UTC, lines end in CRLF and are folded at 75 octets (the
icalendar library does both). Pass the text to a message as
``Extras(calendar=(method, text))``: it becomes the text/calendar part and
the .ics attachment, the same bytes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText

PRODID = "-//Kumppanuus//Kumppanuus portal//FI"


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    summary: str
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    organizer: Person | None = None
    attendees: list[Person] = field(default_factory=list)
    # CONFIRMED, TENTATIVE or CANCELLED
    status: str = "CONFIRMED"
    last_modified: datetime | None = None


def _address(person: Person, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    for name, value in params.items():
        address.params[name.replace("_", "-").upper()] = vText(value)
    return address


def _utc(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise ValueError("Calendar times must be aware.")
    return moment.astimezone(UTC)


def _vevent(event: Event, *, attendees: Iterable[Person], status: str, stamp: datetime):
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", _utc(event.start))
    vevent.add("dtend", _utc(event.end))
    vevent.add("summary", event.summary)
    vevent.add("status", status)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.last_modified:
        vevent.add("last-modified", _utc(event.last_modified))
    if event.organizer:
        vevent.add("organizer", _address(event.organizer))
    for attendee in attendees:
        vevent.add(
            "attendee",
            _address(
                attendee,
                cutype="INDIVIDUAL",
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="TRUE",
            ),
        )
    return vevent


def _calendar(method: str, vevents, name: str = "") -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for vevent in vevents:
        calendar.add_component(vevent)
    return calendar.to_ical().decode("utf-8")


def calendar_request(event: Event, attendee: Person) -> str:
    stamp = _utc(timezone.now())
    return _calendar(
        "REQUEST", [_vevent(event, attendees=[attendee], status=event.status, stamp=stamp)]
    )


def calendar_cancel(event: Event, attendee: Person) -> str:
    stamp = _utc(timezone.now())
    return _calendar(
        "CANCEL", [_vevent(event, attendees=[attendee], status="CANCELLED", stamp=stamp)]
    )


def calendar_publish(events: Iterable[Event], name: str = "") -> str:
    stamp = _utc(timezone.now())
    return _calendar(
        "PUBLISH",
        [_vevent(event, attendees=[], status=event.status, stamp=stamp) for event in events],
        name,
    )
