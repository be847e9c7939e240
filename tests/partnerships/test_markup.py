"""Markup injected into a guideline's sections is never stored as markup and never runs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kumppanuus.partnerships.models import Guideline, GuidelineVersion
from tests.partnerships.conftest import draft_data, sections

pytestmark = pytest.mark.django_db

HOSTILE = [
    ("<p>Hei</p><script>alert('x')</script>", "<script", "alert("),
    ('<p>Kuva</p><img src="x" onerror="alert(1)">', "onerror", "<img"),
    ('<p><a href="javascript:alert(1)">Linkki</a></p>', "javascript:", "alert("),
    ('<p style="position:fixed;top:0">Peitto</p>', "style=", "position:fixed"),
    ('<h3 onclick="steal()">Otsikko</h3>', "onclick", "steal("),
    ('<p><a href="JaVaScRiPt:alert(1)">Iso</a></p>', "javascript:", "alert("),
    ("<iframe src='https://example.com'></iframe><p>Kehys</p>", "<iframe", "example.com"),
]


@pytest.mark.parametrize(("text", "marker", "payload"), HOSTILE)
def test_hostile_markup_is_not_stored_and_not_shown(
    client_as, client, contact_person, municipality, text, marker, payload
):
    editor = client_as(contact_person)
    edit = reverse("partnerships:edit", args=["kunta", municipality.code])
    editor.get(edit)
    guideline = Guideline.objects.get(municipality=municipality)
    assert editor.post(edit, draft_data(guideline, premises=text)).status_code == 302
    guideline.refresh_from_db()
    stored = guideline.draft["premises"]
    assert marker not in stored.lower()
    assert payload not in stored
    guideline.refresh_from_db()
    response = editor.post(
        reverse("partnerships:publish", args=["kunta", municipality.code]),
        {"draft_version": guideline.draft_version, "note": "<script>alert(2)</script>"},
    )
    assert response.status_code == 302
    editor.logout()
    page = client.get(guideline.get_absolute_url()).content.decode()
    main = page[page.index("<main") :]
    assert marker not in main.lower()
    assert "<script>alert(2)" not in page  # the note is escaped text
    assert guideline.versions.get().sections["premises"] == stored


def test_formatting_survives_sanitising(client_as, contact_person, municipality):
    editor = client_as(contact_person)
    edit = reverse("partnerships:edit", args=["kunta", municipality.code])
    editor.get(edit)
    guideline = Guideline.objects.get(municipality=municipality)
    text = (
        "<h3>Tilat</h3><ul><li>Kylätalo</li></ul><ol><li>Yksi</li></ol>"
        '<p><a href="https://liperi.fi/tilat">Varaukset</a></p>'
        "<table><caption>Hinnat</caption><thead><tr><th>Tila</th><th>€</th></tr></thead>"
        "<tbody><tr><td>Sali</td><td>0</td></tr></tbody></table>"
    )
    editor.post(edit, draft_data(guideline, premises=text))
    guideline.refresh_from_db()
    stored = guideline.draft["premises"]
    for kept in [
        "<h3>",
        "<ul>",
        "<ol>",
        "<table>",
        "<caption>",
        "<th>",
        'href="https://liperi.fi/tilat"',
    ]:
        assert kept in stored


def test_oversized_section_is_refused_with_a_message(client_as, contact_person, municipality):
    editor = client_as(contact_person)
    edit = reverse("partnerships:edit", args=["kunta", municipality.code])
    editor.get(edit)
    guideline = Guideline.objects.get(municipality=municipality)
    before = dict(guideline.draft)
    response = editor.post(
        edit, draft_data(guideline, premises="x" * 20_001, strategy="<p>Uusi</p>")
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    guideline.refresh_from_db()
    assert guideline.draft == before  # nothing half-saved


def test_a_version_is_sanitised_and_its_empty_sections_noted_whatever_stores_it(
    client, municipality, guideline
):
    """The pages show a version's text as stored: the model sanitises it on save."""
    version = GuidelineVersion.objects.create(
        guideline=guideline,
        number=1,
        sections={
            **sections(),
            "premises": "<p>Tilat</p><script>alert('x')</script>",
            "communication": "<p> </p><script>alert('y')</script>",
        },
        published_at=timezone.now(),
        from_draft=1,
    )
    Guideline.objects.filter(pk=guideline.pk).update(latest=version)
    version.refresh_from_db()
    assert version.sections["premises"] == "<p>Tilat</p>"
    assert version.empty_keys == ["communication"]
    page = client.get(guideline.get_absolute_url()).content.decode()
    assert "<p>Tilat</p>" in page and "alert(" not in page


def test_the_migration_sanitises_the_versions_stored_before_it(municipality, guideline):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kumppanuus.partnerships.migrations.0002_version_empty_keys")
    version = GuidelineVersion.objects.create(
        guideline=guideline, number=1, sections=sections(), published_at=timezone.now(),
        from_draft=1,
    )  # fmt: skip
    # As an older version was stored: unsanitised, its empty sections not noted.
    GuidelineVersion.objects.filter(pk=version.pk).update(
        sections={**sections(), "grants": '<p onclick="steal()">Avustukset</p>', "welfare": ""},
        empty_keys=[],
    )
    migration.prepare_versions(apps, None)
    version.refresh_from_db()
    assert version.sections["grants"] == "<p>Avustukset</p>"
    assert version.empty_keys == ["welfare"]
