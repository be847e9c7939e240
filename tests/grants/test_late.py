"""An officer accepts a late application with a recorded reason."""

import pytest
from django.urls import reverse

from grants.models import Application
from kumppanuus.history.services import history_for
from tests.grants import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_draft(body, association, representative):
    round = builders.make_closed_round(body)
    return builders.make_application(round, association, complete=True)


def accept(client, application, reason="Verkkopalvelun katko hakuajan viimeisenä päivänä."):
    return client.post(reverse("grants:late_accept", args=[application.pk]), {"reason": reason})


def test_a_late_draft_is_read_only_until_the_officer_accepts_it(
    client_as, late_draft, officer, representative
):
    client = client_as(representative)
    assert client.post(reverse("grants:submit", args=[late_draft.pk])).status_code == 403

    officer_client = client_as(officer)
    page = officer_client.get(late_draft.get_absolute_url()).content.decode()
    assert reverse("grants:late_accept", args=[late_draft.pk]) in page
    assert accept(officer_client, late_draft).status_code == 302
    late_draft.refresh_from_db()
    assert late_draft.late_accepted_at is not None
    assert late_draft.late_reason.startswith("Verkkopalvelun katko")
    change = history_for(late_draft).get(action="grants_late_accepted")
    assert change.user == officer and "katko" in change.note

    client = client_as(representative)
    assert client.post(reverse("grants:submit", args=[late_draft.pk])).status_code == 302
    late_draft.refresh_from_db()
    assert late_draft.status == Application.Status.SUBMITTED
    assert late_draft.reference
    assert history_for(late_draft).filter(action="grants_sent_late", user=representative).exists()


def test_a_reason_is_required(client_as, late_draft, officer):
    assert accept(client_as(officer), late_draft, "").status_code == 400
    late_draft.refresh_from_db()
    assert late_draft.late_accepted_at is None


def test_only_a_draft_of_a_closed_round_can_be_accepted_late(
    client_as, open_round, association, officer
):
    draft = builders.make_application(open_round, association)
    assert accept(client_as(officer), draft).status_code == 400
    draft.refresh_from_db()
    assert draft.late_accepted_at is None


def test_only_the_officer_accepts(client_as, late_draft, representative, other_representative):
    assert accept(client_as(representative), late_draft).status_code == 403
    assert accept(client_as(other_representative), late_draft).status_code == 404
    late_draft.refresh_from_db()
    assert late_draft.late_accepted_at is None


def test_the_form_of_an_open_rounds_draft_says_why_nothing_can_be_done(
    client_as, open_round, association, officer
):
    draft = builders.make_application(open_round, association)
    page = client_as(officer).get(reverse("grants:late_accept", args=[draft.pk]))
    assert page.status_code == 200
    assert "Myöhästyneenä voi hyväksyä vain" in page.content.decode()
    assert 'name="reason"' not in page.content.decode()
