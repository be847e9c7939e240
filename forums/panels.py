"""Panels for the front page and the dashboard (the integrator hooks them in)."""

from datetime import datetime, timedelta
from types import SimpleNamespace

from django.db.models import Count, Q, Window
from django.utils import timezone

from kumppanuus.compiled import CompiledQuery
from kumppanuus.links import url_maker
from kumppanuus.places.models import localized

from .models import MAX_DURATION, Forum, Invitee, Meeting, forum_ids_of_municipality

HOME_MEETINGS = 5


# What meeting_items reads of a meeting, as values.
MEETING_VALUES = (
    "pk",
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "status",
    "forum__name",
    "forum__name_sv",
)

# The front page's query, compiled once (kumppanuus.compiled): its rows are read
# as meeting_items reads a meeting, with the forum's name in the reader's language.
_HOME_MEETINGS = CompiledQuery(
    lambda now, since: (
        Meeting.objects.coming(now, since)
        .values(*MEETING_VALUES)
        .order_by("starts_at", "pk")[:HOME_MEETINGS]
    ),
    now=datetime,
    since=datetime,
)


def meeting_rows(rows) -> list[SimpleNamespace]:
    """Rows of MEETING_VALUES as meeting_items reads meetings (forum: its name), with a url."""
    url = url_maker("forums:meeting")
    return [
        SimpleNamespace(
            **row, forum=localized(row["forum__name"], row["forum__name_sv"]), url=url(row["pk"])
        )
        for row in rows
    ]


def home_panel(request) -> dict | None:
    """The next public meetings across forums."""
    now = timezone.now()
    meetings = meeting_rows(_HOME_MEETINGS(now=now, since=now - MAX_DURATION))
    if not meetings:
        return None
    return {"template": "forums/home_panel.html", "meetings": meetings}


def dashboard_panel(request) -> dict | None:
    """A coordinator's forums with their coming meetings, missing answers and overdue minutes."""
    if not request.user.is_authenticated:
        return None
    forums = list(Forum.objects.filter(coordinators__user=request.user).order_by("name"))
    if not forums:
        return None
    now = timezone.now()
    overdue = now - timedelta(days=14)
    meetings = (
        Meeting.objects.filter(forum__in=forums)
        .filter(
            Q(ends_at__gte=now) | Q(status=Meeting.Status.HELD, minutes="", starts_at__lt=overdue)
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(missing_answers=Count("invitees", filter=Q(invitees__answer=Invitee.Answer.NONE)))
        .select_related("forum")
        .order_by("starts_at")
    )
    coming = [m for m in meetings if m.ends_at >= now]
    minutes_overdue = [m for m in meetings if m.ends_at < now]
    return {
        "template": "forums/dashboard_panel.html",
        "forums": forums,
        "coming": coming,
        "minutes_overdue": minutes_overdue,
    }


MUNICIPALITY_SHOWN = 5


# The first forums by name with the number of all of them (a window over the matches).
_MUNICIPALITY_FORUMS = CompiledQuery(
    lambda municipality: (
        Forum.objects.filter(pk__in=forum_ids_of_municipality(municipality))
        .values("pk", "name", "name_sv", "kind")
        .annotate(total=Window(Count("*")))
        .order_by("name", "pk")[:MUNICIPALITY_SHOWN]
    ),
    municipality=int,
)
_MUNICIPALITY_MEETINGS = CompiledQuery(
    lambda municipality, now, since: (
        Meeting.objects.coming(now, since)
        .filter(forum__in=forum_ids_of_municipality(municipality))
        .values(*MEETING_VALUES)
        .order_by("starts_at", "pk")[:MUNICIPALITY_SHOWN]
    ),
    municipality=int,
    now=datetime,
    since=datetime,
)


def municipality_panel(request, municipality) -> dict:
    """The forums that the municipality organises or that work in it, and their next meetings."""
    url = url_maker("forums:detail")
    kinds = dict(Forum.Kind.choices)
    rows = _MUNICIPALITY_FORUMS(municipality=municipality.pk)
    forums = [
        SimpleNamespace(
            url=url(row["pk"]),
            name=localized(row["name"], row["name_sv"]),
            kind=kinds.get(row["kind"], row["kind"]),
        )
        for row in rows
    ]
    now = timezone.now()
    meetings = _MUNICIPALITY_MEETINGS(
        municipality=municipality.pk, now=now, since=now - MAX_DURATION
    )
    return {
        "forums": forums,
        "forum_count": rows[0]["total"] if rows else 0,
        "meetings": meeting_rows(meetings),
        "municipality": municipality,
    }
