"""An officer asks for more information: the applicant is emailed, the application reopens."""

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import Application, InfoRequest
from kumppanuus.history.services import history_for
from kumppanuus.notifications.models import Message
from tests import factories
from tests.grants import builders
from tests.grants.test_applying import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(body):
    return builders.make_closed_round(body)


@pytest.fixture
def sent(closed_round, association, representative):
    return builders.make_application(
        closed_round, association, complete=True, status="submitted", reference="AV-2026-000007"
    )


def ask(client, application, message="Lähettäkää vielä talousarvion erittely."):
    return client.post(reverse("grants:info_request", args=[application.pk]), {"message": message})


def test_the_officer_asks_and_the_applicant_is_emailed_once(
    client_as, sent, officer, representative, association, django_capture_on_commit_callbacks
):
    colleague = factories.make_representative(association, factories.make_user("toinen@example.fi"))
    client = client_as(officer)
    assert client.get(reverse("grants:info_request", args=[sent.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, sent)
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Application.Status.RETURNED
    sent_to = sorted(
        Message.objects.filter(kind="application_info_request").values_list(
            "recipient_email", flat=True
        )
    )
    assert sent_to == sorted([representative.email, colleague.email])
    assert any("talousarvion erittely" in m.body for m in mail.outbox)
    change = history_for(sent).get(action="grants_info_requested")
    assert change.note == "Lähettäkää vielä talousarvion erittely."
    assert change.user == officer

    # A second request while the first waits is refused; no second email.
    again = ask(client, sent, "Toinen pyyntö")
    assert again.status_code == 400
    assert InfoRequest.objects.count() == 1
    assert Message.objects.filter(kind="application_info_request").count() == 2


def test_the_applicant_edits_after_the_deadline_and_sends_again(
    client_as, sent, officer, representative
):
    ask(client_as(officer), sent)
    client = client_as(representative)
    page = client.get(sent.get_absolute_url()).content.decode()
    assert "talousarvion erittely" in page
    sent.refresh_from_db()
    saved = client.post(
        sent.get_absolute_url(), form_data(sent, description="Erittely: salit 2 000 €.")
    )
    assert saved.status_code == 302

    sent_again = client.post(reverse("grants:submit", args=[sent.pk]))
    assert sent_again.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Application.Status.SUBMITTED
    assert sent.reference == "AV-2026-000007"
    assert sent.description == "Erittely: salit 2 000 €."
    assert InfoRequest.objects.get().answered_at is not None
    actions = list(history_for(sent).values_list("action", flat=True))
    assert actions == ["grants_info_answered", "grants_info_requested"]
    # Read-only again: the deadline has passed and nothing more was asked.
    refused = client.post(sent.get_absolute_url(), form_data(sent, description="Myöhässä"))
    assert refused.status_code == 403


def test_an_empty_request_is_refused_and_nothing_changes(client_as, sent, officer):
    response = ask(client_as(officer), sent, "  ")
    assert response.status_code == 400
    sent.refresh_from_db()
    assert sent.status == Application.Status.SUBMITTED
    assert not Message.objects.filter(kind="application_info_request").exists()


def test_a_draft_or_a_decided_application_cannot_be_asked(
    client_as, open_round, other_association, officer, sent
):
    draft = builders.make_application(open_round, other_association)
    assert ask(client_as(officer), draft).status_code == 400
    Application.objects.filter(pk=sent.pk).update(status="decided", published_at=sent.created_at)
    assert ask(client_as(officer), sent).status_code == 400
    assert not InfoRequest.objects.exists()


def test_only_the_officer_asks(client_as, sent, representative, other_representative, outsider):
    assert ask(client_as(representative), sent).status_code == 403
    assert ask(client_as(other_representative), sent).status_code == 404
    assert ask(client_as(outsider), sent).status_code == 404
    assert not InfoRequest.objects.exists()


def test_the_officer_of_another_body_gets_404(client_as, sent, other_municipality):
    other_body = builders.make_body(other_municipality)
    stranger = builders.make_officer(other_body, factories.make_user("vieras@example.fi"))
    assert ask(client_as(stranger), sent).status_code == 404
