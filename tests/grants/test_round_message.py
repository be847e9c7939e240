"""An officer messages every applicant of a round: one email per representative, once."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import RoundMessage
from kumppanuus.notifications.models import Message
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicants(open_round, association, other_association, representative, other_representative):
    builders.make_application(open_round, association, status="submitted", reference="AV-1")
    builders.make_application(open_round, other_association, status="submitted", reference="AV-2")
    # A draft's association is no applicant yet.
    third = factories.make_association(name="Kolmas ry")
    factories.make_representative(third, factories.make_user("luonnos@example.fi"))
    builders.make_application(open_round, third)
    # A person representing two applicants gets the message once.
    factories.make_representative(other_association, representative)
    other_representative.language = "sv"
    other_representative.save()
    return representative, other_representative


def data(token=None, **overrides):
    return {
        "token": str(token or uuid.uuid4()),
        "subject": "Päätökset viivästyvät",
        "body": "Lautakunta käsittelee hakemukset vasta 15.5.",
        **overrides,
    }


def test_each_representative_gets_the_message_once_in_their_language(
    client_as, open_round, officer, applicants, django_capture_on_commit_callbacks
):
    representative, swedish = applicants
    client = client_as(officer)
    url = reverse("grants:round_message", args=[open_round.pk])
    assert client.get(url).status_code == 200
    token = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data(token))
        # The same form sent twice (a double click) sends nothing more.
        client.post(url, data(token))
    assert response.status_code == 302
    messages = Message.objects.filter(kind="round_message")
    assert sorted(messages.values_list("recipient_email", "language")) == sorted(
        [(representative.email, representative.language), (swedish.email, "sv")]
    )
    assert RoundMessage.objects.get().recipients == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient[swedish.email].subject == "Päätökset viivästyvät"
    assert "Verksamhetsunderstöd 2027" in by_recipient[swedish.email].body
    assert "Toiminta-avustukset 2027" in by_recipient[representative.email].body
    assert "vasta 15.5." in by_recipient[representative.email].body
    assert "Päätökset viivästyvät" in client.get(url).content.decode()


def test_an_empty_message_is_refused(client_as, open_round, officer, applicants):
    response = client_as(officer).post(
        reverse("grants:round_message", args=[open_round.pk]), data(subject="", body="")
    )
    assert response.status_code == 400
    assert not RoundMessage.objects.exists()
    assert not Message.objects.filter(kind="round_message").exists()


def test_only_the_rounds_officers_send(client_as, open_round, representative, other_municipality):
    url = reverse("grants:round_message", args=[open_round.pk])
    assert client_as(representative).post(url, data()).status_code == 403
    stranger = builders.make_officer(
        builders.make_body(other_municipality), factories.make_user("vieras@example.fi")
    )
    assert client_as(stranger).post(url, data()).status_code == 403
    assert not RoundMessage.objects.exists()
