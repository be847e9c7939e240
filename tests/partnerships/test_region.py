"""The region's guidelines side by side, their status, and the welfare priorities counted."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.models import Forum
from kumppanuus.partnerships import services
from kumppanuus.places.models import WelfarePriority
from tests import factories
from tests.forums.conftest import make_meeting
from tests.grants import builders
from tests.partnerships.conftest import publish

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
    return len(context), response.content.decode()


@pytest.fixture
def county():
    return factories.make_county(code="98", name_fi="Testin hyvinvointialue")


def add_municipalities(county, number, author):
    for n in range(number):
        municipality = factories.make_municipality(county=county)
        guideline = services.guideline_for(municipality, create=True)
        if n % 2 == 0:
            publish(
                guideline, author, premises=f"<p>Tilat {municipality.name_fi}</p>", communication=""
            )
        WelfarePriority.objects.create(
            municipality=municipality,
            title=f"Painopiste {n}",
            age_group=["children", "youth", "older"][n % 3],
            theme=["health", "community"][n % 2],
            first_year=2020,
            last_year=2100,
        )


def test_the_status_table_and_comparison_run_the_same_queries_at_3_and_12_municipalities(
    client, county, admin_user
):
    region = reverse("partnerships:region", args=[county.code])
    compare = reverse("partnerships:compare", args=[county.code, "toimitilat"])
    priorities = reverse("partnerships:priorities", args=[county.code])
    add_municipalities(county, 3, admin_user)
    small = [count(client, url)[0] for url in (region, compare, priorities)]
    add_municipalities(county, 9, admin_user)
    large = [count(client, url) for url in (region, compare, priorities)]
    assert [n for n, _page in large] == small
    # The county with its guideline in one query, its municipalities with theirs in another.
    assert small[:2] == [2, 2]
    region_page, compare_page, priorities_page = (page for _n, page in large)
    assert "Tiedottamisen periaatteet" in region_page  # an empty section named
    assert "vain luonnos" in region_page and "versio 1" in region_page
    assert compare_page.count("<p>Tilat Testikunta") == 7  # n = 0, 2 of 3 and 0, 2, 4, 6, 8 of 9


def test_the_regional_chart_counts_priorities_by_age_group_and_theme(client, county, admin_user):
    add_municipalities(county, 6, admin_user)
    _n, page = count(client, reverse("partnerships:priorities", args=[county.code]))
    table = page[page.index('id="priority-numbers"') :]
    table = table[: table.index("</table>")]
    # Health: n = 0 (children), 2 (older) and 4 (young).
    health = table[table.index("Terveys") :].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in health.split('class="text-end">')[1:]] == [
        "1", "1", "0", "1", "0", "3"
    ]  # fmt: skip
    assert "<svg" in page and 'role="img"' in page
    assert 'id="chart-ages-title"' in page


def test_a_priority_links_to_its_municipality_s_rounds_and_forums(client, municipality):
    priority = WelfarePriority.objects.create(
        municipality=municipality,
        title="Nuorten osallisuus",
        age_group="youth",
        theme="community",
        first_year=2020,
        last_year=2100,
    )
    body = builders.make_body(municipality)
    open_round = builders.make_open_round(body, name_fi="Avoin haku", bonus_per_priority=2)
    builders.make_closed_round(body, name_fi="Mennyt haku")
    forum = Forum.objects.create(name="Hyvinvointihytinät Liperi")
    forum.area_municipalities.add(municipality)
    Forum.objects.create(name="Muualla")
    page = client.get(reverse("partnerships:priority", args=[priority.pk])).content.decode()
    assert open_round.get_absolute_url() in page and "Mennyt haku" not in page
    assert "Lisäpisteitä hyvinvoinnin painopisteiden tukemisesta: 2" in page
    assert forum.get_absolute_url() in page and "Muualla" not in page


def test_the_guideline_page_runs_the_same_queries_with_more_live_data(
    client, contact_person, municipality
):
    guideline = services.guideline_for(municipality, create=True)
    publish(guideline, contact_person)
    body = builders.make_body(municipality)

    def add(start, stop):
        for n in range(start, stop):
            builders.make_open_round(body, name_fi=f"Haku {n}")
            forum = Forum.objects.create(name=f"Foorumi {n}")
            forum.organiser_municipalities.add(municipality)
            make_meeting(forum, title=f"Kokous {n}")
            WelfarePriority.objects.create(
                municipality=municipality,
                title=f"Painopiste {n}",
                age_group="all",
                theme="health",
                first_year=2020,
                last_year=2100,
            )

    add(0, 5)
    url = guideline.get_absolute_url()
    five, _page = count(client, url)
    add(5, 50)
    fifty, page = count(client, url)
    assert fifty == five
    # The municipality with its county, guideline and latest version in one query, and one for
    # each section's live data (the forums with their next meetings in one): forums, agreements,
    # grants, premises, and the priorities with the contacts (kumppanuus.places.selectors).
    assert five == 6
    assert "Haku 49" in page and "Foorumi 49" in page and "Painopiste 49" in page
    assert "Kokous 49" in page


def test_the_status_rows_and_cards_link_each_guideline_and_escape_the_names(
    client, county, admin_user
):
    ours = factories.make_municipality(county=county, name_fi="Ala & <Ylä>")
    publish(services.guideline_for(ours, create=True), admin_user, premises="<p>Seurantalo</p>")
    publish(services.guideline_for(county, create=True), admin_user, premises="")
    factories.make_municipality(county=county, name_fi="Vielä ilman")
    _n, status = count(client, reverse("partnerships:region", args=[county.code]))
    ours_url = reverse("partnerships:guideline", args=["kunta", ours.code])
    county_url = reverse("partnerships:guideline", args=["hyvinvointialue", county.code])
    assert f'<a href="{ours_url}">Ala &amp; &lt;Ylä&gt;</a>' in status
    assert f'<a href="{county_url}">Testin hyvinvointialue</a>' in status
    assert '<td data-label="Ikä">0 päivää</td>' in status
    assert '<th scope="row">Vielä ilman</th>' in status and '<td data-label="Ikä">–</td>' in status
    _n, cards = count(client, reverse("partnerships:compare", args=[county.code, "toimitilat"]))
    assert f'<a href="{ours_url}#toimitilat">Ala &amp; &lt;Ylä&gt;</a>' in cards
    assert '<div class="guideline-text"><p>Seurantalo</p></div>' in cards
    assert f'<a href="{county_url}#toimitilat">' in cards  # its section empty: said so
    assert "Kunta ei ole vielä kirjoittanut tätä osiota." in cards
    assert "Vielä ilman" in cards[cards.index("Ei vielä julkaistua ohjetta") :]


def test_the_region_pages_name_and_order_in_swedish_and_leave_out_ended_municipalities(
    client, county, admin_user
):
    county.name_sv = "Testens välfärdsområde"
    county.save()
    first = factories.make_municipality(county=county, name_fi="Öörni", name_sv="Aaby")
    second = factories.make_municipality(county=county, name_fi="Aapa", name_sv="Bbyn")
    publish(services.guideline_for(first, create=True), admin_user, premises="<p>Sal</p>")
    factories.make_municipality(
        county=county, name_fi="Lakannut", valid_to=datetime.date(2020, 12, 31)
    )
    client.cookies["django_language"] = "sv"
    for url in (
        reverse("partnerships:region", args=[county.code]),
        reverse("partnerships:compare", args=[county.code, "toimitilat"]),
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
        assert "Testens välfärdsområde" in page and "Lakannut" not in page
        assert "Öörni" not in page and "Aapa" not in page
        assert page.index("Aaby") < page.index("Bbyn")
    status = client.get(reverse("partnerships:region", args=[county.code])).content.decode()
    first_url = reverse("partnerships:guideline", args=["kunta", first.code])
    assert f'<a href="{first_url}">Aaby</a>' in status
    assert f'<th scope="row">{second.name_sv}</th>' in status
