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


def test_the_statistics_run_the_same_queries_at_5_and_50_grants(
    client, closed_round, django_capture_on_commit_callbacks
):
    def add(number):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(number):
                grant(closed_round, factories.make_association(fields=[factories.field()]), "10")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("grants:statistics")).status_code == 200
        return [query["sql"] for query in context]

    add(5)
    five = queries()
    add(45)
    fifty = queries()
    # Each addition put the totals out of date: aggregated anew, with as many queries.
    assert len(fifty) == len(five) and any("grants_application" in sql for sql in fifty)
    # Until the next change, a request reads the stored totals and aggregates nothing.
    assert not any("grants_application" in sql for sql in queries())


def _totals(response):
    return response.context["totals"]


def _live(year=None):
    from grants import statistics

    return statistics.charts(statistics.aggregate(year))


def test_publishing_through_the_portal_shows_the_new_totals_at_once(
    client, client_as, closed_round, association, officer, django_capture_on_commit_callbacks
):
    grant(closed_round, factories.make_association(), "250")
    sent = builders.make_application(
        closed_round, association, complete=True, status="submitted", reference="AV-2027-000001"
    )
    url = reverse("grants:statistics")
    assert _totals(client.get(url))["total"] == Decimal("250")
    officer_client = client_as(officer)
    officer_client.post(
        reverse("grants:decide", args=[sent.pk]),
        {"decision": "granted", "granted_amount": "1 000,00"},
    )
    # Recorded, not yet published: the statistics stay as they were.
    assert _totals(client.get(url))["total"] == Decimal("250")
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("grants:decisions_publish", args=[closed_round.pk]))
    officer_client.logout()

    # The publication recomputed the totals in the background: the next visitor reads them.
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert not any("grants_application" in query["sql"] for query in context)
    text = response.content.decode()
    assert "2 avustusta, yhteensä 1\u00a0250,00\u00a0€." in text
    assert _totals(response) == _live()


def test_the_totals_equal_a_live_aggregation_after_every_kind_of_change(
    client,
    closed_round,
    association,
    other_association,
    body,
    municipality,
    django_capture_on_commit_callbacks,
):
    from grants import services, statistics
    from grants.models import ApplicationPriority
    from kumppanuus.places.models import WelfarePriority

    served = grant(closed_round, association, "1000", year=2025)
    grant(closed_round, other_association, "500")
    priority = WelfarePriority.objects.create(
        municipality=municipality,
        title="Nuorten liikunta",
        theme="health",
        age_group="youth",
        first_year=2025,
        last_year=2028,
    )
    culture = factories.field("kulttuuri")
    url = reverse("grants:statistics")

    def shown():
        pages = {}
        for year in (None, 2025, 2026):
            response = client.get(url, {"year": year} if year else {})
            assert response.status_code == 200
            assert _totals(response) == _live(year), year
            pages[year] = _totals(response)
        return pages

    def rename(thing, **names):
        for name, value in names.items():
            setattr(thing, name, value)
        thing.save()

    def rename_round():
        closed_round.name_fi = "Uusi kierros"
        services.round_save(round=closed_round)

    changes = [
        lambda: other_association.fields.add(culture),
        lambda: association.fields.remove(factories.field()),
        lambda: culture.associations.add(association),
        lambda: ApplicationPriority.objects.create(
            application=served, priority=priority, how="Liikuntakerho."
        ),
        lambda: rename(priority, theme="community"),
        lambda: services.bonus_review(application=served, counted=[], user=None),
        rename_round,
        lambda: rename(body, name_fi="Liperin vapaa-aikatoimi"),
        lambda: rename(municipality, name_fi="Liperin kunta"),
        lambda: rename(culture, name_fi="Kulttuuri ja taide"),
        lambda: rename(served, granted_amount=Decimal("1200")),  # the admin
    ]
    before = shown()
    for number, change in enumerate(changes):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        after = shown()
        assert after != before, number
        before = after
    assert statistics.stored(2025) == statistics.aggregate(2025)


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
