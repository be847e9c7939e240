"""Forum list, forum page with its rhythm, meeting page, calendar and .ics feeds."""

from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum, Meeting, MeetingDocument
from tests import factories
from tests.forums.conftest import helsinki, make_forum, make_invitee, make_meeting, make_member


def test_the_forum_page_shows_meetings_held_this_year_against_the_target(client, forum):
    with time_machine.travel(helsinki(2026, 11, 20, 9, 0), tick=False):
        for month in (2, 4, 9):
            make_meeting(forum, starts_at=helsinki(2026, month, 1, 13, 0), status="held")
        make_meeting(forum, starts_at=helsinki(2025, 12, 1, 13, 0), status="held")
        make_meeting(forum, starts_at=helsinki(2026, 10, 1, 13, 0), status="cancelled")
        make_meeting(forum, title="Joulukokous", starts_at=helsinki(2026, 12, 3, 13, 0))
        page = client.get(forum.get_absolute_url()).content.decode()
        assert '<dd class="col-sm-8" id="rhythm">3/6</dd>' in page
        assert "Joulukokous" in page
        assert "Suomen aikaa, Europe/Helsinki" in page
        assert "tapaamisia tänä vuonna 3/6" in client.get(reverse("forums:list")).content.decode()


def test_the_forum_page_names_its_organisers_and_area_in_the_readers_language(
    client, forum, municipality, other_municipality, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    forum.organiser_municipalities.add(municipality)
    forum.organiser_counties.add(municipality.county)
    forum.area_municipalities.add(other_municipality, municipality)
    page = client.get(forum.get_absolute_url()).content.decode()
    organisers = page.split("Järjestäjät")[1].split("</dd>")[0]
    assert f"Liperi, {municipality.county.name_fi}" in organisers
    assert "Joensuu, Liperi</dd>" in page
    page = client.get(forum.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Joensuu, Libelits</dd>" in page


def test_the_forum_page_lists_its_current_members_with_role_and_organisation(
    client, forum, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    chair = factories.make_user(first_name="Aino", last_name="Aalto")
    make_member(forum, chair, role="chair", organisation="Liperin kunta")
    make_member(forum, factories.make_user(email="nimeton@example.fi", first_name="", last_name=""))
    make_member(
        forum,
        factories.make_user(first_name="Entinen", last_name="Jäsen"),
        term_end=timezone.localdate() - timedelta(days=1),
    )
    page = client.get(forum.get_absolute_url()).content.decode()
    members = page.split('id="members-title"')[1].split("</section>")[0]
    assert "<li>Aino Aalto, puheenjohtaja (Liperin kunta)</li>" in members
    assert "<li>nimeton@example.fi, jäsen</li>" in members
    assert "Entinen" not in members


def test_the_forum_page_counts_every_meeting_held_this_year_and_lists_the_20_latest(client, forum):
    with time_machine.travel(helsinki(2026, 11, 20, 9, 0), tick=False):
        for day in range(25):
            make_meeting(
                forum,
                title=f"Pidetty {day:02d}",
                starts_at=helsinki(2026, 10, 1 + day, 13, 0),
                status="held",
            )
        make_meeting(
            forum, title="Viime vuonna", starts_at=helsinki(2025, 6, 1, 13, 0), status="held"
        )
        page = client.get(forum.get_absolute_url()).content.decode()
        assert '<dd class="col-sm-8" id="rhythm">25/6</dd>' in page
        shown = [day for day in range(25) if f">Pidetty {day:02d}</a>" in page]
        assert shown == list(range(5, 25))
        assert "Viime vuonna" not in page


def test_drafts_are_not_public(client, forum):
    draft = make_meeting(forum, title="Salainen luonnos", status=Meeting.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Salainen luonnos" not in client.get(forum.get_absolute_url()).content.decode()
    assert "Salainen luonnos" not in client.get(reverse("forums:calendar")).content.decode()


def test_the_meeting_page_tells_time_place_accessibility_and_agenda(client, forum):
    meeting = make_meeting(
        forum, starts_at=helsinki(2027, 3, 3, 13, 0), address="Koskikatu 5", induction_loop=True
    )
    meeting.agenda_items.create(order=1, title="Kuntakierros", presenter="Liperi")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "ke 3.3.2027 13:00–15:00" in page
    assert "Induktiosilmukka" in page
    assert "Kuntakierros" in page
    assert reverse("forums:meeting_ics", args=[meeting.pk]) in page


def test_the_meeting_page_counts_the_places_taken_when_places_are_limited(client, forum):
    limited = make_meeting(forum, capacity=2)
    make_invitee(limited, answer="yes")
    make_invitee(limited, answer="yes", waiting_position=1)
    make_invitee(limited, answer="no")
    assert "1/2 varattu" in client.get(limited.get_absolute_url()).content.decode()
    unlimited = make_meeting(forum)
    make_invitee(unlimited, answer="yes")
    assert "varattu" not in client.get(unlimited.get_absolute_url()).content.decode()


def test_minutes_for_members_are_hidden_from_others(client, forum, member_user):
    meeting = make_meeting(
        forum,
        starts_at=timezone.now() - timedelta(days=3),
        status="held",
        minutes="Päätettiin hakea avustusta.",
        minutes_visibility="members",
    )
    assert "Päätettiin" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(factories.make_user())
    assert "Päätettiin" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(member_user)
    assert "Päätettiin" in client.get(meeting.get_absolute_url()).content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(minutes_visibility="public")
    client.logout()
    assert "Päätettiin" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_calendar_filters_by_forum_municipality_kind_and_month(client, forum):
    liperi = factories.make_municipality(code="426")
    hytinat = make_forum("Hytinät Liperi", is_open=True)
    hytinat.area_municipalities.add(liperi)
    with time_machine.travel(helsinki(2026, 11, 20, 9, 0), tick=False):
        make_meeting(forum, title="JANE joulukuu", starts_at=helsinki(2026, 12, 3, 13, 0))
        make_meeting(
            hytinat,
            title="Hytinät tammikuu",
            kind="foorumi",
            starts_at=helsinki(2027, 1, 14, 17, 0),
        )
        make_meeting(forum, title="Mennyt", starts_at=helsinki(2026, 10, 3, 13, 0), status="held")
        url = reverse("forums:calendar")

        def titles(**query):
            page = client.get(url, query).content.decode()
            return [t for t in ("JANE joulukuu", "Hytinät tammikuu", "Mennyt") if t in page]

        assert titles() == ["JANE joulukuu", "Hytinät tammikuu"]
        assert titles(forum=forum.pk) == ["JANE joulukuu"]
        assert titles(municipality=liperi.pk) == ["Hytinät tammikuu"]
        assert titles(kind="foorumi") == ["Hytinät tammikuu"]
        assert titles(month="2026-12") == ["JANE joulukuu"]
        assert client.get(url, {"month": "joulukuu"}).status_code == 400


def test_the_calendar_shows_50_meetings_a_page_and_finds_forums_by_name_and_kind(
    client, forum, official
):
    for number in range(55):
        make_meeting(
            forum,
            title=f"Tapaaminen {number:02d}",
            starts_at=helsinki(2030, 1, 1, 8) + timedelta(hours=number),
        )
    url = reverse("forums:calendar")
    # An old link or bookmark to one forum's meetings still works, page by page.
    first = client.get(url, {"forum": forum.pk}).content.decode()
    assert "Tapaaminen 49" in first and "Tapaaminen 50" not in first
    assert f"?forum={forum.pk}&amp;page=2" in first
    assert "Näytetään foorumin" in first and forum.get_absolute_url() in first
    second = client.get(url, {"forum": forum.pk, "page": 2}).content.decode()
    assert "Tapaaminen 54" in second and "Tapaaminen 49" not in second

    # Thousands of forums: no option for each, but their name and kind find them.
    client.force_login(official)
    response = client.post(
        reverse("forums:create"),
        {
            "name": "Hyvinvointihytinät Liperi",
            "name_sv": "Välmåendeträffar Libelits",
            "kind": "hyvinvointihytina",
            "meetings_per_year": 2,
        },
    )
    assert response.status_code == 302
    client.logout()
    new = Forum.objects.get(name="Hyvinvointihytinät Liperi")
    make_meeting(new, title="Hytinät", starts_at=helsinki(2030, 1, 1, 9))
    page = client.get(url).content.decode()
    assert '<select name="forum"' not in page
    assert f">{new.name}</option>" not in page

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        page = response.content.decode()
        return [t for t in ("Hytinät", "Tapaaminen 00", "Tapaaminen 01") if t in page]

    assert titles(q="hytin") == ["Hytinät"]
    assert titles(q="HYTINÄT liperi") == ["Hytinät"]
    assert titles(q="välmående") == ["Hytinät"]
    assert titles(q="jane") == ["Tapaaminen 00", "Tapaaminen 01"]
    assert titles(q="ei tällaista") == []
    new.name_sv = "Må bra-träffar i Libelits"
    new.save(update_fields=["name_sv"])  # a renamed forum is found by its new name
    assert titles(q="MÅ BRA") == ["Hytinät"]
    assert titles(q="välmående") == []
    assert titles(forum_kind="hyvinvointihytina") == ["Hytinät"]
    assert titles(forum_kind="neuvottelukunta") == ["Tapaaminen 00", "Tapaaminen 01"]
    assert client.get(url, {"forum_kind": "kuoro"}).status_code == 400


def test_calendar_and_forum_rows_escape_names_and_tell_cancelled_and_multi_day_meetings(client, db):
    forum = make_forum("Kylät & <kaupungit>")
    with time_machine.travel(helsinki(2027, 2, 1, 9, 0), tick=False):
        make_meeting(
            forum,
            title="<Kehittämispäivät> & 'yö'",
            kind="kehittamispaiva",
            status="cancelled",
            starts_at=helsinki(2027, 3, 3, 13, 0),
            ends_at=helsinki(2027, 3, 4, 15, 0),
        )
        make_meeting(forum, title="Mennyt", starts_at=helsinki(2027, 1, 5, 22, 30), status="held")
        row = (
            '<a href="{url}">&lt;Kehittämispäivät&gt; &amp; &#x27;yö&#x27;</a>{details} (peruttu)'
            '<br>ke 3.3.2027 13:00–to 4.3.2027 15:00 <span class="text-body-secondary">'
            "(Suomen aikaa, Europe/Helsinki)</span></li>"
        )
        url = forum.meetings.get(status="cancelled").get_absolute_url()
        calendar = client.get(reverse("forums:calendar")).content.decode()
        details = " · Kylät &amp; &lt;kaupungit&gt; · kehittämispäivä"
        assert '<li class="mb-3">' + row.format(url=url, details=details) in calendar
        page = client.get(forum.get_absolute_url()).content.decode()
        assert '<li class="mb-2">' + row.format(url=url, details="") in page
        past = forum.meetings.get(title="Mennyt").get_absolute_url()
        assert f'<li class="mb-2"><a href="{past}">Mennyt</a> 5.1.2027</li>' in page


def test_an_old_link_to_a_forum_that_is_gone_says_so(client, forum):
    make_meeting(forum, title="JANE joulukuu")
    url = reverse("forums:calendar")
    for value in ("999999", "abc"):
        response = client.get(url, {"forum": value})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Linkin foorumia ei ole" in page
        assert 'name="forum"' not in page


def test_the_calendar_by_municipality_has_the_forums_it_organises_and_works_in(
    client, municipality, other_municipality
):
    organised = make_forum("Järjestää")
    organised.organiser_municipalities.add(municipality)
    area = make_forum("Alueella")
    area.area_municipalities.add(municipality)
    both = make_forum("Molemmat")
    both.organiser_municipalities.add(municipality)
    both.area_municipalities.add(municipality)
    elsewhere = make_forum("Muualla")
    elsewhere.area_municipalities.add(other_municipality)
    for forum in (organised, area, both, elsewhere):
        make_meeting(forum, title=f"Kokous: {forum.name}")
    page = client.get(reverse("forums:calendar"), {"municipality": municipality.pk})
    html = page.content.decode()
    assert [
        f for f in ("Järjestää", "Alueella", "Molemmat", "Muualla") if f"Kokous: {f}" in html
    ] == [
        "Järjestää",
        "Alueella",
        "Molemmat",
    ]
    assert html.count("Kokous: Molemmat") == 1
    assert f'<option value="{municipality.pk}" selected>' in html


def test_the_calendar_pages_through_a_bounded_number_of_meetings(client, forum, monkeypatch):
    from forums import views

    monkeypatch.setattr(views, "CALENDAR_MAX", 60)
    Meeting.objects.bulk_create(
        Meeting(
            forum=forum,
            title=f"Kokous {number:03d}",
            starts_at=helsinki(2030, 1, 1, 8) + timedelta(days=number),
            ends_at=helsinki(2030, 1, 1, 10) + timedelta(days=number),
            status=Meeting.Status.INVITED,
        )
        for number in range(70)
    )
    url = reverse("forums:calendar")
    first = client.get(url).content.decode()
    assert "Sivu 1 / 2" in first
    assert "Näytetään 60 ensimmäistä tulevaa tapaamista" in first
    last = client.get(url, {"page": 5}).content.decode()
    assert "Kokous 059" in last and "Kokous 060" not in last
    # A narrower filter reaches the later ones.
    later = client.get(url, {"month": "2030-03"}).content.decode()
    assert "Kokous 060" in later and "ensimmäistä tulevaa" not in later


def test_feeds_publish_the_meetings_with_stable_uids(client, forum):
    meeting = make_meeting(forum, title="JANE joulukuu")
    make_meeting(make_forum("Muu"), title="Muun foorumin kokous")
    feed = icalendar.Calendar.from_ical(client.get(reverse("forums:feed", args=[forum.pk])).content)
    assert feed["METHOD"] == "PUBLISH"
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["JANE joulukuu"]
    assert feed.walk("VEVENT")[0]["UID"] == f"meeting-{meeting.pk}@kumppanuus"
    everything = icalendar.Calendar.from_ical(client.get(reverse("forums:feed_all")).content)
    assert len(everything.walk("VEVENT")) == 2
    single = client.get(reverse("forums:meeting_ics", args=[meeting.pk]))
    assert single["Content-Type"].startswith("text/calendar")


def test_a_public_document_downloads_for_anyone(client, forum, tmp_path, settings):
    from django.core.files.base import ContentFile

    meeting = make_meeting(forum)
    document = MeetingDocument(meeting=meeting, title="Esite", original_name="esite.pdf")
    document.is_public = True
    document.file.save("meetings/x.pdf", ContentFile(b"%PDF-1.4 esite"), save=True)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 esite"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{document.get_absolute_url()}">Esite</a></li>' in page
    secret = MeetingDocument(meeting=meeting, title="Jäsenille", original_name="j.pdf")
    secret.file.save("meetings/j.pdf", ContentFile(b"%PDF-1.4 j"), save=True)
    assert "Jäsenille" not in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "url_of",
    [
        lambda forum: reverse("forums:list"),
        lambda forum: reverse("forums:calendar"),
        lambda forum: forum.get_absolute_url(),
        lambda forum: reverse("forums:feed_all"),
    ],
    ids=["list", "calendar", "forum", "feed"],
)
def test_list_pages_run_the_same_queries_at_5_and_50_rows(
    db, client, django_assert_max_num_queries, url_of
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    liperi = factories.make_municipality(code="426")

    def fill(count):
        forum = make_forum(f"Foorumi {count}")
        for number in range(count):
            child = make_forum(f"Ryhmä {count}-{number}", parent=forum if number % 2 else None)
            child.area_municipalities.add(liperi)
            make_meeting(forum, title=f"Kokous {number}")
            make_member(forum, substitute_for=forum.memberships.first())
        return forum

    small = fill(5)
    with CaptureQueriesContext(connection) as at_five:
        small_page = client.get(url_of(small)).content
    large = fill(50)
    with django_assert_max_num_queries(len(at_five)):
        large_page = client.get(url_of(large)).content
    # The larger page really shows more rows.
    assert len(large_page) > len(small_page)


def test_the_meeting_page_runs_the_same_queries_at_5_and_50_agenda_items_and_documents(
    client, forum, member_user, django_assert_max_num_queries
):
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(count):
        meeting = make_meeting(
            forum, capacity=100, minutes="Pöytäkirja.", minutes_visibility="members"
        )
        for number in range(count):
            meeting.agenda_items.create(
                order=number,
                title=f"Kohta {number}",
                duration_minutes=10,
                decision=f"Päätös {number}",
            )
            make_invitee(meeting, answer="yes")
            document = MeetingDocument(meeting=meeting, title=f"Liite {number}", is_public=True)
            document.file.save(f"meetings/{count}-{number}.pdf", ContentFile(b"%PDF"), save=True)
        return meeting

    client.force_login(member_user)
    small = fill(5)
    with CaptureQueriesContext(connection) as at_five:
        small_page = client.get(small.get_absolute_url()).content
    large = fill(50)
    with django_assert_max_num_queries(len(at_five)):
        large_page = client.get(large.get_absolute_url()).content
    assert large_page.count(b"Kohta ") == 100 > small_page.count(b"Kohta ") == 10
    assert "Päätös 49".encode() in large_page


def test_the_dashboard_panel_runs_the_same_queries_at_5_and_50_meetings(
    forum, coordinator, django_assert_max_num_queries
):
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from forums import panels

    request = RequestFactory().get("/oma/")
    request.user = coordinator

    def render():
        panel = panels.dashboard_panel(request)
        return render_to_string(panel["template"], {"panel": panel})

    for number in range(5):
        make_meeting(forum, title=f"Tapaaminen {number}")
    with CaptureQueriesContext(connection) as at_five:
        small = render()
    for number in range(5, 50):
        make_meeting(
            make_forum(f"F{number}", coordinator=coordinator), title=f"Tapaaminen {number}"
        )
    with django_assert_max_num_queries(len(at_five)):
        large = render()
    assert large.count("Tapaaminen ") == 50 > small.count("Tapaaminen ") == 5
