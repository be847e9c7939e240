"""The public list of grants given in a round: published grants only, nothing confidential."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import ApplicationAttachment
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


def test_published_grants_are_listed_without_rejections_or_personal_data(
    client, closed_round, association, other_association
):
    now = timezone.now()
    granted = builders.make_application(
        closed_round,
        association,
        complete=True,
        status="decided",
        purpose="Junioritoiminta",
        decision="granted",
        granted_amount=Decimal("1500.00"),
        conditions="Salainen ehto",
        published_at=now,
        contact_email="henkilo@example.fi",
    )
    ApplicationAttachment.objects.create(
        application=granted,
        type="other",
        file="x.pdf",
        original_name="luottamus.pdf",
        confidential=True,
    )
    builders.make_application(
        closed_round,
        other_association,
        status="decided",
        decision="rejected",
        rejection_reason="Ei kunnan alueella",
        published_at=now,
    )
    unpublished = factories.make_association(name="Julkaisematon ry")
    builders.make_application(
        closed_round, unpublished, status="submitted", decision="granted", granted_amount=9
    )

    round_page = client.get(closed_round.get_absolute_url()).content.decode()
    url = reverse("grants:round_grants", args=[closed_round.pk])
    assert url in round_page
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Liperin Liikuntaseura ry" in text and "Junioritoiminta" in text
    assert "1\u00a0500,00\u00a0€" in text
    for hidden in (
        "Joensuun Eläkeläiset ry",
        "Ei kunnan alueella",
        "Julkaisematon ry",
        "Salainen ehto",
        "henkilo@example.fi",
        "luottamus.pdf",
    ):
        assert hidden not in text


def test_before_publishing_the_list_is_empty_and_the_round_page_has_no_link(client, open_round):
    url = reverse("grants:round_grants", args=[open_round.pk])
    assert url not in client.get(open_round.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    assert client.get(reverse("grants:round_grants", args=[999999])).status_code == 404


def test_the_list_runs_the_same_queries_at_5_and_50_grants(client, closed_round):
    def add(number):
        for _ in range(number):
            builders.make_application(
                closed_round,
                factories.make_association(),
                status="decided",
                decision="granted",
                granted_amount=Decimal("100"),
                published_at=timezone.now(),
            )

    url = reverse("grants:round_grants", args=[closed_round.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    add(5)
    five = queries()
    add(45)
    assert queries() == five


def test_the_page_is_cached_and_refreshed_when_decisions_are_published(
    client, settings, closed_round, association, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    url = reverse("grants:round_grants", args=[closed_round.pk])
    builders.make_application(
        closed_round,
        association,
        status="submitted",
        decision="granted",
        granted_amount=Decimal("10"),
    )
    assert "Liperin Liikuntaseura ry" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_publish(round=closed_round)
    assert "Liperin Liikuntaseura ry" in client.get(url).content.decode()


def test_the_list_comes_a_page_at_a_time_with_the_round_totals_at_the_top(
    client, closed_round, monkeypatch
):
    from grants import views

    monkeypatch.setattr(views, "GRANTS_PAGE_SIZE", 2)
    for number, amount in enumerate(["100", "200", "300.50"]):
        builders.make_application(
            closed_round,
            factories.make_association(name=f"Seura {number} ry"),
            status="decided",
            decision="granted",
            granted_amount=Decimal(amount),
            published_at=timezone.now(),
            purpose=f"Tarkoitus <{number}>",
        )
    url = reverse("grants:round_grants", args=[closed_round.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    for text in (first, second):
        # The round's count and total over all pages, on every page.
        assert "3 avustusta, yhteensä 600,50\u00a0€." in text
        assert '<nav aria-label="Sivut">' in text
    assert "Seura 0 ry" in first and "Seura 1 ry" in first and "Seura 2 ry" not in first
    assert "Seura 2 ry" in second and "Seura 0 ry" not in second
    assert "Tarkoitus &lt;2&gt;" in second  # escaped
    assert 'href="?page=2"' in first
    # A page past the end shows the last page, as the other lists do.
    assert "Seura 2 ry" in client.get(url, {"page": "99"}).content.decode()


def test_an_inactive_association_is_named_without_a_link(client, closed_round):
    active = factories.make_association(name="Toimiva ry")
    ended = factories.make_association(name="Lopettanut ry", is_active=False)
    for association in (active, ended):
        builders.make_application(
            closed_round,
            association,
            status="decided",
            decision="granted",
            granted_amount=Decimal("10"),
            published_at=timezone.now(),
        )
    text = client.get(reverse("grants:round_grants", args=[closed_round.pk])).content.decode()
    assert f'<a href="{active.get_absolute_url()}">Toimiva ry</a>' in text
    assert "<td>Lopettanut ry</td>" in text


def test_the_heading_names_the_round_its_body_and_the_county_in_the_readers_language(client):
    county = factories.make_county()
    county.name_sv = "Norra Karelens välfärdsområde"
    county.save()
    body = builders.make_body(
        county=county,
        kind="county",
        name_fi="Siun soten järjestöavustukset",
        name_sv="Siun sotes föreningsunderstöd",
    )
    round = builders.make_closed_round(body)
    builders.make_application(
        round,
        factories.make_association(name="Seura ry"),
        status="decided",
        decision="granted",
        granted_amount=Decimal("100"),
        published_at=timezone.now(),
    )
    url = reverse("grants:round_grants", args=[round.pk])

    finnish = client.get(url).content.decode()
    assert (
        f'<a href="{round.get_absolute_url()}">Toiminta-avustukset 2027</a> · '
        "Siun soten järjestöavustukset (Pohjois-Karjalan hyvinvointialue)"
    ) in finnish

    client.get(reverse("language", args=["sv"]))
    swedish = client.get(url).content.decode()
    assert (
        f'<a href="{round.get_absolute_url()}">Verksamhetsunderstöd 2027</a> · '
        "Siun sotes föreningsunderstöd (Norra Karelens välfärdsområde)"
    ) in swedish
