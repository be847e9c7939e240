"""Statistics of published grants, and an association's grant history on its public page."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def grant(round, association, amount, year=2026, decision="granted", **fields):
    return builders.make_application(
        round,
        association,
        status="decided",
        decision=decision,
        granted_amount=Decimal(amount) if decision == "granted" else None,
        published_at=datetime(year, 5, 1, tzinfo=HELSINKI),
        **fields,
    )


def test_totals_by_round_body_municipality_and_field_with_tables(
    client, closed_round, association, other_association, other_municipality
):
    grant(closed_round, association, "1000")
    grant(closed_round, other_association, "500", year=2025)
    grant(closed_round, factories.make_association(), "0", decision="rejected")
    builders.make_application(
        closed_round,
        factories.make_association(),
        status="submitted",
        decision="granted",
        granted_amount=Decimal("7777"),
    )
    response = client.get(reverse("grants:statistics"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "1\u00a0500,00\u00a0€" in text  # the published grants, both years
    assert "7\u00a0777" not in text  # not published
    for chart in ("by-round", "by-body", "by-municipality", "by-field"):
        assert f'id="{chart}-title"' in text
    assert text.count("<table") == 4 and "<svg" in text
    assert "Liperin liikuntatoimi" in text and "Liperi" in text
    assert "Liikunta" in text  # the field of the association

    only_2025 = client.get(reverse("grants:statistics"), {"year": "2025"}).content.decode()
    assert "500,00\u00a0€" in only_2025 and "1\u00a0500,00" not in only_2025


def test_a_bad_year_is_refused(client):
    response = client.get(reverse("grants:statistics"), {"year": "kaikki"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_the_statistics_run_the_same_queries_at_5_and_50_grants(client, closed_round):
    def add(number):
        for _ in range(number):
            grant(closed_round, factories.make_association(fields=[factories.field()]), "10")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("grants:statistics")).status_code == 200
        return len(context)

    add(5)
    five = queries()
    add(45)
    assert queries() == five


def test_the_association_page_shows_its_published_grants_by_year(
    client, closed_round, open_round, association
):
    grant(closed_round, association, "1200", year=2025)
    grant(open_round, association, "300", year=2026, purpose="Leiri")
    other_round = builders.make_round(closed_round.body, name_fi="Hylätty kierros")
    grant(other_round, association, "0", decision="rejected", rejection_reason="Salainen syy")
    text = client.get(association.get_absolute_url()).content.decode()
    assert 'id="grant-history-title"' in text
    assert text.index("2026") < text.index("2025")
    assert "1\u00a0200,00\u00a0€" in text and "300,00\u00a0€" in text
    assert "Hylätty kierros" not in text and "Salainen syy" not in text
    assert reverse("grants:round_grants", args=[closed_round.pk]) in text


def test_an_association_without_grants_shows_no_history(client, association):
    assert (
        'id="grant-history-title"'
        not in client.get(association.get_absolute_url()).content.decode()
    )


def test_the_association_page_refreshes_when_grants_are_published(
    client, settings, closed_round, association, django_capture_on_commit_callbacks
):
    from grants import services

    settings.PAGE_CACHE_SECONDS = 60
    builders.make_application(
        closed_round,
        association,
        status="submitted",
        decision="granted",
        granted_amount=Decimal("10"),
    )
    assert (
        'id="grant-history-title"'
        not in client.get(association.get_absolute_url()).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_publish(round=closed_round)
    assert 'id="grant-history-title"' in client.get(association.get_absolute_url()).content.decode()


def test_the_association_page_runs_the_same_queries_at_5_and_50_grants(client, body, association):
    def add(number):
        for _ in range(number):
            grant(builders.make_closed_round(body), association, "10")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(association.get_absolute_url()).status_code == 200
        return len(context)

    add(5)
    five = queries()
    add(45)
    assert queries() == five


def test_totals_by_the_welfare_priorities_served(client, closed_round, association, municipality):
    from grants.models import ApplicationPriority
    from kumppanuus.places.models import WelfarePriority

    def priority(title, theme, age_group):
        return WelfarePriority.objects.create(
            municipality=municipality,
            title=title,
            theme=theme,
            age_group=age_group,
            first_year=2025,
            last_year=2028,
        )

    health_youth = priority("Nuorten mielenterveys", "health", "youth")
    health_older = priority("Ikäihmisten liikkuminen", "health", "older")
    community = priority("Kylien yhteisöllisyys", "community", "youth")
    served = grant(closed_round, association, "1000")
    for chosen in (health_youth, health_older, community):
        ApplicationPriority.objects.create(application=served, priority=chosen, how="Näin.")
    unchecked = grant(closed_round, factories.make_association(), "400")
    ApplicationPriority.objects.create(
        application=unchecked, priority=community, how="Ei.", accepted=False
    )
    response = client.get(reverse("grants:statistics"))
    text = response.content.decode()
    theme = text[text.index('id="by-priority-theme-title"') : text.index('id="by-priority-age')]
    # Two health priorities, one grant: 1 000 € once under health; the officer's unchecked
    # priority does not count.
    assert "terveys" in theme.lower()
    assert theme.count("1\u00a0000,00\u00a0€") == 2  # health and community rows
    assert "400,00" not in theme
    age = text[text.index('id="by-priority-age-group-title"') :]
    assert age.count("1\u00a0000,00\u00a0€") == 2  # youth and older people
