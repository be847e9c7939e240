import pytest

from associations.lists import ensure as ensure_managed_lists
from associations.models import FieldOfActivity, TargetGroup
from kumppanuus.places.classification import CURRENT_FILE, read_classification, upsert_places
from kumppanuus.places.models import Municipality, WellbeingCounty
from tests import factories

_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _managed_lists(request, django_db_blocker):
    """The lists of migration 0002 and the official places of places migration 0003
    exist in every test that uses the database, even after a transactional one has
    flushed it. (A run of tests that use none has no test database to fill.)"""
    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_database:
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        ensure_managed_lists(FieldOfActivity, TargetGroup)
        if not Municipality.objects.filter(code="091").exists():
            upsert_places(read_classification(CURRENT_FILE), WellbeingCounty, Municipality)


@pytest.fixture(autouse=True)
def _finnish_and_fresh(settings):
    """Tests see the site as a Finnish visitor and start with an empty cache."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    settings.LANGUAGE_CODE = "fi"
    cache.clear()
    # A transactional test before this one may have flushed and recreated the
    # content types under new ids (history and messages point at them).
    ContentType.objects.clear_cache()


@pytest.fixture
def municipality(db):
    return factories.make_municipality(code="426", name_fi="Liperi", name_sv="Libelits")


@pytest.fixture
def other_municipality(db):
    return factories.make_municipality(code="167", name_fi="Joensuu")


@pytest.fixture
def association(municipality):
    return factories.make_association(
        name="Liperin Liikuntaseura ry",
        municipalities=[municipality],
        fields=[factories.field("liikunta")],
    )


@pytest.fixture
def other_association(other_municipality):
    return factories.make_association(
        name="Joensuun Eläkeläiset ry", municipalities=[other_municipality]
    )


@pytest.fixture
def representative(association):
    return factories.make_representative(association, factories.make_user("edustaja@example.fi"))


@pytest.fixture
def other_representative(other_association):
    return factories.make_representative(
        other_association, factories.make_user("toinen@example.fi")
    )


@pytest.fixture
def contact_person(municipality):
    return factories.make_contact_person(
        municipality, factories.make_user("yhteys@example.fi"), title="Hyvinvointikoordinaattori"
    )


@pytest.fixture
def other_contact_person(other_municipality):
    return factories.make_contact_person(other_municipality, factories.make_user("muu@example.fi"))


@pytest.fixture
def official(db):
    return factories.make_official("virkailija@example.fi")


@pytest.fixture
def admin_user(db):
    return factories.make_user("admin@example.fi", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    return factories.make_user("ulkopuolinen@example.fi")


@pytest.fixture
def client_as(client):
    """Log the test client in as a user: client_as(user) returns the client."""

    def login(user):
        client.force_login(user)
        return client

    return login
