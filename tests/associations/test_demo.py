"""The demo builds on the real places: it adds made-up associations and people only."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from associations.demo import DemoError, load_demo
from associations.models import Association
from kumppanuus.places.models import ContactPerson, Municipality, WellbeingCounty

pytestmark = pytest.mark.django_db


def test_the_demo_adds_associations_and_people_but_no_places():
    places = (Municipality.objects.count(), WellbeingCounty.objects.count())
    first = load_demo()
    assert first["associations_created"] == first["associations"] == 80
    assert (Municipality.objects.count(), WellbeingCounty.objects.count()) == places == (308, 22)
    liperi = Municipality.objects.get(code="426")
    assert liperi.associations.count() == 8  # six of its own and two regional
    assert liperi.county.business_id == "3221317-4"
    assert ContactPerson.objects.filter(municipality=liperi).exists()
    second = load_demo()
    assert second["associations_created"] == 0
    assert Association.objects.count() == 80


def test_the_demo_needs_the_places_that_migrate_loads(settings):
    Municipality.objects.filter(code="426").delete()
    with pytest.raises(DemoError, match="426"):
        load_demo()
    settings.DEBUG = True
    with pytest.raises(CommandError, match="migrate"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Association.objects.exists()


def test_every_demo_role_has_a_login_that_the_demo_creates(db):
    from associations.demo import DEMO_LOGINS, DEMO_USERS

    assert set(DEMO_LOGINS.values()) <= {email for email, *_ in DEMO_USERS}
