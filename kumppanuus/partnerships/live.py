"""Live data below a guideline's sections, and the guideline's panel on the municipality page.

Registered as panels (kumppanuus.panels) so that another app adds its own
(premises, partnership agreements) to a section without this app knowing it.
"""

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from forums.models import Forum, Meeting
from grants.models import Round
from kumppanuus import panels
from kumppanuus.accounts.access import objects_for_user
from kumppanuus.places.models import Municipality

from .models import Guideline

PAGE_TOPIC = "guidelines"


def forums_of(owner) -> list:
    """The forums the municipality (or county) organises or that work in its area, each with
    its next meeting (next_meeting_pk, next_meeting_title, next_meeting_starts, or None): two
    queries, one subquery in the first (three cost more to build than the second query)."""
    # Each link table by its owner's index: an OR across the two joins read every area row.
    if isinstance(owner, Municipality):
        organisers = Forum.organiser_municipalities.through.objects.filter(municipality=owner)
        areas = Forum.area_municipalities.through.objects.filter(municipality=owner)
        where = Q(pk__in=organisers.values("forum_id").union(areas.values("forum_id")))
    else:
        organisers = Forum.organiser_counties.through.objects.filter(wellbeingcounty=owner)
        where = Q(pk__in=organisers.values("forum_id"))
    coming = Meeting.objects.coming().filter(forum=OuterRef("pk")).order_by("starts_at")
    forums = list(
        Forum.objects.filter(where)
        .annotate(next_meeting_pk=Subquery(coming.values("pk")[:1]))
        .only("name", "name_sv")
        .order_by("name")
    )
    pks = [forum.next_meeting_pk for forum in forums if forum.next_meeting_pk]
    meetings = Meeting.objects.only("title", "starts_at").order_by().in_bulk(pks) if pks else {}
    for forum in forums:
        meeting = meetings.get(forum.next_meeting_pk)
        forum.next_meeting_title = meeting.title if meeting else None
        forum.next_meeting_starts = meeting.starts_at if meeting else None
    return forums


def rounds_of(owner):
    """The open and coming grant rounds of the municipality's (or county's) departments."""
    if isinstance(owner, Municipality):
        where = Q(body__municipality=owner)
    else:
        where = Q(body__county=owner)
    return (
        Round.objects.listed()
        .filter(where)
        .select_related("body")
        .only(
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


def _forums(request, owner):
    return {"forums": forums_of(owner), "owner": owner}


def _rounds(request, owner):
    return {"rounds": list(rounds_of(owner)), "owner": owner, "now": timezone.now()}


def _contacts(request, owner):
    if not isinstance(owner, Municipality):
        return None
    contacts = (
        owner.contact_persons.filter(is_public=True, user__is_active=True)
        .select_related("user")
        .only(
            "municipality",  # the related manager sets it on each row
            "title",
            "public_email",
            "public_phone",
            "user__first_name",
            "user__last_name",
        )
    )
    return {"contacts": list(contacts), "owner": owner}


def _priorities(request, owner):
    if not isinstance(owner, Municipality):
        return None
    year = timezone.localdate().year
    priorities = owner.welfare_priorities.filter(last_year__gte=year).only(
        "municipality", "title", "age_group", "theme", "first_year", "last_year"
    )
    return {"priorities": list(priorities)}


def _municipality_panel(request, owner):
    guideline = (
        Guideline.objects.filter(municipality=owner)
        .select_related("latest")
        .defer("draft", "latest__sections")
        .first()
    )
    if guideline is not None:
        guideline.municipality = owner  # its link, without fetching the municipality again
    return {
        "guideline": guideline,
        "owner": owner,
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
