import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import formats, timezone, translation
from django.utils.html import escape

from associations.models import Representation
from kumppanuus.accounts.models import Invitation, User
from kumppanuus.notifications.models import Message
from tests import factories

NEW_EMAIL = "uusi.jasen@example.fi"
NEW_PASSWORD = "Kutsu-salasana-77"


def manage_url(association) -> str:
    return f"/yhdistykset/{association.pk}/hallinta/"


def link_in(email) -> str:
    match = re.search(re.escape(settings.SITE_URL) + r"(/tili/kutsu/[^/\s\"]+/)", email.body)
    assert match, email.body
    return match.group(1)


def finnish(msgid) -> str:
    with translation.override("fi"):
        return escape(translation.gettext(msgid))


def finnish_password_errors(password) -> list[str]:
    with translation.override("fi"):
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            return [escape(message) for message in error.messages]
    return []


def signup(**changes) -> dict:
    data = {
        "first_name": "Uusi",
        "last_name": "Jäsen",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(changes)
    return data


@pytest.fixture
def invite(client_as, representative, association, mailoutbox, django_capture_on_commit_callbacks):
    """The representative invites someone on the association's own page; returns the email."""

    def send(email=NEW_EMAIL, role="secretary"):
        client = client_as(representative)
        sent_before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(manage_url(association), {"email": email, "role": role})
        assert response.status_code == 302
        assert response.url == manage_url(association)
        assert len(mailoutbox) == sent_before + 1
        return mailoutbox[-1]

    return send


@pytest.fixture
def invitee():
    return Client()


def test_a_representative_invites_a_new_person_by_email(invite, association, representative):
    email = invite("Uusi.Jasen@Example.FI")

    invitation = Invitation.objects.get()
    assert invitation.email == NEW_EMAIL
    assert invitation.target == association
    assert invitation.invited_by == representative
    assert invitation.title == "secretary"
    assert email.to == [NEW_EMAIL]
    assert association.name in email.subject
    assert link_in(email) == f"/tili/kutsu/{invitation.token}/"
    message = Message.objects.get(kind="invitation")
    assert (message.status, message.language) == (Message.Status.SENT, "fi")


def test_the_email_is_in_the_invitees_language_and_tells_when_the_link_expires(invite):
    email = invite()

    invitation = Invitation.objects.get()
    with translation.override("fi"):
        valid_until = formats.date_format(
            timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT"
        )
    html = email.alternatives[0][0]
    assert '<html lang="fi">' in html
    assert valid_until in email.body
    assert valid_until in html


def test_the_invitee_sets_a_name_and_password_and_lands_on_the_manage_page(
    invite, invitee, association
):
    link = link_in(invite())

    page = invitee.get(link)
    assert page.status_code == 200
    assert association.name in page.content.decode()
    response = invitee.post(link, signup(), follow=True)

    assert response.redirect_chain == [(manage_url(association), 302)]
    assert response.status_code == 200
    user = User.objects.get(email=NEW_EMAIL)
    assert (user.first_name, user.last_name, user.language) == ("Uusi", "Jäsen", "fi")
    assert response.wsgi_request.user == user
    representation = Representation.objects.get(association=association, user=user)
    assert representation.role == "secretary"
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None


def test_differing_passwords_are_refused_in_finnish(invite, invitee):
    link = link_in(invite())

    response = invitee.post(link, signup(password2="Toinen-salasana-88"))

    assert response.status_code == 400
    page = response.content.decode()
    assert finnish("The two passwords differ.") in page
    assert 'value="Jäsen"' in page
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert Invitation.objects.get().is_open


def test_a_too_short_password_is_refused_in_finnish(invite, invitee):
    link = link_in(invite())

    response = invitee.post(link, signup(password1="Lyh-1", password2="Lyh-1"))

    assert response.status_code == 400
    assert finnish_password_errors("Lyh-1")[0] in response.content.decode()
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_html_in_the_name_is_stored_as_text_and_escaped(invite, invitee, association):
    link = link_in(invite())

    response = invitee.post(link, signup(first_name="<b>Uusi</b>"), follow=True)

    assert User.objects.get(email=NEW_EMAIL).first_name == "<b>Uusi</b>"
    page = response.content.decode()
    assert "<b>Uusi</b>" not in page
    assert "&lt;b&gt;Uusi&lt;/b&gt;" in page


def test_the_link_works_only_once(invite, invitee):
    link = link_in(invite())
    invitee.post(link, signup())
    invitee.post("/tili/ulos/")

    assert invitee.get(link).status_code == 410
    response = invitee.post(link, signup(first_name="Toinen"))

    assert response.status_code == 410
    assert User.objects.filter(email=NEW_EMAIL).count() == 1


def test_an_expired_link_is_gone(invite, invitee):
    link = link_in(invite())
    valid_days = settings.INVITATION_VALID_DAYS

    with time_machine.travel(timezone.now() + timedelta(days=valid_days, minutes=-1), tick=False):
        assert invitee.get(link).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=valid_days, minutes=1), tick=False):
        response = invitee.post(link, signup())

    assert response.status_code == 410
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_an_existing_user_logs_in_first_and_then_accepts(invite, invitee, association, mailoutbox):
    person = factories.make_user("vanha.kayttaja@example.fi", language="sv")
    email = invite(person.email, role="treasurer")
    link = link_in(email)

    page = invitee.get(link)
    assert page.status_code == 200
    assert page.context["needs_login"]
    assert f"/tili/kirjaudu/?next={link}" in page.content.decode().replace("%2F", "/")
    assert invitee.post(link).status_code == 200
    assert not Representation.objects.filter(user=person).exists()

    login = invitee.post(
        f"/tili/kirjaudu/?next={link}",
        {"username": person.email, "password": factories.PASSWORD},
    )
    assert login.url == link
    accept_page = invitee.get(link)
    assert accept_page.status_code == 200
    assert not Representation.objects.filter(user=person).exists()
    response = invitee.post(link)

    assert response.status_code == 302
    assert response.url == manage_url(association)
    assert Representation.objects.get(user=person, association=association).role == "treasurer"
    assert invitee.post(link).status_code == 410


def test_an_existing_users_invitation_is_in_their_language(invite):
    person = factories.make_user("ruotsi@example.fi", language="sv")

    email = invite(person.email)

    invitation = Invitation.objects.get()
    assert invitation.language == "sv"
    assert Message.objects.get(kind="invitation").language == "sv"
    with translation.override("sv"):
        valid_until = formats.date_format(
            timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT"
        )
    assert '<html lang="sv">' in email.alternatives[0][0]
    assert valid_until in email.body


def test_someone_logged_in_with_another_email_is_refused(invite, association, outsider):
    link = link_in(invite())
    client = Client()
    client.force_login(outsider)

    assert client.get(link).status_code == 403
    response = client.post(link, signup())

    assert response.status_code == 403
    assert not Representation.objects.filter(user=outsider).exists()
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert Invitation.objects.get().is_open


def test_inviting_the_same_email_again_revokes_the_older_link(invite, invitee, association):
    first_link = link_in(invite())
    second_link = link_in(invite())

    assert first_link != second_link
    assert invitee.get(first_link).status_code == 410
    response = invitee.post(second_link, signup())
    assert response.status_code == 302
    assert Representation.objects.filter(user__email=NEW_EMAIL).count() == 1


def test_an_unknown_token_is_not_found(invitee, db):
    assert invitee.get("/tili/kutsu/ei-tallaista/").status_code == 404


def test_only_a_representative_can_invite(client_as, outsider, association, mailoutbox):
    client = client_as(outsider)

    response = client.post(manage_url(association), {"email": NEW_EMAIL, "role": "secretary"})

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_the_email_and_the_invitation_page_name_the_chosen_role(invite, invitee):
    email = invite(role="secretary")

    assert "rooliin sihteeri (" in email.body
    assert "rooliin sihteeri (" in email.alternatives[0][0]
    assert "yhteyshenkilö" not in email.body
    assert "yhteyshenkilö" not in email.alternatives[0][0]
    page = invitee.get(link_in(email)).content.decode()
    assert "sihteeri" in page and "yhteyshenkilö" not in page


def test_a_contact_person_invitation_names_the_municipal_role(
    client_as, contact_person, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as(contact_person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/kunnat/{municipality.code}/yhteyshenkilot/",
            {"invite": "1", "invite-email": "kollega@example.fi", "invite-title": "Koordinaattori"},
        )

    assert "rooliin kunnan järjestöyhteyshenkilö (" in mailoutbox[-1].body


def test_the_history_shows_an_invitation_as_an_invitation(
    invite, client_as, representative, association
):
    invite(role="secretary")

    page = client_as(representative).get(f"{manage_url(association)}historia/").content.decode()

    assert "julkinen sähköpostiosoite" not in page
    assert "sähköpostiosoite</strong>: uusi.jasen@example.fi" in page
    assert "rooli</strong>: sihteeri" in page
