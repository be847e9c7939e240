"""A contact person keeps the welfare priorities of the municipality; the public sees them."""

import pytest
from django.urls import reverse

from kumppanuus.history.services import history_for
from kumppanuus.places.models import WelfarePriority

GOOD = {
    "title": "Ikäihmisten yksinäisyyden vähentäminen",
    "age_group": "older",
    "theme": "loneliness",
    "first_year": "2025",
    "last_year": "2028",
    "description": "Kohtaamispaikkoja ja vapaaehtoisia ystäviä kylille.",
}


@pytest.fixture
def url(municipality):
    return reverse("places:priorities", args=[municipality.code])


def test_a_contact_person_adds_a_priority_that_the_public_page_shows(
    client_as, contact_person, municipality, url, client, django_capture_on_commit_callbacks
):
    response = client_as(contact_person).post(url, GOOD)

    assert response.status_code == 302
    priority = WelfarePriority.objects.get()
    assert (priority.municipality, priority.theme) == (municipality, "loneliness")
    change = history_for(municipality).get()
    assert change.action == "welfare_priority_added" and change.user == contact_person
    assert change.changes["title"] == ["", GOOD["title"]]
    client.logout()
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert GOOD["title"] in page
    assert "yksinäisyys" in page


def test_a_backwards_period_or_a_missing_title_is_refused_with_a_message(
    client_as, contact_person, url
):
    response = client_as(contact_person).post(
        url, {**GOOD, "title": "", "first_year": "2028", "last_year": "2025"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Ajanjakson on alettava ennen kuin se päättyy." in page
    assert 'id="error-summary"' in page
    assert not WelfarePriority.objects.exists()


def test_editing_and_removing_is_recorded(client_as, contact_person, municipality):
    priority = WelfarePriority.objects.create(
        municipality=municipality, **{**GOOD, "first_year": 2025, "last_year": 2028}
    )
    client = client_as(contact_person)
    edit = reverse("places:priority_edit", args=[municipality.code, priority.pk])

    assert client.post(edit, {**GOOD, "theme": "community"}).status_code == 302
    delete = reverse("places:priority_delete", args=[municipality.code, priority.pk])
    assert "Poista" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302

    assert not WelfarePriority.objects.exists()
    removed, changed = history_for(municipality)
    assert changed.changes == {"theme": ["yksinäisyys", "yhteisöllisyys ja osallisuus"]}
    assert removed.action == "welfare_priority_removed" and removed.note == GOOD["title"]


def test_another_municipalitys_priority_is_not_found(
    client_as, contact_person, other_municipality, municipality
):
    theirs = WelfarePriority.objects.create(
        municipality=other_municipality, **{**GOOD, "first_year": 2025, "last_year": 2028}
    )
    client = client_as(contact_person)

    response = client.get(reverse("places:priority_edit", args=[municipality.code, theirs.pk]))

    assert response.status_code == 404


def test_past_priorities_are_not_shown_to_the_public(client, municipality):
    WelfarePriority.objects.create(
        municipality=municipality, **{**GOOD, "first_year": 2017, "last_year": 2020}
    )

    assert GOOD["title"] not in client.get(municipality.get_absolute_url()).content.decode()
