"""The demo forums load twice without duplicates; the panels for home and dashboard."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from associations.demo import load_demo as load_associations_demo
from forums import panels
from forums.demo import COORDINATOR_EMAIL, load_demo
from forums.models import Forum, Meeting
from kumppanuus.accounts.models import User
from tests.forums.conftest import make_meeting


def test_the_demo_loads_twice_without_duplicates(db):
    load_associations_demo()
    first = load_demo()
    assert load_demo() == first
    jane = Forum.objects.get(name__startswith="JANE")
    assert jane.memberships.count() == 5
    assert jane.meetings.count() == 6
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    coordinated = set(
        Forum.objects.filter(coordinators__user=coordinator).values_list("name", flat=True)
    )
    assert {"Hyvinvointihytinät Liperi", "Hyvinvointihytinät Kitee"} < coordinated
    assert jane.name in coordinated
    assert Forum.objects.filter(kind="hyvinvointihytina").count() == 5


def test_the_demo_has_jake_with_its_groups_and_two_open_association_forums(db):
    load_associations_demo()
    load_demo()
    load_demo()
    jake = Forum.objects.get(kind="kehittamisverkosto")
    assert jake.name.startswith("JAKE")
    assert sorted(jake.children.values_list("name", flat=True)) == [
        "JAKE: Kylähyvinvointi",
        "JAKE: Monikulttuurisuus",
        "JAKE: Terveys",
        "JAKE: Vapaaehtoistoiminta",
    ]
    assert set(jake.children.values_list("kind", flat=True)) == {"teematyoryhma"}
    forums = Forum.objects.filter(kind="jarjestofoorumi")
    assert forums.count() == 2 and all(f.is_open for f in forums)
    for forum in forums:
        meeting = forum.meetings.get()
        # The invitation list was built by a filter: the representative of Liperin Liikuntaseura.
        assert list(meeting.invitees.values_list("email", "invited_at")) == [
            ("edustaja@demo.kumppanuus.fi", None)
        ]
    jane = Forum.objects.get(name__startswith="JANE")
    held = jane.meetings.filter(status="held").first()
    assert held.minutes_kind == "poytakirja"
    assert held.agenda_items.exclude(decision="").count() == 3
    assert Meeting.objects.filter(head_count__isnull=False, minutes_kind="muistio").exists()


def test_the_demo_coordinator_manages_through_coordinator_roles_not_the_officials_group(client, db):
    from django.urls import reverse

    load_associations_demo()
    load_demo()
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    coordinator.groups.clear()
    client.force_login(coordinator)
    jane = Forum.objects.get(name__startswith="JANE")
    hytina = Forum.objects.get(name="Hyvinvointihytinät Juuka")
    jake = Forum.objects.get(kind="kehittamisverkosto")
    for forum, status in [(jane, 200), (hytina, 200), (jake, 403)]:
        assert client.get(reverse("forums:edit", args=[forum.pk])).status_code == status
        meeting = forum.meetings.first()
        url = reverse("forums:meeting_manage", args=[meeting.pk])
        assert client.get(url).status_code == status
    # JANE's secretariat is shared: the secretary coordinates it too.
    assert jane.coordinators.count() == 2


def test_the_dashboard_panel_lists_coming_meetings_and_overdue_minutes(forum, coordinator):
    coming = make_meeting(forum, title="Tuleva")
    make_meeting(
        forum,
        title="Pöytäkirja puuttuu",
        starts_at=timezone.now() - timedelta(days=20),
        status="held",
    )
    request = RequestFactory().get("/oma/")
    request.user = coordinator
    panel = panels.dashboard_panel(request)
    assert [m.title for m in panel["coming"]] == [coming.title]
    assert [m.title for m in panel["minutes_overdue"]] == ["Pöytäkirja puuttuu"]
    html = render_to_string(panel["template"], {"panel": panel})
    assert "Pöytäkirja puuttuu" in html and "Tuleva" in html

    request.user = User.objects.create_user(email="muu@example.fi")
    assert panels.dashboard_panel(request) is None


def test_the_home_panel_shows_the_next_public_meetings(forum):
    request = RequestFactory().get("/")
    assert panels.home_panel(request) is None
    make_meeting(forum, title="Seuraava")
    make_meeting(forum, title="Luonnos", status=Meeting.Status.DRAFT)
    panel = panels.home_panel(request)
    html = render_to_string(panel["template"], {"panel": panel})
    assert "Seuraava" in html and "Luonnos" not in html
    assert f"· {forum.name}<br>" in html
    forum.name_sv = "Partnerskapsbordet"
    forum.save()
    with translation.override("sv"):
        panel = panels.home_panel(request)
        html = render_to_string(panel["template"], {"panel": panel})
    assert "· Partnerskapsbordet<br>" in html


def test_a_meeting_must_end_after_it_starts(forum):
    with pytest.raises(IntegrityError):
        make_meeting(forum, ends_at=timezone.now())


def test_coming_meetings_include_one_under_way_and_leave_out_those_over(forum):
    now = timezone.now()
    under_way = make_meeting(
        forum,
        title="Kehittämispäivät",
        starts_at=now - timedelta(days=13),
        ends_at=now + timedelta(hours=1),
    )
    make_meeting(
        forum, title="Ohi", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )
    later = make_meeting(forum, title="Tuleva")
    coming = Meeting.objects.coming().order_by("starts_at")
    assert [m.title for m in coming] == [under_way.title, later.title]


def test_the_municipality_panel_counts_organised_and_area_forums_once_in_few_queries(
    client, municipality, other_municipality, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.forums.conftest import make_forum

    settings.PAGE_CACHE_SECONDS = 0
    organised = make_forum("A järjestää")
    organised.organiser_municipalities.add(municipality)
    area = make_forum("B toimii alueella")
    area.area_municipalities.add(municipality, other_municipality)
    both = make_forum("C molemmat")
    both.organiser_municipalities.add(municipality)
    both.area_municipalities.add(municipality)
    elsewhere = make_forum("D muualla")
    elsewhere.organiser_municipalities.add(other_municipality)
    elsewhere.area_municipalities.add(other_municipality)
    for number, forum in enumerate([both, elsewhere, organised, area]):
        make_meeting(
            forum,
            title=f"Kokous {forum.name}",
            starts_at=timezone.now() + timedelta(days=number + 1),
        )
    make_meeting(organised, title="Luonnos A", status=Meeting.Status.DRAFT)
    url = municipality.get_absolute_url()

    def panel(html):
        start = html.index('id="forums-title"')
        return html[start : html.index("</section>", start)]

    def shown(html, prefix):
        return [line.split(prefix)[1].split("<")[0] for line in html.split("<li>")[1:]]

    with CaptureQueriesContext(connection) as few:
        html = panel(client.get(url).content.decode())
    forums, meetings = html.split("<h3")
    assert shown(forums, '">') == ["A järjestää", "B toimii alueella", "C molemmat"]
    assert shown(meetings, '">') == [
        "Kokous C molemmat",
        "Kokous A järjestää",
        "Kokous B toimii alueella",
    ]
    assert "Yhteensä" not in html
    assert f'<a href="{organised.get_absolute_url()}">A järjestää</a> (' in forums
    first = Meeting.objects.get(title="Kokous C molemmat")
    assert f'<a href="{first.get_absolute_url()}">Kokous C molemmat</a>' in meetings

    for number in range(4):
        forum = make_forum(f"E{number} lisää")
        forum.area_municipalities.add(municipality)
        forum.organiser_municipalities.add(municipality)
    with CaptureQueriesContext(connection) as more:
        html = panel(client.get(url).content.decode())
    assert len(more) == len(few)
    forums = html.split("<h3")[0]
    assert shown(forums, '">') == [
        "A järjestää",
        "B toimii alueella",
        "C molemmat",
        "E0 lisää",
        "E1 lisää",
    ]
    assert "Yhteensä 7 foorumia." in html
    forum_queries = [q["sql"] for q in more.captured_queries if "forums_" in q["sql"]]
    assert len(forum_queries) <= 2
