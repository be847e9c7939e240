"""Payments of a grant: recorded by the officer, never more than granted, seen by the applicant."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Payment
from kumppanuus.history.services import history_for
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(open_round, association):
    return builders.make_application(
        open_round,
        association,
        complete=True,
        status="decided",
        reference="AV-2027-000011",
        decision="granted",
        granted_amount=Decimal("1000.00"),
        published_at=timezone.now(),
    )


def pay(client, application, amount, instalment, paid_on="2027-04-01"):
    return client.post(
        reverse("grants:payments", args=[application.pk]),
        {"paid_on": paid_on, "amount": amount, "instalment": instalment},
    )


def test_the_officer_records_instalments_and_the_applicant_sees_them(
    client_as, granted, officer, representative
):
    client = client_as(officer)
    page = client.get(reverse("grants:payments", args=[granted.pk])).content.decode()
    assert 'value="1"' in page  # the next instalment is offered
    assert pay(client, granted, "600,00", 1).status_code == 302
    assert pay(client, granted, "400", 2, "15.06.2027").status_code == 302
    assert [(p.instalment, p.amount) for p in Payment.objects.all()] == [
        (1, Decimal("600.00")),
        (2, Decimal("400.00")),
    ]
    assert [c.action for c in history_for(granted)] == ["payment_recorded"] * 2

    page = client_as(representative).get(reverse("grants:payments", args=[granted.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "15.6.2027" in text and "1\u00a0000,00\u00a0€" in text
    assert 'name="amount"' not in text
    application_page = client_as(representative).get(granted.get_absolute_url()).content.decode()
    assert reverse("grants:payments", args=[granted.pk]) in application_page


def test_payments_cannot_exceed_the_amount_granted(client_as, granted, officer):
    client = client_as(officer)
    pay(client, granted, "700", 1)
    response = pay(client, granted, "300,01", 2)
    assert response.status_code == 400
    text = response.content.decode()
    assert "300,00\u00a0€" in text  # how much can still be paid
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"paid_on": "2027-04-01", "amount": "0", "instalment": 1}, "amount"),
        ({"paid_on": "2027-04-01", "amount": "-5", "instalment": 1}, "amount"),
        ({"paid_on": "huomenna", "amount": "5", "instalment": 1}, "paid_on"),
        ({"paid_on": "2027-04-01", "amount": "5", "instalment": 0}, "instalment"),
    ],
)
def test_bad_payments_are_refused(client_as, granted, officer, data, field):
    response = client_as(officer).post(reverse("grants:payments", args=[granted.pk]), data)
    assert response.status_code == 400
    assert f'href="#id_{field}"' in response.content.decode()
    assert not Payment.objects.exists()


def test_the_same_instalment_twice_is_refused(client_as, granted, officer):
    client = client_as(officer)
    pay(client, granted, "100", 1)
    response = pay(client, granted, "100", 1)
    assert response.status_code == 400
    assert Payment.objects.count() == 1


def test_only_the_bodys_officers_record_and_others_get_404(
    client_as, granted, representative, other_representative, other_municipality
):
    other_officer = builders.make_officer(
        builders.make_body(other_municipality), factories.make_user("muu.avustus@example.fi")
    )
    assert pay(client_as(representative), granted, "100", 1).status_code == 403
    for user in (other_representative, other_officer):
        client = client_as(user)
        assert client.get(reverse("grants:payments", args=[granted.pk])).status_code == 404
        assert pay(client, granted, "100", 1).status_code == 404
    assert not Payment.objects.exists()


def test_no_payments_page_before_a_grant_is_published(client_as, open_round, association, officer):
    sent = builders.make_application(
        open_round, association, status="submitted", decision="granted", granted_amount=5
    )
    assert client_as(officer).get(reverse("grants:payments", args=[sent.pk])).status_code == 404
