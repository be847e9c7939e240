"""The municipality's public contact persons and priorities in force: one query for both,
each list in its order, on both databases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kumppanuus.places.models import Municipality, WelfarePriority
from kumppanuus.places.selectors import priorities_in_force, public_contacts
from tests import factories

pytestmark = pytest.mark.django_db


def test_contacts_and_priorities_in_their_orders_in_one_query():
    liperi = factories.make_municipality()
    other = factories.make_municipality()
    for first, last, public in [("Ville", "Väisänen", True), ("Anna", "Aalto", True)]:
        factories.make_contact_person(
            liperi,
            factories.make_user(first_name=first, last_name=last),
            is_public=public,
            title="yhteyshenkilö",
            public_email=f"{first.lower()}@liperi.fi",
        )
    factories.make_contact_person(liperi, factories.make_user(last_name="Piilo"), is_public=False)
    factories.make_contact_person(
        liperi, factories.make_user(last_name="Poissa", is_active=False), is_public=True
    )
    factories.make_contact_person(other, factories.make_user(last_name="Muu"), is_public=True)
    for title, age, first, last in [
        ("Liikkuvat lapset", "children", 2025, 2028),
        ("Ikäihmisten arki", "older", 2025, 2030),
        ("Aikuisten työ", "working_age", 2024, 2028),
        ("Päättynyt", "youth", 2020, 2023),
    ]:
        WelfarePriority.objects.create(
            municipality=liperi,
            title=title,
            description=f"{title} <kuvaus>",
            age_group=age,
            theme="community",
            first_year=first,
            last_year=last,
        )

    municipality = Municipality.objects.get(pk=liperi.pk)
    with CaptureQueriesContext(connection) as queries:
        contacts = public_contacts(municipality, 2026)
        priorities = priorities_in_force(municipality, 2026)
    assert len(queries) == 1
    assert [c.full_name for c in contacts] == ["Anna Aalto", "Ville Väisänen"]
    assert contacts[0].public_email == "anna@liperi.fi" and contacts[0].title == "yhteyshenkilö"
    expected = WelfarePriority.objects.filter(municipality=liperi, last_year__gte=2026)
    assert [p["title"] for p in priorities] == [p.title for p in expected]
    assert [p["title"] for p in priorities] == [
        "Ikäihmisten arki",
        "Liikkuvat lapset",
        "Aikuisten työ",
    ]
    first = priorities[0]
    assert (first["first_year"], first["last_year"], first["age_group"]) == (2025, 2030, "older")
    assert first["description"] == "Ikäihmisten arki <kuvaus>"
    assert first["age_group_label"] == WelfarePriority.AgeGroup.OLDER.label
    assert public_contacts(Municipality.objects.get(pk=other.pk), 2026)[0].full_name.endswith("Muu")
