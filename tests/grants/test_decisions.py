"""Decisions: recorded by the officer, exported for the board, published with an email."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from grants.models import Application
from kumppanuus.notifications.models import Message
from tests.grants import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(open_round, association):
    return builders.make_application(
        open_round, association, complete=True, status="submitted", reference="AV-2027-000042"
    )


def test_the_officer_grants_an_amount_with_conditions(client_as, sent, officer):
    response = client_as(officer).post(
        reverse("grants:decide", args=[sent.pk]),
        {
            "proposed_amount": "1 000,00",
            "decision": "granted",
            "granted_amount": "1 000,00",
            "conditions": "Käyttöselvitys 31.3. mennessä",
        },
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.decision == "granted"
    assert sent.granted_amount == Decimal("1000.00")
    assert sent.published_at is None
    assert sent.status == "submitted"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "granted"}, "granted_amount"),
        ({"decision": "rejected", "rejection_reason": "  "}, "rejection_reason"),
        ({"decision": "granted", "granted_amount": "-5"}, "granted_amount"),
    ],
)
def test_a_decision_without_its_amount_or_reason_is_refused(client_as, sent, officer, data, field):
    response = client_as(officer).post(reverse("grants:decide", args=[sent.pk]), data)
    assert response.status_code == 400
    assert f'href="#id_{field}"' in response.content.decode()
    sent.refresh_from_db()
    assert sent.decision == ""


def test_publishing_emails_each_applicant_once_and_shows_the_decision(
    client_as, sent, officer, representative, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as(officer)
    client.post(
        reverse("grants:decide", args=[sent.pk]),
        {"decision": "rejected", "rejection_reason": "Ei kunnan alueella"},
    )
    url = reverse("grants:decisions_publish", args=[sent.round.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # a second publish has nothing left to send

    sent.refresh_from_db()
    assert sent.status == Application.Status.DECIDED and sent.published_at
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert "AV-2027-000042" in mailoutbox[0].subject
    assert Message.objects.filter(kind="grant_decision").count() == 1
    page = client_as(representative).get(sent.get_absolute_url()).content.decode()
    assert "Ei kunnan alueella" in page
    again = client_as(officer).post(
        reverse("grants:decide", args=[sent.pk]), {"decision": "granted", "granted_amount": "5"}
    )
    assert again.status_code == 400
    sent.refresh_from_db()
    assert sent.decision == "rejected"


def test_the_proposal_exports_as_csv_and_xlsx_without_drafts(
    client_as, sent, officer, open_round, other_association
):
    Application.objects.filter(pk=sent.pk).update(proposed_amount=Decimal("1250.50"))
    builders.make_application(open_round, other_association, purpose="=HYPERLINK(luonnos)")
    client = client_as(officer)

    response = client.get(reverse("grants:export", args=[open_round.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == ["AV-2027-000042", "Liperin Liikuntaseura ry"]
    assert rows[1][5] == "1250,50"
    assert len(rows) == 2

    response = client.get(reverse("grants:export", args=[open_round.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["F2"].value == 1250.5
    assert sheet.max_row == 2


def test_only_officers_export_and_decide(client_as, sent, representative, official):
    for user in (representative, official):
        client = client_as(user)
        assert client.get(reverse("grants:export", args=[sent.round.pk, "csv"])).status_code == 403
        assert client.post(
            reverse("grants:decide", args=[sent.pk]), {"decision": "rejected"}
        ).status_code in (403, 404)
    sent.refresh_from_db()
    assert sent.decision == ""
