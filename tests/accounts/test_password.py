import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape

from kumppanuus.accounts.forms import SignupForm
from kumppanuus.accounts.models import User
from kumppanuus.notifications.models import Message
from tests import factories

RESET_URL = "/tili/salasana/unohtunut/"
NEW_PASSWORD = "Uusi-salasana-2026"


@pytest.fixture
def person(db):
    return factories.make_user("maija.meikalainen@example.fi")


def finnish_password_errors(password) -> list[str]:
    """The validators' messages as a Finnish visitor reads them."""
    with translation.override("fi"):
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            return [str(message) for message in error.messages]
    return []


def link_in(email) -> str:
    match = re.search(re.escape(settings.SITE_URL) + r"(/tili/salasana/uusi/\S+/)", email.body)
    assert match, email.body
    return match.group(1)


def test_it_sends_one_reset_email_through_the_message_table(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET_URL, {"email": "Maija.Meikalainen@Example.fi"})

    assert response.status_code == 302
    assert response.url == "/tili/salasana/unohtunut/lahetetty/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]
    message = Message.objects.get()
    assert message.kind == "password_reset"
    assert message.recipient_email == person.email
    assert message.status == Message.Status.SENT
    assert message.sent_at is not None
    assert message.target == person


def test_the_link_in_the_email_sets_a_new_password_once(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET_URL, {"email": person.email})
    link = link_in(mailoutbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == "/tili/salasana/uusi/valmis/"
    assert client.get(response.url).status_code == 200
    login = client.post("/tili/kirjaudu/", {"username": person.email, "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert login.url == "/oma/"
    client.post("/tili/ulos/")
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_the_old_password_stops_working_after_a_reset(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET_URL, {"email": person.email})
    set_password_url = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.post(
        "/tili/kirjaudu/", {"username": person.email, "password": factories.PASSWORD}
    )

    assert response.status_code == 400


def test_a_too_short_new_password_is_refused_in_finnish(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET_URL, {"email": person.email})
    set_password_url = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]

    response = client.post(set_password_url, {"new_password1": "Ly-1", "new_password2": "Ly-1"})

    assert response.status_code == 400
    assert escape(finnish_password_errors("Ly-1")[0]) in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(factories.PASSWORD)


def test_an_unknown_email_sends_nothing_but_shows_the_same_page(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET_URL, {"email": "tuntematon@example.fi"}, follow=True)

    assert response.redirect_chain == [("/tili/salasana/unohtunut/lahetetty/", 302)]
    assert response.status_code == 200
    assert mailoutbox == []
    assert not Message.objects.exists()


def test_a_tampered_link_is_not_valid(client, person):
    response = client.get("/tili/salasana/uusi/MQ/vaara-tunniste/")

    assert response.status_code == 200
    assert not response.context["validlink"]


def test_a_logged_in_person_changes_the_password(client, person):
    client.force_login(person)

    response = client.post(
        "/tili/salasana/vaihda/",
        {
            "old_password": factories.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )

    assert response.redirect_chain == [("/tili/profiili/", 302)]
    # The session survives the change.
    assert response.wsgi_request.user == person
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_changing_the_password_needs_the_old_one(client, person):
    client.force_login(person)

    response = client.post(
        "/tili/salasana/vaihda/",
        {"old_password": "väärä", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert "Vanha salasana" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(factories.PASSWORD)


def test_changing_the_password_needs_login(client, db):
    response = client.get("/tili/salasana/vaihda/")

    assert response.status_code == 302
    assert response.url.startswith("/tili/kirjaudu/?next=")


def test_repeated_reset_requests_send_one_email_per_quarter_hour(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    user = factories.make_user("toistuva@example.fi")
    with time_machine.travel("2026-11-22 10:01:00+02:00", tick=False):
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                client.post("/tili/salasana/unohtunut/", {"email": user.email})
    assert len(mailoutbox) == 1
    with (
        time_machine.travel("2026-11-22 10:16:00+02:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post("/tili/salasana/unohtunut/", {"email": user.email})
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_password_rule_and_error_is_translated(db, language):
    user = User(email="maija.meikalainen@example.fi", first_name="Maija", last_name="Meikalainen")

    def texts():
        messages = [str(text) for text in password_validation.password_validators_help_texts()]
        for password in ("Ly-1", "12345678901", "meikalainen", "password123"):
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                messages += [str(message) for message in error.messages]
        return messages

    with translation.override("en"):
        english = texts()
    with translation.override(language):
        translated = texts()

    assert len(english) == len(translated) >= 5
    untranslated = [text for text in translated if text in english]
    assert untranslated == []


def test_the_signup_form_shows_the_password_rules_in_the_visitors_language(client, db):
    with translation.override("sv"):
        help_text = str(SignupForm(email="uusi@example.fi")["password1"].help_text)

    assert "Ditt lösenord måste innehålla minst 10 tecken." in help_text
