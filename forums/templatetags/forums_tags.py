"""Meeting times and lists of meetings drawn in Python.

The calendar shows 50 meetings a page; an include of _when.html and a date
filter for each was most of its rendering time. The markup is the same.
"""

from html import escape
from zoneinfo import ZoneInfo

from django import template
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from forums.models import Meeting
from kumppanuus.links import url_maker

register = template.Library()

HELSINKI = ZoneInfo("Europe/Helsinki")


class _When:
    """Formats meeting times in Finnish time with the active language's weekdays."""

    def __init__(self):
        self.weekdays = [escape(str(WEEKDAYS_ABBR[day])) for day in range(7)]
        self.zone_note = (
            f' <span class="text-body-secondary">'
            f"({escape(gettext('Finnish time, Europe/Helsinki'))})</span>"
        )

    def moment(self, value):
        """As the date filter's "D j.n.Y H:i": ke 3.3.2027 13:00."""
        return (
            f"{self.weekdays[value.weekday()]} {value.day}.{value.month}.{value.year} "
            f"{value.hour:02d}:{value.minute:02d}"
        )

    def html(self, meeting) -> str:
        """The time as escaped HTML (a str: the rows join it without a check per value)."""
        starts = meeting.starts_at.astimezone(HELSINKI)
        ends = meeting.ends_at.astimezone(HELSINKI)
        if starts.date() == ends.date():
            until = f"{ends.hour:02d}:{ends.minute:02d}"
        else:
            until = self.moment(ends)
        return f"{self.moment(starts)}–{until}{self.zone_note}"


@register.simple_tag
def meeting_when(meeting):
    """When the meeting is, in Finnish time, and a note saying so."""
    return mark_safe(_When().html(meeting))  # noqa: S308 (built of escaped parts)


@register.simple_tag
def meeting_items(meetings, with_forum=False, with_kind=False, spacing="mb-2"):
    """The <li> rows of a list of meetings: title (linked), forum, kind, cancelled, time.

    Escaped with html.escape (what Django's escape does) in f-strings: format_html
    checked every value of 50 rows for lazy and safe strings, most of the time.
    """
    when = _When()
    url = url_maker("forums:meeting")
    kinds = {value: escape(str(label)) for value, label in Meeting.Kind.choices}
    cancelled = f" ({escape(gettext('cancelled'))})"
    rows = []
    for meeting in meetings:
        details = ""
        if with_forum:
            details += f" · {escape(str(meeting.forum))}"
        if with_kind:
            details += f" · {kinds.get(meeting.kind) or escape(meeting.kind)}"
        if meeting.status == Meeting.Status.CANCELLED:
            details += cancelled
        rows.append(
            f'<li class="{escape(spacing)}"><a href="{url(meeting.pk)}">{escape(meeting.title)}</a>'
            f"{details}<br>{when.html(meeting)}</li>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every value is escaped above)


@register.simple_tag
def past_meeting_items(meetings):
    """The <li> rows of past meetings: title (linked) and the day (Finnish time)."""
    url = url_maker("forums:meeting")
    rows = []
    for meeting in meetings:
        day = meeting.starts_at.astimezone(HELSINKI)
        rows.append(
            f'<li class="mb-2"><a href="{url(meeting.pk)}">{escape(meeting.title)}</a> '
            f"{day.day}.{day.month}.{day.year}</li>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value is escaped above)
