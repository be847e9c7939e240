"""Usage reports (käyttöselvitys): the association reports, the officer accepts or asks more."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import UsageReport
from tests.grants import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(open_round, association):
    return builders.make_application(
        open_round,
        association,
        complete=True,
        status="decided",
        reference="AV-2027-000007",
        decision="granted",
        granted_amount=Decimal("1000.00"),
        published_at=timezone.now(),
    )


def test_the_association_reports_and_the_officer_asks_more_then_accepts(
    client_as, granted, representative, officer
):
    url = reverse("grants:usage_report", args=[granted.pk])
    rep = client_as(representative)
    assert (
        rep.post(url, {"what_was_done": "Kolme konserttia", "money_used": "980,00"}).status_code
        == 302
    )
    report = UsageReport.objects.get()
    assert report.money_used == Decimal("980.00")
    # Sent: the representative cannot change it while the officer handles it.
    assert rep.post(url, {"what_was_done": "x", "money_used": "1"}).status_code == 403

    officer_client = client_as(officer)
    refused = officer_client.post(url, {"accept": "0", "comment": ""})
    assert refused.status_code == 400
    officer_client.post(url, {"accept": "0", "comment": "Liitä tositteet"})
    report.refresh_from_db()
    assert report.status == UsageReport.Status.MORE_ASKED

    rep = client_as(representative)
    assert "Liitä tositteet" in rep.get(url).content.decode()
    rep.post(url, {"what_was_done": "Kolme konserttia, tositteet", "money_used": "980,00"})
    officer_client = client_as(officer)
    officer_client.post(url, {"accept": "1", "comment": ""})
    report.refresh_from_db()
    assert report.status == UsageReport.Status.ACCEPTED
    assert report.what_was_done == "Kolme konserttia, tositteet"


def test_no_report_for_an_unpublished_or_rejected_application(
    client_as, open_round, association, representative
):
    rejected = builders.make_application(
        open_round, association, status="decided", decision="rejected", published_at=timezone.now()
    )
    response = client_as(representative).post(
        reverse("grants:usage_report", args=[rejected.pk]),
        {"what_was_done": "x", "money_used": "1"},
    )
    assert response.status_code == 403
    assert not UsageReport.objects.exists()


def test_a_negative_amount_is_refused(client_as, granted, representative):
    response = client_as(representative).post(
        reverse("grants:usage_report", args=[granted.pk]),
        {"what_was_done": "x", "money_used": "-1"},
    )
    assert response.status_code == 400
    assert not UsageReport.objects.exists()
