"""Confirmation pages, cancel links, municipality checkboxes and pending invitations."""

import re

from django.urls import reverse

from associations.models import RepresentationRequest
from associations.services import REPRESENTATIVE_ROLE
from kumppanuus.accounts.models import Invitation
from kumppanuus.notifications.models import Message
from kumppanuus.places.models import Municipality
from tests import factories


def test_removing_a_representative_asks_for_confirmation_first(client, association, representative):
    second = factories.make_representative(association, factories.make_user("toka@example.fi"))
    link = association.representations.get(user=second)
    client.force_login(representative)
    url = reverse("associations:representative_remove", args=[association.pk, link.pk])

    manage = client.get(reverse("associations:manage", args=[association.pk])).content.decode()
    assert f'href="{url}"' in manage
    confirm = client.get(url)

    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Poistetaanko" in page and "toka@example.fi" in page
    assert f'href="{reverse("associations:manage", args=[association.pk])}"' in page
    assert association.representations.filter(user=second).exists()

    assert client.post(url).status_code == 302
    assert not association.representations.filter(user=second).exists()


def test_rejecting_a_request_asks_for_confirmation_first(
    client, association, representative, outsider
):
    request = RepresentationRequest.objects.create(association=association, user=outsider)
    client.force_login(representative)
    url = reverse("associations:request_decide", args=[association.pk, request.pk, "reject"])

    confirm = client.get(url)

    assert confirm.status_code == 200
    assert "Hylätäänkö" in confirm.content.decode()
    request.refresh_from_db()
    assert request.status == RepresentationRequest.Status.PENDING
    client.post(url)
    request.refresh_from_db()
    assert request.status == RepresentationRequest.Status.REJECTED


def test_the_association_form_lists_municipalities_as_checkboxes_with_a_cancel_link(
    client, association, representative, municipality, other_municipality
):
    client.force_login(representative)

    page = client.get(reverse("associations:edit", args=[association.pk])).content.decode()

    assert "<fieldset" in page and "<legend" in page
    boxes = re.findall(r'<input type="checkbox"[^>]*name="municipalities"[^>]*>', page)
    assert len(boxes) == Municipality.objects.current().count()
    assert any(f'value="{municipality.pk}"' in box and "checked" in box for box in boxes)
    assert '<select name="municipalities"' not in page
    assert f'href="{reverse("associations:manage", args=[association.pk])}">Peruuta</a>' in page


def test_a_missing_municipality_links_the_error_to_the_first_checkbox(
    client, association, representative
):
    client.force_login(representative)
    data = {"name": association.name, "is_registered": "on", "business_id": association.business_id}

    response = client.post(reverse("associations:edit", args=[association.pk]), data)

    assert response.status_code == 400
    assert 'href="#id_municipalities_0"' in response.content.decode()


def test_pending_invitations_can_be_cancelled_and_sent_again(
    client, association, representative, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(representative)
    manage = reverse("associations:manage", args=[association.pk])
    client.post(manage, {"email": "sihteeri@example.fi", "role": "secretary"})
    invitation = Invitation.objects.get(email="sihteeri@example.fi")

    page = client.get(manage).content.decode()
    assert "sihteeri@example.fi, sihteeri" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("associations:invitation_resend", args=[association.pk, invitation.pk])
        )
    assert response.status_code == 302
    newest = Invitation.objects.for_target(association).open().get()
    assert newest.pk != invitation.pk and newest.title == "secretary"
    assert Message.objects.filter(kind="invitation").count() == 2

    client.post(
        reverse("associations:invitation_cancel", args=[association.pk, newest.pk]), follow=True
    )
    assert not Invitation.objects.for_target(association).open().exists()
    assert "sihteeri@example.fi" not in client.get(manage).content.decode()


def test_another_associations_invitation_cannot_be_cancelled(
    client, association, representative, other_association, other_representative
):
    foreign = Invitation.objects.create(
        email="x@example.fi", role=REPRESENTATIVE_ROLE, target=other_association
    )
    client.force_login(representative)

    url = reverse("associations:invitation_cancel", args=[association.pk, foreign.pk])

    assert client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_forms_have_a_cancel_link(client, association, outsider):
    client.force_login(outsider)
    for url, back in [
        (reverse("associations:create"), reverse("dashboard")),
        (reverse("associations:request", args=[association.pk]), association.get_absolute_url()),
        (reverse("accounts:profile"), reverse("dashboard")),
        (reverse("accounts:password_change"), reverse("accounts:profile")),
    ]:
        assert f'href="{back}">Peruuta</a>' in client.get(url).content.decode(), url
