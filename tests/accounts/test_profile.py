import json

import pytest

from tests import factories

PROFILE_URL = "/tili/profiili/"
MY_DATA_URL = "/tili/omat-tiedot.json"


@pytest.fixture
def person(db):
    return factories.make_user("pekka.profiili@example.fi", first_name="Pekka", last_name="P")


def profile_data(**changes):
    data = {"first_name": "Pekka", "last_name": "Puupää", "phone": "040 123 4567", "language": "fi"}
    data.update(changes)
    return data


def test_it_saves_name_phone_and_language(client, person):
    client.force_login(person)

    response = client.post(PROFILE_URL, profile_data(language="en"))

    assert response.status_code == 302
    assert response.url == PROFILE_URL
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.phone, person.language) == (
        "Pekka",
        "Puupää",
        "040 123 4567",
        "en",
    )


def test_choosing_swedish_switches_the_pages_to_swedish(client, person):
    client.force_login(person)
    assert '<html lang="fi">' in client.get(PROFILE_URL).content.decode()

    response = client.post(PROFILE_URL, profile_data(language="sv"), follow=True)

    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert '<html lang="sv">' in client.get("/oma/").content.decode()


def test_a_bad_language_is_refused_and_nothing_is_saved(client, person):
    client.force_login(person)

    response = client.post(PROFILE_URL, profile_data(language="xx", phone="050 999"))

    assert response.status_code == 400
    assert 'value="050 999"' in response.content.decode()
    person.refresh_from_db()
    assert person.language == "fi"
    assert person.phone == ""


def test_an_oversized_phone_is_refused(client, person):
    client.force_login(person)

    response = client.post(PROFILE_URL, profile_data(phone="0" * 41))

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.phone == ""


def test_html_in_the_name_is_shown_as_text(client, person):
    client.force_login(person)

    client.post(PROFILE_URL, profile_data(first_name="<script>alert(1)</script>"))
    page = client.get(PROFILE_URL).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_my_data_download_contains_my_representations_only(
    client, representative, association, other_representative
):
    client.force_login(representative)

    response = client.get(MY_DATA_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["email"] == representative.email
    assert [(r["association"], r["role"]) for r in data["representations"]] == [
        (association.name, "chair")
    ]
    assert "Joensuun Eläkeläiset ry" not in response.content.decode()


@pytest.mark.parametrize("url", [PROFILE_URL, MY_DATA_URL])
def test_anonymous_is_sent_to_log_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"/tili/kirjaudu/?next={url}"


def test_my_data_download_contains_my_login_records_only(client, db):
    me = factories.make_user("mina@example.fi")
    other = factories.make_user("muu@example.fi")
    client.post("/tili/kirjaudu/", {"username": me.email, "password": factories.PASSWORD})
    client.post("/tili/ulos/")
    client.post("/tili/kirjaudu/", {"username": other.email, "password": "väärä"})
    client.post("/tili/kirjaudu/", {"username": "MINA@example.fi", "password": "väärä"})
    client.post("/tili/kirjaudu/", {"username": "MINA@example.fi", "password": "väärä2"})
    client.force_login(me)

    response = client.get(MY_DATA_URL, HTTP_USER_AGENT="Testiselain")

    data = json.loads(response.content)
    first_login = data["logins"][0]
    assert first_login["ip_address"] == "127.0.0.1"
    assert first_login["logout_time"] is not None
    assert [row["failures"] for row in data["failed_login_attempts"]] == [2]
    assert "muu@example.fi" not in response.content.decode()
