"""Live data below a guideline's sections, and the guideline's panel on the municipality page.

Registered as panels (kumppanuus.panels) so that another app adds its own
(premises, partnership agreements) to a section without this app knowing it.
"""

from datetime import datetime
from types import SimpleNamespace

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from forums.models import MAX_DURATION, Forum, Meeting, forum_ids_of_municipality
from grants.models import Round
from kumppanuus import panels
from kumppanuus.accounts.access import objects_for_user
from kumppanuus.compiled import CompiledQuery
from kumppanuus.places.models import Municipality, localized
from kumppanuus.places.selectors import priorities_in_force, public_contacts

from .models import MUNICIPALITY_KIND, Guideline

PAGE_TOPIC = "guidelines"


def _coming_meeting(field, now, since):
    """The field of the forum's next meeting not yet over (MeetingQuerySet.coming), as a
    subquery; the earliest start first, the lowest pk among meetings that start together."""
    coming = (
        Meeting.objects.coming(now, since).filter(forum=OuterRef("pk")).order_by("starts_at", "pk")
    )
    return Subquery(coming.values(field)[:1])


def _forums_with_next_meeting(where, now, since):
    return (
        Forum.objects.filter(where)
        .annotate(
            next_meeting_pk=_coming_meeting("pk", now, since),
            next_meeting_title=_coming_meeting("title", now, since),
            next_meeting_starts=_coming_meeting("starts_at", now, since),
        )
        .values(
            "pk", "name", "name_sv", "next_meeting_pk", "next_meeting_title", "next_meeting_starts"
        )
        .order_by("name")
    )


# The forums of a municipality or a county with their next meetings, compiled once
# (kumppanuus.compiled): one query; each link table read by its owner's index (an OR across
# the two joins read every area row).
_MUNICIPALITY_FORUMS = CompiledQuery(
    lambda municipality, now, since: _forums_with_next_meeting(
        Q(pk__in=forum_ids_of_municipality(municipality)), now, since
    ),
    municipality=int,
    now=datetime,
    since=datetime,
)
_COUNTY_FORUMS = CompiledQuery(
    lambda county, now, since: _forums_with_next_meeting(
        Q(
            pk__in=Forum.organiser_counties.through.objects.filter(wellbeingcounty=county).values(
                "forum_id"
            )
        ),
        now,
        since,
    ),
    county=int,
    now=datetime,
    since=datetime,
)


def forums_of(owner) -> list[SimpleNamespace]:
    """The forums the municipality (or county) organises or that work in its area, each with
    its pk, name (in the reader's language) and next meeting (next_meeting_pk,
    next_meeting_title, next_meeting_starts, or None): one query."""
    now = timezone.now()
    query = _MUNICIPALITY_FORUMS if isinstance(owner, Municipality) else _COUNTY_FORUMS
    key = "municipality" if isinstance(owner, Municipality) else "county"
    rows = query(**{key: owner.pk}, now=now, since=now - MAX_DURATION)
    return [
        SimpleNamespace(
            pk=row["pk"],
            name=localized(row["name"], row["name_sv"]),
            next_meeting_pk=row["next_meeting_pk"],
            next_meeting_title=row["next_meeting_title"],
            next_meeting_starts=row["next_meeting_starts"],
        )
        for row in rows
    ]


def _listed_rounds(where, now):
    return (
        Round.objects.listed(now)
        .filter(where)
        .values(
            "pk",
            "name_fi",
            "name_sv",
            "opens_at",
            "closes_at",
            "bonus_per_priority",
            "body__name_fi",
            "body__name_sv",
        )
        .order_by("opens_at", "pk")
    )


# The open and coming rounds of a municipality's or a county's departments, compiled once.
_MUNICIPALITY_ROUNDS = CompiledQuery(
    lambda municipality, now: _listed_rounds(Q(body__municipality=municipality), now),
    municipality=int,
    now=datetime,
)
_COUNTY_ROUNDS = CompiledQuery(
    lambda county, now: _listed_rounds(Q(body__county=county), now),
    county=int,
    now=datetime,
)


def rounds_of(owner, now) -> list[SimpleNamespace]:
    """The open and coming grant rounds of the municipality's (or county's) departments, each
    with its pk, name and body (their names in the reader's language), opens_at, closes_at
    and bonus_per_priority: one query."""
    if isinstance(owner, Municipality):
        rows = _MUNICIPALITY_ROUNDS(municipality=owner.pk, now=now)
    else:
        rows = _COUNTY_ROUNDS(county=owner.pk, now=now)
    return [
        SimpleNamespace(
            pk=row["pk"],
            name=localized(row["name_fi"], row["name_sv"]),
            body=localized(row["body__name_fi"], row["body__name_sv"]),
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
            bonus_per_priority=row["bonus_per_priority"],
        )
        for row in rows
    ]


def _forums(request, owner):
    return {"forums": forums_of(owner), "owner": owner}


def _rounds(request, owner):
    now = timezone.now()
    return {"rounds": rounds_of(owner, now), "owner": owner, "now": now}


def _contacts(request, owner):
    if not isinstance(owner, Municipality):
        return None
    return {"contacts": public_contacts(owner, timezone.localdate().year), "owner": owner}


def _priorities(request, owner):
    if not isinstance(owner, Municipality):
        return None
    return {"priorities": priorities_in_force(owner, timezone.localdate().year)}


# The municipality's guideline and its latest version, compiled once.
_MUNICIPALITY_GUIDELINE = CompiledQuery(
    lambda municipality: (
        Guideline.objects.filter(municipality=municipality)
        .values("pk", "latest__number", "latest__published_at")
        .order_by()[:1]
    ),
    municipality=int,
)


def _municipality_panel(request, owner):
    rows = _MUNICIPALITY_GUIDELINE(municipality=owner.pk)
    latest = None
    if rows and rows[0]["latest__number"] is not None:
        latest = SimpleNamespace(
            number=rows[0]["latest__number"], published_at=rows[0]["latest__published_at"]
        )
    return {
        "latest": latest,
        "owner": owner,
        "kind": MUNICIPALITY_KIND,
        "can_edit": request.user.has_perm("partnerships.edit_guideline", owner),
    }


def _dashboard_panel(request):
    """A contact person's way to the guidelines they keep."""
    user = request.user
    if not user.is_authenticated or user.is_superuser:
        return None
    municipalities = list(
        objects_for_user(user, "places.manage_municipality", Municipality.objects.all())
        .select_related("guideline__latest")
        .order_by("name_fi")
    )
    if not municipalities:
        return None
    return {"municipalities": municipalities}


def register():
    panels.register_dashboard_panel(
        "guidelines",
        template="partnerships/dashboard_panel.html",
        context=_dashboard_panel,
        order=50,
    )
    section = panels.guideline_section
    panels.register_panel(
        section("forums"),
        "forums",
        template="partnerships/live/forums.html",
        context=_forums,
        order=30,
        topics=("forums",),
    )
    panels.register_panel(
        section("grants"),
        "grants",
        template="partnerships/live/grants.html",
        context=_rounds,
        order=40,
        topics=("grants",),
    )
    panels.register_panel(
        section("welfare"),
        "priorities",
        template="partnerships/live/priorities.html",
        context=_priorities,
        order=10,
        topics=("places",),
    )
    panels.register_panel(
        section("contacts"),
        "contacts",
        template="partnerships/live/contacts.html",
        context=_contacts,
        order=10,
        topics=("places",),
    )
    panels.register_panel(
        panels.MUNICIPALITY,
        "guideline",
        template="partnerships/municipality_panel.html",
        context=_municipality_panel,
        order=10,
        topics=(PAGE_TOPIC,),
    )
