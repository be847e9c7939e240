"""Limits on email sent on someone's behalf: refused beyond the limit, nothing saved."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from associations.models import RepresentationRequest
from kumppanuus.accounts.models import Invitation
from kumppanuus.notifications.models import Feedback, Message

FEEDBACK_URL = "/saavutettavuusseloste/"


def test_invitations_beyond_the_hourly_limit_are_refused(
    client, settings, association, representative
):
    settings.INVITATIONS_PER_HOUR = 2
    client.force_login(representative)
    url = reverse("associations:manage", args=[association.pk])
    for number in range(2):
        response = client.post(url, {"email": f"uusi{number}@example.fi", "role": "member"})
        assert response.status_code == 302

    response = client.post(url, {"email": "kolmas@example.fi", "role": "member"})

    assert response.status_code == 400
    assert "niin monta kutsua" in response.content.decode()
    assert not Invitation.objects.filter(email="kolmas@example.fi").exists()
    assert Message.objects.filter(kind="invitation").count() == 2


def test_invitations_older_than_an_hour_do_not_count(client, settings, association, representative):
    settings.INVITATIONS_PER_HOUR = 1
    client.force_login(representative)
    url = reverse("associations:manage", args=[association.pk])
    assert client.post(url, {"email": "eka@example.fi", "role": "member"}).status_code == 302
    Invitation.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    assert client.post(url, {"email": "toka@example.fi", "role": "member"}).status_code == 302


def test_contact_person_invitations_share_the_limit(
    client, settings, municipality, contact_person, association
):
    settings.INVITATIONS_PER_HOUR = 1
    client.force_login(contact_person)
    url = reverse("places:contact", args=[municipality.code])
    data = {"invite": "1", "invite-email": "kollega@example.fi", "invite-title": ""}
    assert client.post(url, data).status_code == 302

    data["invite-email"] = "toinen@example.fi"
    response = client.post(url, data)

    assert response.status_code == 400
    assert not Invitation.objects.filter(email="toinen@example.fi").exists()


def test_anonymous_feedback_is_limited_per_address(client, db, settings):
    settings.FEEDBACK_PER_HOUR = 2
    data = {"message": "Kontrasti on heikko.", "page": "", "name": "", "email": ""}
    for _ in range(2):
        assert client.post(FEEDBACK_URL, data, REMOTE_ADDR="192.0.2.10").status_code == 302

    response = client.post(FEEDBACK_URL, data, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 400
    assert "palautetta" in response.content.decode()
    assert Feedback.objects.count() == 2
    assert client.post(FEEDBACK_URL, data, REMOTE_ADDR="192.0.2.11").status_code == 302


def test_asking_again_right_after_a_rejection_is_refused(
    client, settings, association, representative, outsider
):
    settings.REQUEST_AFTER_REJECTION_DAYS = 7
    RepresentationRequest.objects.create(
        association=association,
        user=outsider,
        status=RepresentationRequest.Status.REJECTED,
        decided_at=timezone.now() - timedelta(days=2),
    )
    client.force_login(outsider)
    url = reverse("associations:request", args=[association.pk])

    response = client.post(url, {"role": "member", "message": "Uudestaan"})

    assert response.status_code == 400
    assert "hylättiin" in response.content.decode()
    assert not association.representation_requests.filter(status="pending").exists()

    RepresentationRequest.objects.filter(user=outsider).update(
        decided_at=timezone.now() - timedelta(days=8)
    )
    assert client.post(url, {"role": "member", "message": "Uudestaan"}).status_code == 302
