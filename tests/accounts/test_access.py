"""The permission helper: 404 for unknown objects, 403 for others', the object with the
foreign keys asked for loaded beside it, by a compiled query or by any lookup."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.places.models import Municipality
from tests import factories

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_an_object_comes_with_its_foreign_keys_by_its_number_or_another_lookup():
    admin = factories.make_user(is_superuser=True)
    municipality = factories.make_municipality(code="996")
    for lookup in ({"pk": municipality.pk}, {"code": "996"}):
        found = get_object_for_user(
            _request(admin),
            Municipality,
            "places.manage_municipality",
            related=("county",),
            **lookup,
        )
        with CaptureQueriesContext(connection) as queries:
            assert found == municipality and found.county == municipality.county
        assert len(queries) == 0, lookup


def test_unknown_objects_are_404_and_others_objects_403():
    outsider = factories.make_user()
    municipality = factories.make_municipality()
    for pk in (municipality.pk + 1000, 2**63):
        with pytest.raises(Http404):
            get_object_for_user(
                _request(outsider), Municipality, "places.manage_municipality", pk=pk
            )
    with pytest.raises(PermissionDenied):
        get_object_for_user(
            _request(outsider), Municipality, "places.manage_municipality", pk=municipality.pk
        )
