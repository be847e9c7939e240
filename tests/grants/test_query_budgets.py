"""The round page and the application page run the same number of queries at 5 and 50 rows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import ApplicationAttachment, BudgetLine, ScoringCriterion

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_round_page_at_5_and_50_criteria(client, open_round):
    def add(number):
        for n in range(number):
            ScoringCriterion.objects.create(round=open_round, name=f"Peruste {n}")

    add(5)
    five = count(client, open_round.get_absolute_url())
    add(45)
    assert count(client, open_round.get_absolute_url()) == five


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_the_application_page_at_5_and_50_budget_lines_and_attachments(
    client_as, draft, representative, status
):
    draft.status = status
    draft.save()

    def add(number):
        for n in range(number):
            BudgetLine.objects.create(
                application=draft, kind="expense", description=f"Rivi {n}", amount=Decimal("1")
            )
            ApplicationAttachment.objects.create(
                application=draft, type="other", file=f"applications/{n}.pdf", original_name="a.pdf"
            )

    client = client_as(representative)
    add(5)
    count(client, draft.get_absolute_url())
    five = count(client, draft.get_absolute_url())
    add(45)
    assert count(client, draft.get_absolute_url()) == five


def test_the_application_page_at_5_and_50_priorities_and_earlier_documents(
    client_as, draft, representative, body, association, municipality
):
    from grants.models import ApplicationPriority
    from kumppanuus.places.models import WelfarePriority
    from tests.grants import builders

    earlier = builders.make_application(builders.make_closed_round(body), association)

    def add(number):
        for n in range(number):
            priority = WelfarePriority.objects.create(
                municipality=municipality,
                title=f"Painopiste {n}",
                age_group="all",
                theme="health",
                first_year=2020,
                last_year=2035,
            )
            ApplicationPriority.objects.create(application=draft, priority=priority, how="Näin")
            ApplicationAttachment.objects.create(
                application=earlier,
                type="saannot",
                file=f"applications/s{n}.pdf",
                original_name="s.pdf",
            )

    client = client_as(representative)
    add(5)
    count(client, draft.get_absolute_url())
    five = count(client, draft.get_absolute_url())
    add(45)
    assert count(client, draft.get_absolute_url()) == five


def test_the_round_message_page_at_5_and_50_messages(client_as, open_round, officer):
    import uuid

    from grants.models import RoundMessage

    def add(number):
        for n in range(number):
            RoundMessage.objects.create(
                round=open_round,
                subject=f"Aihe {n}",
                body="Teksti",
                token=uuid.uuid4(),
                sent_by=officer,
            )

    from django.urls import reverse

    client = client_as(officer)
    url = reverse("grants:round_message", args=[open_round.pk])
    add(5)
    count(client, url)
    five = count(client, url)
    add(45)
    assert count(client, url) == five
