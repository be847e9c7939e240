import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from kumppanuus.accounts.forms import EmailAuthenticationForm
from tests import factories

LOGIN_URL = "/tili/kirjaudu/"


def wrong_login_message() -> str:
    with translation.override("fi"):
        return escape(str(EmailAuthenticationForm.error_messages["invalid_login"]))


@pytest.fixture
def person(db):
    return factories.make_user("Liisa.Laine@example.fi")


def test_it_logs_in_by_email_in_any_case_and_lands_on_my_pages(client, person):
    response = client.post(
        LOGIN_URL, {"username": "LIISA.laine@EXAMPLE.fi", "password": factories.PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == "/oma/"
    assert client.get("/oma/").wsgi_request.user == person


def test_it_keeps_a_safe_next_url(client, person):
    response = client.post(
        f"{LOGIN_URL}?next=/tili/profiili/",
        {"username": person.email, "password": factories.PASSWORD},
    )

    assert response.url == "/tili/profiili/"


def test_it_ignores_a_next_url_on_another_site(client, person):
    response = client.post(
        f"{LOGIN_URL}?next=https://evil.example.com/",
        {"username": person.email, "password": factories.PASSWORD},
    )

    assert response.url == "/oma/"


def test_it_shows_the_form_again_with_a_finnish_error_on_a_wrong_password(client, person):
    response = client.post(LOGIN_URL, {"username": person.email, "password": "väärä-salasana"})

    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="fi">' in page
    assert wrong_login_message() in page
    assert 'value="liisa.laine@example.fi"' in page
    assert not response.wsgi_request.user.is_authenticated


def test_it_gives_the_same_error_for_an_unknown_email(client, person):
    response = client.post(
        LOGIN_URL, {"username": "ei-ole@example.fi", "password": factories.PASSWORD}
    )

    assert response.status_code == 400
    assert wrong_login_message() in response.content.decode()


def test_it_does_not_let_an_inactive_person_in(client, db):
    person = factories.make_user("poissa@example.fi", is_active=False)

    response = client.post(LOGIN_URL, {"username": person.email, "password": factories.PASSWORD})

    assert response.status_code == 400
    assert not response.wsgi_request.user.is_authenticated


def test_it_locks_the_email_after_too_many_wrong_passwords(client, person):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = client.post(LOGIN_URL, {"username": person.email, "password": "väärä"})
        assert response.status_code == 400

    response = client.post(LOGIN_URL, {"username": person.email, "password": "väärä"})

    # django-axes answers a lockout with its AXES_HTTP_RESPONSE_CODE, 429 by default.
    assert response.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in response.templates]
    assert '<html lang="fi">' in response.content.decode()

    response = client.post(LOGIN_URL, {"username": person.email, "password": factories.PASSWORD})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_the_lockout_cannot_be_dodged_by_changing_the_case_of_the_email(client, person):
    spellings = ["liisa.laine@example.fi", "LIISA.LAINE@EXAMPLE.FI", "Liisa.Laine@Example.fi"]
    for number in range(settings.AXES_FAILURE_LIMIT):
        email = spellings[number % len(spellings)]
        client.post(LOGIN_URL, {"username": email, "password": "väärä"})

    response = client.post(
        LOGIN_URL, {"username": "liisa.LAINE@example.fi", "password": factories.PASSWORD}
    )

    assert response.status_code == 429


def test_a_lockout_of_one_email_does_not_lock_another(client, person):
    other = factories.make_user("toinen.henkilo@example.fi")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_URL, {"username": person.email, "password": "väärä"})

    response = client.post(LOGIN_URL, {"username": other.email, "password": factories.PASSWORD})

    assert response.status_code == 302


def test_a_successful_login_clears_earlier_failures(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN_URL, {"username": person.email, "password": "väärä"})
    client.post(LOGIN_URL, {"username": person.email, "password": factories.PASSWORD})
    client.post("/tili/ulos/")

    response = client.post(LOGIN_URL, {"username": person.email, "password": "väärä"})

    assert response.status_code == 400


def test_a_logged_in_person_opening_the_login_page_goes_to_my_pages(client, person):
    client.force_login(person)

    response = client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response.url == "/oma/"


def test_logout_is_post_only(client, person):
    client.force_login(person)

    response = client.get("/tili/ulos/")

    assert response.status_code == 405
    assert client.get("/oma/").status_code == 200


def test_logout_ends_the_session(client, person):
    client.force_login(person)

    response = client.post("/tili/ulos/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/oma/").status_code == 302


def test_the_admin_login_is_throttled_too(client, db):
    admin = factories.make_user("paakayttaja@example.fi", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/yllapito/login/", {"username": admin.email, "password": "väärä"})
    response = client.post(
        "/yllapito/login/", {"username": admin.email.upper(), "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
