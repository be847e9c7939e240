"""The admin shows translated names for login records, message kinds and roles."""

from axes.models import AccessAttempt
from django.urls import reverse

from associations.services import REPRESENTATIVE_ROLE
from kumppanuus.accounts.models import Invitation
from kumppanuus.notifications.services import message_queue


def test_login_records_have_finnish_names(client, admin_user):
    client.force_login(admin_user)

    index = client.get(reverse("admin:index")).content.decode()
    assert "Kirjautumistiedot" in index
    assert "Kirjautumisyritykset" in index
    assert "Access attempts" not in index

    AccessAttempt.objects.create(
        username="x@example.fi",
        ip_address="192.0.2.1",
        user_agent="Testiselain",
        http_accept="*/*",
        path_info="/tili/kirjaudu/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    headings = attempts[attempts.index('<table id="result_list"') :].split("</thead>", 1)[0]
    for heading in ["Yrityksen aika", "IP-osoite", "Käyttäjätunnus", "Tila"]:
        assert heading in headings
    assert "yritystä jäljellä" in attempts
    assert "Model name" not in index


def test_message_kinds_have_translated_names(client, admin_user, association):
    message_queue(
        kind="representation_request_decided",
        target=association,
        recipient_email="x@example.fi",
        language="fi",
        due_at=association.created_at,
    )
    client.force_login(admin_user)

    page = client.get(reverse("admin:notifications_message_changelist")).content.decode()

    assert "Päätös edustuspyyntöön" in page
    assert ">representation_request_decided<" not in page


def test_invitation_roles_have_translated_names(client, admin_user, association, representative):
    Invitation.objects.create(
        email="sihteeri@example.fi",
        role=REPRESENTATIVE_ROLE,
        title="secretary",
        target=association,
        invited_by=representative,
    )
    client.force_login(admin_user)

    page = client.get(reverse("admin:accounts_invitation_changelist")).content.decode()

    assert "sihteeri" in page
    assert "yhdistyksen yhteyshenkilö" in page  # the filter's choice
    assert ">association_representative<" not in page
