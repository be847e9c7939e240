"""The demo guidelines of the pilot municipalities and the regional priorities."""

import pytest
from django.urls import reverse

from kumppanuus.demo import load_all
from kumppanuus.partnerships.models import Guideline
from kumppanuus.places.models import WelfarePriority

pytestmark = pytest.mark.django_db


def test_the_pilots_are_at_different_stages_and_a_second_load_changes_nothing(client):
    load_all()
    stages = {
        g.municipality.code: (g.latest.number if g.latest else 0)
        for g in Guideline.objects.select_related("municipality", "latest")
    }
    assert stages == {"426": 1, "309": 1, "276": 2, "176": 0, "260": 2}
    kitee = Guideline.objects.get(municipality__code="260")
    assert kitee.draft_differs_from_latest()
    priorities = WelfarePriority.objects.count()
    load_all()
    assert Guideline.objects.count() == 5
    assert WelfarePriority.objects.count() == priorities
    # Every North Karelia municipality has priorities; the themes are not all alike.
    assert (
        WelfarePriority.objects.filter(municipality__county__code="14")
        .values("municipality")
        .distinct()
        .count()
        == 13
    )
    region = client.get(reverse("partnerships:region", args=["14"])).content.decode()
    assert "vain luonnos" in region
    compare = client.get(reverse("partnerships:compare", args=["14", "toimitilat"]))
    assert "Viinijärven kylätalo" in compare.content.decode()
    changes = client.get(reverse("partnerships:changes", args=["kunta", "276"])).content.decode()
    assert "<ins>" in changes and "<del>" in changes
