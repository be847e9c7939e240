"""The official places that `migrate` loads, and applying a newer classification."""

import copy
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from associations.demo import load_demo
from associations.models import Association, AssociationChange, Representation
from kumppanuus.accounts.models import Invitation
from kumppanuus.places.classification import (
    CURRENT_FILE,
    load_classification,
    read_classification,
    relations_to,
)
from kumppanuus.places.models import ContactPerson, Municipality, WellbeingCounty
from kumppanuus.places.regions import NORTH_KARELIA_COUNTY, NORTH_KARELIA_MUNICIPALITIES
from kumppanuus.places.services import contact_person_invite

pytestmark = pytest.mark.django_db

ALAND_REGION = "21"


@pytest.fixture
def classification():
    return read_classification(CURRENT_FILE)


def test_the_file_states_its_source_and_validity(classification):
    assert "Statistics Finland" in classification["source"]
    assert classification["valid_from"] == "2025-01-01"
    assert classification["municipality_count"] == 308
    assert classification["county_count"] == 22


def test_migrate_gives_every_municipality_and_service_organiser(classification):
    assert Municipality.objects.current().count() == classification["municipality_count"] == 308
    assert WellbeingCounty.objects.count() == classification["county_count"] == 22
    # 21 wellbeing services counties and the City of Helsinki.
    assert WellbeingCounty.objects.get(code="90").name_fi == "Helsingin kaupunki"
    assert Municipality.objects.get(code="091").county.code == "90"


def test_north_karelia_codes_match_the_demo():
    county = WellbeingCounty.objects.get(code=NORTH_KARELIA_COUNTY["code"])
    assert county.business_id == NORTH_KARELIA_COUNTY["business_id"] == "3221317-4"
    assert county.name_fi == NORTH_KARELIA_COUNTY["name_fi"]
    expected = {code: name_fi for code, name_fi, _sv, _genitive in NORTH_KARELIA_MUNICIPALITIES}
    assert expected == {
        "090": "Heinävesi", "146": "Ilomantsi", "167": "Joensuu", "176": "Juuka",
        "260": "Kitee", "276": "Kontiolahti", "422": "Lieksa", "426": "Liperi",
        "541": "Nurmes", "309": "Outokumpu", "607": "Polvijärvi", "707": "Rääkkylä",
        "848": "Tohmajärvi",
    }  # fmt: skip
    assert dict(county.municipalities.values_list("code", "name_fi")) == expected
    for code, _fi, name_sv, _genitive in NORTH_KARELIA_MUNICIPALITIES:
        assert Municipality.objects.get(code=code).name_sv == name_sv


def test_every_mainland_municipality_has_exactly_one_county_and_aland_none():
    mainland = Municipality.objects.exclude(region_code=ALAND_REGION)
    assert mainland.count() == 292
    assert not mainland.filter(county__isnull=True).exists()
    aland = Municipality.objects.filter(region_code=ALAND_REGION)
    assert aland.count() == 16
    assert not aland.filter(county__isnull=False).exists()
    # Every county serves someone.
    assert not WellbeingCounty.objects.filter(municipalities__isnull=True).exists()


def test_languages_regions_and_swedish_names():
    assert Municipality.objects.filter(language="bilingual").count() == 32
    assert set(
        Municipality.objects.filter(language="sv").exclude(region_code=ALAND_REGION)
        .values_list("name_fi", flat=True)
    ) == {"Korsnäs"}  # fmt: skip
    porvoo = Municipality.objects.get(code="638")
    assert (porvoo.name_sv, porvoo.language, porvoo.region_code) == ("Borgå", "bilingual", "01")
    assert porvoo.region_name_sv == "Nyland"
    assert Municipality.objects.get(code="599").name_sv == "Pedersöre"
    assert Municipality.objects.get(code="478").name_sv == "Mariehamn"
    assert not Municipality.objects.filter(name_sv="").exists()
    assert len(set(Municipality.objects.values_list("region_code", flat=True))) == 19


def test_municipality_pages_list_them_in_finnish_and_swedish(client):
    finnish = client.get(reverse("associations:municipalities")).content.decode()
    assert "Porvoo" in finnish and "Borgå" in finnish
    assert "Maarianhamina" in finnish
    assert len(set(re.findall(r'href="/kunnat/(\d{3})/"', finnish))) == 308
    client.cookies["django_language"] = "sv"
    swedish = client.get(reverse("associations:municipalities"), HTTP_ACCEPT_LANGUAGE="sv")
    text = swedish.content.decode()
    assert "Östra Nylands välfärdsområde" in text
    assert text.index("Borgå") < text.index("(Porvoo)")
    page = client.get(Municipality.objects.get(code="638").get_absolute_url()).content.decode()
    assert "Borgå" in page and "Nyland" in page


def test_loading_the_same_classification_again_changes_nothing(classification):
    before = list(Municipality.objects.order_by("code").values())
    report = load_classification(classification)
    assert (report.added, report.renamed, report.merged, report.moved) == ([], [], [], {})
    assert list(Municipality.objects.order_by("code").values()) == before


def test_relations_are_found_from_the_models():
    foreign_keys, generic = relations_to(Municipality)
    labels = {f"{model._meta.label}.{field.name}" for model, field in foreign_keys}
    assert "places.ContactPerson.municipality" in labels
    assert any(label.startswith("associations.Association_municipalities.") for label in labels)
    assert "accounts.Invitation" in {model._meta.label for model, _field in generic}


def _merger(classification, *, valid_from="2026-01-01"):
    """Liperi and Outokumpu merge into a new municipality, 999."""
    data = copy.deepcopy(classification)
    data["valid_from"] = valid_from
    data["municipalities"] = [m for m in data["municipalities"] if m["code"] not in {"426", "309"}]
    joensuu = next(m for m in data["municipalities"] if m["code"] == "167")
    data["municipalities"].append(
        {**joensuu, "code": "999", "name_fi": "Uusikunta", "name_sv": "Nyby"}
    )
    data["municipality_count"] = len(data["municipalities"])
    data["merged"] = [{"code": "426", "into": "999"}, {"code": "309", "into": "999"}]
    return data


def _state():
    return {
        "associations": Association.objects.count(),
        "representatives": Representation.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "invitations": Invitation.objects.count(),
    }


def test_a_merger_moves_associations_and_contacts_and_keeps_the_ended_ones(classification):
    load_demo()
    liperi, outokumpu = Municipality.objects.get(code="426"), Municipality.objects.get(code="309")
    seura = Association.objects.get(name="Liperin Liikuntaseura ry")
    regional = Association.objects.get(name="Pohjois-Karjalan Monikulttuurinen Yhdistys ry")
    from_both = set(liperi.associations.values_list("pk", flat=True)) | set(
        outokumpu.associations.values_list("pk", flat=True)
    )
    contacts = set(
        ContactPerson.objects.filter(municipality__in=[liperi, outokumpu]).values_list(
            "user__email", flat=True
        )
    )
    invitation = contact_person_invite(
        municipality=liperi, email="uusi@example.fi", title="", invited_by=None
    )
    before = _state()

    report = load_classification(_merger(classification))

    successor = Municipality.objects.get(code="999")
    assert report.added == ["999"]
    assert successor.valid_from == datetime.date(2026, 1, 1) and successor.valid_to is None
    assert sorted(report.merged) == [("309", "999"), ("426", "999")]
    assert report.moved["places.ContactPerson.municipality"] == len(contacts) == 2
    assert set(successor.associations.values_list("pk", flat=True)) == from_both
    assert regional.municipalities.filter(pk=successor.pk).count() == 1
    assert set(successor.contact_persons.values_list("user__email", flat=True)) == contacts
    assert not liperi.associations.exists() and not liperi.contact_persons.exists()
    invitation.refresh_from_db()
    assert invitation.object_id == successor.pk
    assert _state() == before  # nothing lost

    for ended in (liperi, outokumpu):
        ended.refresh_from_db()
        assert ended.successor == successor
        assert ended.valid_to == datetime.date(2025, 12, 31)
    assert not Municipality.objects.current().filter(code__in=["426", "309"]).exists()
    change = AssociationChange.objects.filter(association=seura).latest("pk")
    assert change.changes["municipalities"] == ["Liperi", "Uusikunta"]

    # The ended municipality's page stays and points to the successor.
    response = Client().get(liperi.get_absolute_url())
    assert response.status_code == 200
    assert successor.get_absolute_url() in response.content.decode()

    # Applying the same file again changes nothing more.
    again = load_classification(_merger(classification))
    assert (again.added, again.merged, again.moved) == ([], [], {})


def test_a_dry_run_saves_nothing(classification):
    load_demo()
    before = list(Municipality.objects.order_by("code").values())
    links = list(Association.municipalities.through.objects.order_by("pk").values())
    report = load_classification(_merger(classification), dry_run=True)
    assert report.dry_run and report.merged and report.moved_total > 0
    assert list(Municipality.objects.order_by("code").values()) == before
    assert list(Association.municipalities.through.objects.order_by("pk").values()) == links


def test_the_command_reports_what_changed(classification, tmp_path):
    load_demo()
    path = tmp_path / "places-2026.json"
    path.write_text(json.dumps(_merger(classification)), encoding="utf-8")
    out = io.StringIO()
    call_command("load_places", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "dry run" in text and "Added: 1 (999)" in text and "Merged: 2" in text
    assert Municipality.objects.get(code="426").valid_to is None
    call_command("load_places", str(path), stdout=io.StringIO())
    assert Municipality.objects.get(code="426").successor.code == "999"


def test_a_broken_file_is_refused(tmp_path, classification):
    data = _merger(classification)
    data["merged"].append({"code": "167", "into": "000"})
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="000"):
        call_command("load_places", str(path), stdout=io.StringIO())
    (tmp_path / "not.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_places", str(tmp_path / "not.json"), stdout=io.StringIO())
    assert Municipality.objects.get(code="167").valid_to is None


def test_a_rename_is_applied_and_reported_and_a_missing_one_left_alone(classification):
    data = copy.deepcopy(classification)
    data["valid_from"] = "2026-01-01"
    kitee = next(m for m in data["municipalities"] if m["code"] == "260")
    kitee["name_fi"] = "Kiteen kaupunki"
    data["municipalities"] = [m for m in data["municipalities"] if m["code"] != "848"]
    data["municipality_count"] -= 1
    report = load_classification(data)
    assert report.renamed == ["260"] and report.missing == ["848"]
    assert "Renamed: 1 (260)" in report.lines()
    assert Municipality.objects.get(code="260").name_fi == "Kiteen kaupunki"
    tohmajarvi = Municipality.objects.get(code="848")
    assert tohmajarvi.valid_to is None and tohmajarvi.successor is None
