"""Premises: kept by the municipality's contact persons, listed publicly, never stored as markup."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kumppanuus.history.services import history_for
from kumppanuus.places.models import Premises
from tests import factories

from .conftest import make_premises

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Kunnantalon valtuustosali",
    "address": "Keskustie 10, 83100 Liperi",
    "capacity": "80",
    "step_free": "on",
    "induction_loop": "on",
    "is_free": "on",
    "booking": "Varaa viikkoa ennen.",
    "booking_url": "https://liperi.fi/tilat",
    "contact_name": "Tiina Tilavaraaja",
    "contact_email": "tilat@liperi.fi",
    "contact_phone": "013 123 4567",
}


def test_a_contact_person_adds_edits_and_removes_premises(client_as, contact_person, municipality):
    client = client_as(contact_person)
    url = reverse("places:premises_manage", args=[municipality.code])
    response = client.post(url, VALID)
    assert response.status_code == 302
    premises = Premises.objects.get()
    assert premises.municipality == municipality
    assert premises.accessibility == ["esteetön kulku", "induktiosilmukka"]

    edit = reverse("places:premises_edit", args=[municipality.code, premises.pk])
    assert client.post(edit, {**VALID, "capacity": "90"}).status_code == 302
    premises.refresh_from_db()
    assert premises.capacity == 90
    actions = [change.action for change in history_for(municipality)]
    assert actions == ["premises_changed", "premises_added"]

    delete = reverse("places:premises_delete", args=[municipality.code, premises.pk])
    assert "Kunnantalon valtuustosali" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Premises.objects.exists()


def test_premises_without_price_must_be_free(client_as, contact_person, municipality):
    data = {key: value for key, value in VALID.items() if key != "is_free"}
    response = client_as(contact_person).post(
        reverse("places:premises_manage", args=[municipality.code]), data
    )
    assert response.status_code == 400
    assert "Anna hinta tai merkitse tila maksuttomaksi." in response.content.decode()
    assert not Premises.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "<script>alert(1)</script>Sali"),
        ("address", '<img src=x onerror="alert(1)">'),
        ("booking", '<a href="javascript:alert(1)">varaa</a>'),
        ("price", '<span style="color:red">5 €</span>'),
        ("contact_name", "<b>Tiina</b>"),
    ],
)
def test_markup_in_premises_is_refused_and_never_stored(
    client_as, contact_person, municipality, field, value
):
    data = {**VALID, field: value}
    if field == "price":
        data.pop("is_free")
    response = client_as(contact_person).post(
        reverse("places:premises_manage", args=[municipality.code]), data
    )
    assert response.status_code == 400
    assert "Kirjoita pelkkää tekstiä ilman HTML-merkintöjä" in response.content.decode()
    assert not Premises.objects.exists()


def test_a_javascript_booking_link_is_refused(client_as, contact_person, municipality):
    response = client_as(contact_person).post(
        reverse("places:premises_manage", args=[municipality.code]),
        {**VALID, "booking_url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert not Premises.objects.exists()


def test_plain_text_with_angle_brackets_is_text_and_shown_escaped(client, municipality):
    make_premises(municipality, name="Sali <50 hengelle & muuta", booking="alle <3 h varaukset")
    html = client.get(reverse("places:premises")).content.decode()
    assert "Sali &lt;50 hengelle &amp; muuta" in html


def test_the_public_list_filters_by_municipality_capacity_and_name(
    client, municipality, other_municipality
):
    make_premises(municipality, name="Kunnantalon sali", capacity=80)
    make_premises(municipality, name="Kerhohuone", capacity=12)
    make_premises(other_municipality, name="Joensuun auditorio", capacity=150)
    url = reverse("places:premises")

    def names(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [p.name for p in response.context["page"].object_list]

    assert names(municipality="426") == ["Kerhohuone", "Kunnantalon sali"]
    assert names(capacity=50) == ["Joensuun auditorio", "Kunnantalon sali"]
    assert names(q="sali") == ["Kunnantalon sali"]
    assert names(municipality="426", capacity=20, q="SALI") == ["Kunnantalon sali"]
    response = client.get(url, {"capacity": "paljon"})
    assert response.status_code == 400
    assert "Syötä kokonaisluku." in response.content.decode()


def test_the_public_list_runs_the_same_queries_at_25_and_75_premises(client, municipality):
    other = factories.make_municipality()

    def add(number, start):
        for n in range(start, start + number):
            make_premises(municipality if n % 2 else other, name=f"Tila {n}", capacity=n + 1)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("places:premises"), {"page": "2"}).status_code == 200
        return len(context)

    add(25, 0)
    five = count()
    add(50, 25)
    assert count() == five
