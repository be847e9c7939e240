"""The one-stop listing by field of activity, and the year view of application periods."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import GrantBody
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


def helsinki(year, month, day, hour=16):
    return datetime(year, month, day, hour, tzinfo=ZoneInfo("Europe/Helsinki"))


def test_the_listing_filters_by_field_of_activity(client, body):
    sports = factories.field("liikunta")
    culture = factories.field("kulttuuri")
    builders.make_open_round(body, name_fi="Liikunnan kierros").fields.add(sports)
    builders.make_open_round(body, name_fi="Kulttuurin kierros").fields.add(culture)
    builders.make_open_round(body, name_fi="Kaikille avoin kierros")
    page = client.get(reverse("grants:rounds"), {"field": sports.pk}).content.decode()
    assert "Liikunnan kierros" in page
    assert "Kaikille avoin kierros" in page
    assert "Kulttuurin kierros" not in page


def test_an_unknown_field_is_a_bad_request(client):
    response = client.get(reverse("grants:rounds"), {"field": "999999"})
    assert response.status_code == 400


def test_the_officer_sets_the_rounds_fields(client_as, open_round, officer):
    from tests.grants.test_rounds import round_data

    sports = factories.field("liikunta")
    data = round_data(open_round.body)
    data["fields"] = [str(sports.pk)]
    response = client_as(officer).post(reverse("grants:round_edit", args=[open_round.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(open_round.fields.all()) == [sports]


@pytest.fixture
def periods(municipality, other_municipality):
    sports = builders.make_body(municipality, name_fi="Liperin liikuntatoimi")
    culture = builders.make_body(
        municipality, kind=GrantBody.Kind.CULTURE, name_fi="Liperin kulttuuri"
    )
    joensuu = builders.make_body(other_municipality, name_fi="Joensuun nuoriso")
    county = builders.make_body(
        county=municipality.county, kind=GrantBody.Kind.COUNTY, name_fi="Siun sote"
    )
    builders.make_round(
        sports, name_fi="Liikunta", opens_at=helsinki(2027, 2, 1), closes_at=helsinki(2027, 3, 15)
    )
    builders.make_round(
        culture,
        name_fi="Kulttuuri",
        opens_at=helsinki(2027, 2, 15),
        closes_at=helsinki(2027, 3, 31),
    )
    builders.make_round(
        county, name_fi="Järjestöt", opens_at=helsinki(2027, 3, 1), closes_at=helsinki(2027, 3, 20)
    )
    builders.make_round(
        joensuu, name_fi="Nuoriso A", opens_at=helsinki(2027, 1, 10), closes_at=helsinki(2027, 2, 1)
    )
    builders.make_round(
        joensuu, name_fi="Nuoriso B", opens_at=helsinki(2027, 8, 1), closes_at=helsinki(2027, 9, 30)
    )
    builders.make_round(
        sports, name_fi="Ensi vuosi", opens_at=helsinki(2028, 2, 1), closes_at=helsinki(2028, 3, 1)
    )


def test_the_year_view_shows_each_municipalitys_periods_month_by_month(client, periods):
    page = client.get(reverse("grants:year"), {"year": "2027"}).content.decode()
    assert "Ensi vuosi" not in page
    liperi = page[page.index("Liperi</h2>") :]
    liperi = liperi[: liperi.index("</section>")]
    # Two departments and the county close in March: harmonised.
    assert "Yhtenäinen" in liperi or "Harmonised" in liperi
    assert "Järjestöt" in liperi and "Kulttuuri" in liperi and "Liikunta" in liperi
    assert "1.2.2027 – 15.3.2027" in liperi
    # The Liikunta row is open in February and March only.
    row = liperi[liperi.index("Liikunta</a>") :]
    row = row[: row.index("</tr>")]
    assert row.count("table-success") == 2
    joensuu = page[page.index("Joensuu</h2>") :]
    joensuu = joensuu[: joensuu.index("</section>")]
    assert "Hajanainen" in joensuu or "Scattered" in joensuu


def test_the_year_view_filters_by_municipality_and_refuses_a_bad_year(
    client, periods, municipality
):
    url = reverse("grants:year")
    page = client.get(url, {"year": "2027", "municipality": municipality.pk}).content.decode()
    assert "Liikunta" in page and "Nuoriso A" not in page
    assert client.get(url, {"year": "kolme"}).status_code == 400
    assert client.get(url, {"year": "1800"}).status_code == 400


def test_the_year_view_runs_the_same_queries_at_5_and_50_rounds(client, body):
    def add(number):
        for n in range(number):
            builders.make_round(
                body, name_fi=f"K{n}", opens_at=helsinki(2027, 1, 1), closes_at=helsinki(2027, 2, 1)
            )

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("grants:year"), {"year": "2027"}).status_code == 200
        return len(context)

    add(5)
    five = count()
    add(45)
    assert count() == five
