"""The one-stop listing, the round page and the calendar feed, as a visitor sees them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from associations.models import FieldOfActivity
from grants.models import GrantBody, Round
from grants.templatetags.grants_tags import euros
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


def test_it_lists_open_and_coming_rounds_of_every_body_but_not_closed_ones(client, body):
    county_body = builders.make_body(
        county=factories.make_county(), kind=GrantBody.Kind.COUNTY, name_fi="Siun sote"
    )
    builders.make_open_round(body, name_fi="Liikunta-avustukset")
    builders.make_coming_round(county_body, name_fi="Järjestöavustukset")
    builders.make_closed_round(body, name_fi="Vanha kierros")

    page = client.get(reverse("grants:rounds")).content.decode()

    assert "Liikunta-avustukset" in page
    assert "Järjestöavustukset" in page
    assert "Vanha kierros" not in page


def test_it_filters_by_municipality_kind_and_open_now(client, body, other_municipality):
    joensuu = builders.make_body(other_municipality, kind=GrantBody.Kind.CULTURE)
    builders.make_open_round(body, name_fi="Liperin kierros")
    builders.make_open_round(joensuu, name_fi="Joensuun kierros", kind=Round.Kind.PROJECT)
    builders.make_coming_round(body, name_fi="Tuleva kierros")
    url = reverse("grants:rounds")

    by_place = client.get(url, {"municipality": other_municipality.pk}).content.decode()
    assert "Joensuun kierros" in by_place and "Liperin kierros" not in by_place

    by_kind = client.get(url, {"kind": Round.Kind.PROJECT}).content.decode()
    assert "Joensuun kierros" in by_kind and "Liperin kierros" not in by_kind

    open_now = client.get(url, {"open_now": "on"}).content.decode()
    assert "Liperin kierros" in open_now and "Tuleva kierros" not in open_now


def test_the_wellbeing_county_rounds_show_under_each_of_its_municipalities(client, municipality):
    county_body = builders.make_body(county=municipality.county, kind=GrantBody.Kind.COUNTY)
    builders.make_open_round(county_body, name_fi="Hyvinvointialueen avustus")

    page = client.get(reverse("grants:rounds"), {"municipality": municipality.pk})

    assert "Hyvinvointialueen avustus" in page.content.decode()


def test_the_field_filter_with_the_municipality_and_open_now_lists_each_round_once(
    client, body, municipality
):
    county_body = builders.make_body(county=municipality.county, kind=GrantBody.Kind.COUNTY)
    both = builders.make_open_round(county_body, name_fi="Kahden alan kierros")
    both.fields.set(FieldOfActivity.objects.all()[:2])
    builders.make_open_round(body, name_fi="Kaikkien alojen kierros")
    other = builders.make_open_round(body, name_fi="Toisen alan kierros")
    other.fields.set([FieldOfActivity.objects.all()[1]])
    builders.make_coming_round(body, name_fi="Tuleva kierros")
    chosen = FieldOfActivity.objects.all()[0]

    page = client.get(
        reverse("grants:rounds"),
        {"field": chosen.pk, "municipality": municipality.pk, "open_now": "on"},
    ).content.decode()

    assert page.count("Kahden alan kierros") == 1
    assert "Kaikkien alojen kierros" in page
    assert "Toisen alan kierros" not in page and "Tuleva kierros" not in page


def test_an_invalid_filter_is_a_400(client):
    assert client.get(reverse("grants:rounds"), {"kind": "<script>"}).status_code == 400


def test_the_listing_runs_the_same_queries_at_5_and_50_rounds(
    client, body, django_assert_num_queries
):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("grants:rounds")).status_code == 200
        return len(context)

    for _ in range(5):
        builders.make_open_round(body)
    client.get(reverse("grants:rounds"))  # the filter's options are cached after a first visit
    five = count_queries()
    for _ in range(45):
        builders.make_open_round(body)
    with django_assert_num_queries(five):
        client.get(reverse("grants:rounds"))


def test_the_round_page_shows_the_facts_in_finnish_and_swedish(client, body):
    round = builders.make_open_round(
        body, required_attachments=["talousarvio", "saannot"], bonus_per_priority=2, bonus_cap=6
    )

    page = client.get(round.get_absolute_url()).content.decode()
    assert "Toiminta-avustukset 2027" in page
    assert "20\u00a0000,00\u00a0€" in page
    assert "talousarvio" in page
    assert reverse("grants:apply", args=[round.pk]) in page

    client.get(reverse("language", args=["sv"]))
    assert "Verksamhetsunderstöd 2027" in client.get(round.get_absolute_url()).content.decode()


def test_a_closed_round_page_offers_no_apply_link(client, body):
    round = builders.make_closed_round(body)
    page = client.get(round.get_absolute_url()).content.decode()
    assert reverse("grants:apply", args=[round.pk]) not in page


def test_the_calendar_feed_has_each_listed_closing_moment_in_utc_summer_time_included(client, body):
    round = builders.make_open_round(
        body, closes_at=timezone.make_aware(timezone.datetime(2099, 3, 31, 16, 0))
    )
    builders.make_closed_round(body, name_fi="Suljettu")

    response = client.get(reverse("grants:calendar"))

    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert f"UID:grant-round-{round.pk}-closes@kumppanuus" in text
    assert "DTSTART:20990331T130000Z" in text
    assert "Suljettu" not in text


def test_a_round_must_close_after_it_opens(body):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        builders.make_round(body, opens_at=now, closes_at=now - timedelta(hours=1))


def test_money_is_shown_in_finnish_format():
    from decimal import Decimal

    assert euros(Decimal("1234567.5")) == "1\u00a0234\u00a0567,50\u00a0€"
    assert euros(Decimal("0")) == "0,00\u00a0€"
    assert euros(None) == "–"


def test_the_municipality_filter_shows_a_new_grant_body_at_once(
    client, body, other_municipality, django_capture_on_commit_callbacks
):
    assert other_municipality.name_fi not in client.get(reverse("grants:rounds")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        builders.make_body(other_municipality)
    page = client.get(reverse("grants:rounds")).content.decode()
    assert f'<option value="{other_municipality.pk}">{other_municipality.name_fi}</option>' in page
    filtered = client.get(reverse("grants:rounds"), {"municipality": other_municipality.pk})
    assert filtered.status_code == 200
    assert f'<option value="{other_municipality.pk}" selected>' in filtered.content.decode()
