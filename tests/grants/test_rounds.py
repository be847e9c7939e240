"""Officers create, edit and copy rounds; the closing moment moves the reminders with it."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from grants import services
from grants.models import Round, ScoringCriterion
from kumppanuus.notifications.models import Message
from tests.grants import builders

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def round_data(body, **overrides):
    data = {
        "body": body.pk,
        "name_fi": "Kohdeavustukset 2027",
        "name_sv": "Riktade understöd 2027",
        "kind": "kohdeavustus",
        "description": "Tapahtumiin",
        "criteria": "Avoimuus",
        "eligibility": "also_unregistered",
        "money_available": "15 000,00",
        "opens_at": "2027-01-01T08:00",
        "closes_at": "2027-01-31T16:00",
        "required_attachments": ["talousarvio", "saannot"],
        "usage_report_due": "2028-03-31",
        "bonus_per_priority": "2",
        "bonus_cap": "6",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-name": "Vaikuttavuus",
        "criteria-0-weight": "2",
    }
    data.update(overrides)
    return data


def test_an_officer_creates_a_round_in_helsinki_time(client_as, body, officer):
    client = client_as(officer)
    assert client.get(reverse("grants:round_create")).status_code == 200

    response = client.post(reverse("grants:round_create"), round_data(body))

    round = Round.objects.get()
    assert response.url == reverse("grants:round_applications", args=[round.pk])
    assert round.closes_at == datetime(2027, 1, 31, 16, 0, tzinfo=HELSINKI)
    assert round.money_available == Decimal("15000.00")
    assert round.required_attachments == ["talousarvio", "saannot"]
    assert list(ScoringCriterion.objects.values_list("name", "weight")) == [
        ("Vaikuttavuus", Decimal("2.00"))
    ]


def test_a_round_that_closes_before_it_opens_is_refused(client_as, body, officer):
    response = client_as(officer).post(
        reverse("grants:round_create"), round_data(body, closes_at="2026-12-31T16:00")
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Round.objects.exists()


def test_an_officer_cannot_create_a_round_for_another_body(
    client_as, body, officer, other_municipality
):
    other = builders.make_body(other_municipality)
    response = client_as(officer).post(reverse("grants:round_create"), round_data(other))
    assert response.status_code == 400
    assert not Round.objects.exists()


def test_a_person_who_is_no_officer_cannot_create_rounds(client_as, body, official):
    assert client_as(official).get(reverse("grants:round_create")).status_code == 403


def test_editing_the_closing_moment_replans_the_drafts_reminders(
    client_as, open_round, officer, draft
):
    services.reminders_plan(draft)
    before = set(
        Message.objects.filter(kind=services.REMINDER_KIND, status="pending").values_list(
            "due_at", flat=True
        )
    )
    local = open_round.closes_at.astimezone(HELSINKI)
    data = round_data(
        open_round.body,
        opens_at=open_round.opens_at.astimezone(HELSINKI).strftime("%Y-%m-%dT%H:%M"),
        closes_at=(local + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client_as(officer).post(reverse("grants:round_edit", args=[open_round.pk]), data)

    assert response.status_code == 302
    after = set(
        Message.objects.filter(kind=services.REMINDER_KIND, status="pending").values_list(
            "due_at", flat=True
        )
    )
    assert after and after.isdisjoint(before)
    assert Message.objects.filter(kind="round_closed", status="pending").count() == 1


def test_copying_a_round_makes_next_years_round_with_its_criteria(client_as, body, officer):
    round = builders.make_round(
        body,
        opens_at=datetime(2027, 1, 1, 8, 0, tzinfo=HELSINKI),
        closes_at=datetime(2027, 1, 31, 16, 0, tzinfo=HELSINKI),
    )
    ScoringCriterion.objects.create(round=round, name="Vaikuttavuus", weight=2)
    client = client_as(officer)

    assert client.get(reverse("grants:round_copy", args=[round.pk])).status_code == 200
    response = client.post(reverse("grants:round_copy", args=[round.pk]))

    copy = Round.objects.exclude(pk=round.pk).get()
    assert response.url == reverse("grants:round_edit", args=[copy.pk])
    assert copy.closes_at == datetime(2028, 1, 31, 16, 0, tzinfo=HELSINKI)
    assert list(copy.criteria_set.values_list("name", flat=True)) == ["Vaikuttavuus"]


def test_a_round_closing_on_leap_day_is_copied_to_the_28th(body):
    round = builders.make_round(
        body,
        opens_at=datetime(2028, 2, 1, 8, 0, tzinfo=HELSINKI),
        closes_at=datetime(2028, 2, 29, 16, 0, tzinfo=HELSINKI),
    )
    copy = services.round_copy_to_next_year(round=round)
    assert copy.closes_at == datetime(2029, 2, 28, 16, 0, tzinfo=HELSINKI)


def test_an_invitation_to_the_officer_role_makes_the_person_an_officer_of_the_body(
    client_as, body, outsider, admin_user
):
    from kumppanuus.accounts.services import invitation_accept, invitation_create

    invitation = invitation_create(
        email=outsider.email, role=services.OFFICER_ROLE, target=body, invited_by=admin_user
    )
    landing = invitation_accept(invitation=invitation, user=outsider)

    assert landing == reverse("grants:rounds")
    assert body.officers.filter(user=outsider).exists()
    assert client_as(outsider).get(reverse("grants:round_create")).status_code == 200
