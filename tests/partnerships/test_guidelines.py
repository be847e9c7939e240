"""A cooperation guideline: the template, the draft, publishing, versions and changes."""

import pytest
from django.urls import reverse

from kumppanuus.partnerships.models import Guideline, GuidelineVersion
from kumppanuus.partnerships.sections import SECTIONS
from tests import factories
from tests.partnerships.conftest import draft_data, publish

pytestmark = pytest.mark.django_db


def url(name, municipality, *args):
    return reverse(f"partnerships:{name}", args=["kunta", municipality.code, *args])


def test_it_says_when_no_version_is_published_yet(client, municipality):
    response = client.get(url("guideline", municipality))
    assert response.status_code == 200
    assert "Ohjeesta ei ole vielä julkaistu versiota." in response.content.decode()


def test_a_new_guideline_starts_from_the_template_with_guidance(
    client_as, contact_person, municipality
):
    response = client_as(contact_person).get(url("edit", municipality))
    assert response.status_code == 200
    page = response.content.decode()
    guideline = Guideline.objects.get(municipality=municipality)
    assert set(guideline.draft) == {s.key for s in SECTIONS}
    # The example text of the template, in Finnish, and the guidance for the section.
    assert "Yhdistykset voivat käyttää kunnan kokoustiloja" in guideline.draft["premises"]
    assert "Kerro, mitä kunnan tiloja yhdistykset voivat käyttää" in page
    assert "Nothing is public" not in page


def test_a_swedish_municipality_starts_from_the_swedish_template(client_as, admin_user):
    municipality = factories.make_municipality(code="478")  # Jomala, unilingual Swedish
    client_as(admin_user).get(url("edit", municipality))
    assert (
        "Föreningarna får använda kommunens"
        in Guideline.objects.get(municipality=municipality).draft["premises"]
    )


def test_a_contact_person_saves_the_draft(client_as, contact_person, municipality, guideline):
    client = client_as(contact_person)
    data = draft_data(guideline, premises="<h3>Tilat</h3><ul><li>Kylätalo</li></ul>")
    response = client.post(url("edit", municipality), data)
    assert response.status_code == 302
    guideline.refresh_from_db()
    assert guideline.draft["premises"] == "<h3>Tilat</h3><ul><li>Kylätalo</li></ul>"
    assert guideline.draft_version == 2
    assert guideline.draft_updated_by == contact_person
    # Nothing is public before publishing.
    assert "Kylätalo" not in client.get(url("guideline", municipality)).content.decode()


def test_a_second_editor_cannot_overwrite_the_first_silently(
    client_as, contact_person, municipality, guideline
):
    colleague = factories.make_contact_person(municipality)
    opened = draft_data(guideline)
    client = client_as(contact_person)
    assert (
        client.post(url("edit", municipality), {**opened, "premises": "<p>Eka</p>"}).status_code
        == 302
    )
    client = client_as(colleague)
    response = client.post(url("edit", municipality), {**opened, "premises": "<p>Toka</p>"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Joku muu tallensi luonnoksen" in page
    assert "&lt;p&gt;Toka&lt;/p&gt;" in page  # the person's text is still in the form
    guideline.refresh_from_db()
    assert guideline.draft["premises"] == "<p>Eka</p>"


def test_publishing_makes_an_immutable_version_the_public_sees(
    client_as, client, contact_person, municipality, guideline
):
    editor = client_as(contact_person)
    editor.post(url("edit", municipality), draft_data(guideline, premises="<p>Kylätalo</p>"))
    guideline.refresh_from_db()
    form = editor.get(url("publish", municipality))
    assert form.status_code == 200
    response = editor.post(
        url("publish", municipality),
        {"draft_version": guideline.draft_version, "note": "Ensimmäinen versio"},
    )
    version = GuidelineVersion.objects.get(guideline=guideline)
    assert response.status_code == 302
    assert response.url == url("version", municipality, 1)
    assert (version.number, version.note, version.published_by) == (
        1,
        "Ensimmäinen versio",
        contact_person,
    )
    # A second submit of the same form publishes nothing more.
    again = editor.post(
        url("publish", municipality),
        {"draft_version": guideline.draft_version, "note": "Ensimmäinen versio"},
    )
    assert again.status_code == 302
    assert GuidelineVersion.objects.filter(guideline=guideline).count() == 1
    editor.logout()
    page = client.get(url("guideline", municipality)).content.decode()
    assert "Kylätalo" in page and "Versio 1" in page
    version.note = "Muutettu"
    with pytest.raises(Exception, match="ei voi muuttaa"):
        version.save()


def test_publishing_an_unchanged_draft_is_refused(
    client_as, contact_person, municipality, guideline
):
    publish(guideline, contact_person)
    guideline.refresh_from_db()
    services_draft = draft_data(guideline)
    client = client_as(contact_person)
    client.post(url("edit", municipality), services_draft)
    guideline.refresh_from_db()
    response = client.post(
        url("publish", municipality), {"draft_version": guideline.draft_version, "note": "Sama"}
    )
    assert response.status_code == 400
    assert "ei ole mitään julkaistavaa" in response.content.decode()
    assert guideline.versions.count() == 1


def test_publishing_needs_a_note(client_as, contact_person, municipality, guideline):
    response = client_as(contact_person).post(
        url("publish", municipality), {"draft_version": guideline.draft_version, "note": ""}
    )
    assert response.status_code == 400
    assert not guideline.versions.exists()


def test_publishing_a_draft_changed_meanwhile_asks_to_check_again(
    client_as, contact_person, municipality, guideline
):
    seen = guideline.draft_version
    publish(guideline, contact_person, premises="<p>Uusi</p>")  # someone saved and published
    guideline.refresh_from_db()
    client = client_as(contact_person)
    client.post(url("edit", municipality), draft_data(guideline, premises="<p>Uudempi</p>"))
    response = client.post(url("publish", municipality), {"draft_version": seen, "note": "Vanha"})
    assert response.status_code == 409
    assert guideline.versions.count() == 1


def test_the_history_shows_the_words_that_changed_between_any_two_versions(
    client, contact_person, municipality, guideline
):
    publish(guideline, contact_person, premises="<p>Tilat ovat maksuttomia yhdistyksille.</p>")
    publish(guideline, contact_person, premises="<p>Tilat ovat edullisia yhdistyksille.</p>")
    publish(guideline, contact_person, premises="<p>Tilat ovat edullisia kaikille.</p>")
    response = client.get(url("changes", municipality), {"a": 1, "b": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert "maksuttomia" in page.split("<del>")[1]
    assert "edullisia" in page.split("<ins>")[1]
    assert "[poistettu:" in page and "[lisätty:" in page  # for screen readers
    # Any two versions, in either order; the default is the latest two.
    assert "kaikille" in client.get(url("changes", municipality), {"a": 3, "b": 1}).content.decode()
    assert "kaikille" in client.get(url("changes", municipality)).content.decode()
    assert client.get(url("changes", municipality), {"a": 9, "b": 1}).status_code == 400


def test_each_version_has_a_permanent_link_and_a_print_view(
    client, contact_person, municipality, guideline
):
    publish(guideline, contact_person, premises="<p>Ensimmäinen teksti</p>")
    publish(guideline, contact_person, premises="<p>Toinen teksti</p>")
    first = client.get(url("version", municipality, 1)).content.decode()
    assert "Ensimmäinen teksti" in first and "Tämä on aiempi versio" in first
    printed = client.get(url("print", municipality, 2))
    assert printed.status_code == 200
    assert "Toinen teksti" in printed.content.decode()
    assert "/ohjeet/kunta/426/versiot/2/" in printed.content.decode()
    assert client.get(url("version", municipality, 3)).status_code == 404
    assert client.get(url("print", municipality, 3)).status_code == 404


def test_a_published_guideline_shows_live_data_below_its_sections(
    client, contact_person, municipality, guideline
):
    from kumppanuus.places.models import WelfarePriority

    WelfarePriority.objects.create(
        municipality=municipality,
        title="Nuorten osallisuus",
        age_group="youth",
        theme="community",
        first_year=2020,
        last_year=2100,
    )
    WelfarePriority.objects.create(
        municipality=municipality,
        title="Päättynyt painopiste",
        age_group="all",
        theme="health",
        first_year=2000,
        last_year=2001,
    )
    hidden = factories.make_user("piilo@example.fi", first_name="Piilotettu")
    factories.make_contact_person(municipality, hidden, is_public=False)
    left = factories.make_user("lahtenyt@example.fi", first_name="Lähtenyt", is_active=False)
    factories.make_contact_person(municipality, left)
    publish(guideline, contact_person)
    page = client.get(url("guideline", municipality)).content.decode()
    assert "Nuorten osallisuus</a> (nuoret; yhteisöllisyys ja osallisuus; 2020–2100)" in page
    assert "Päättynyt painopiste" not in page  # its period over
    assert f"<strong>{contact_person.get_full_name()}</strong>, Hyvinvointikoordinaattori" in page
    assert "Piilotettu" not in page and "Lähtenyt" not in page


def test_the_county_guideline_is_kept_by_administrators(client_as, admin_user, contact_person):
    county = factories.make_county()
    path = reverse("partnerships:edit", args=["hyvinvointialue", county.code])
    assert client_as(contact_person).get(path).status_code == 403
    assert client_as(admin_user).get(path).status_code == 200
    assert Guideline.objects.get(county=county).municipality is None


def test_the_municipality_page_links_to_the_guideline(
    client, contact_person, municipality, guideline
):
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "Kunta ei ole vielä julkaissut järjestöyhteistyön ohjettaan." in page  # a draft only
    assert url("guideline", municipality) not in page
    publish(guideline, contact_person)
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert f'<a href="{url("guideline", municipality)}">' in page
    assert "(versio 1, " in page


def test_the_premises_and_agreements_sections_show_the_municipality_s_own(
    client, contact_person, municipality, association, guideline
):
    from tests.agreements.conftest import make_agreement, make_premises

    make_premises(municipality, name="Seuratalon juhlasali")
    make_agreement(municipality, [association], status="active", starts=-1, title="Kyläsopimus")
    make_agreement(municipality, [association], title="Luonnossopimus")
    publish(guideline, contact_person)
    page = client.get(url("guideline", municipality)).content.decode()
    assert "Seuratalon juhlasali" in page
    assert "Kyläsopimus" in page
    assert "Luonnossopimus" not in page
    # Each below its own section: the premises after the premises section's heading.
    assert page.index("Seuratalon juhlasali") > page.index('id="toimitilat"')


def test_the_forums_section_lists_the_forums_of_the_municipality_once_each_with_the_next_meeting(
    client, contact_person, municipality, guideline
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from forums.models import Forum
    from tests.forums.conftest import make_meeting

    both = Forum.objects.create(name="Järjestöfoorumi")
    both.organiser_municipalities.add(municipality)
    both.area_municipalities.add(municipality)
    area = Forum.objects.create(name="Kylien foorumi")
    area.area_municipalities.add(municipality)
    Forum.objects.create(name="Muualla")
    starts = datetime(2099, 3, 5, 17, 30, tzinfo=ZoneInfo("Europe/Helsinki"))
    meeting = make_meeting(both, starts_at=starts, title="Kevätkokous")
    publish(guideline, contact_person)
    page = client.get(url("guideline", municipality)).content.decode()
    assert page.count(f'<a href="{both.get_absolute_url()}">Järjestöfoorumi</a>') == 1
    assert f'seuraava tapaaminen <a href="{meeting.get_absolute_url()}">Kevätkokous</a>' in page
    assert "Kevätkokous</a>, 5.3.2099 17:30" in page  # in Finnish time
    assert f'<a href="{area.get_absolute_url()}">Kylien foorumi</a></li>' in page
    assert "Muualla" not in page


def test_the_county_guideline_lists_the_forums_the_county_organises(client, admin_user):
    from forums.models import Forum
    from kumppanuus.partnerships import services
    from tests.partnerships.conftest import publish

    county = factories.make_county()
    ours = Forum.objects.create(name="Hyvinvointialueen järjestöneuvosto")
    ours.organiser_counties.add(county)
    Forum.objects.create(name="Kunnan foorumi")
    publish(services.guideline_for(county, create=True), admin_user)
    page = client.get(reverse("partnerships:guideline", args=["hyvinvointialue", county.code]))
    assert "Hyvinvointialueen järjestöneuvosto" in page.content.decode()
    assert "Kunnan foorumi" not in page.content.decode()


def test_a_municipality_without_a_county_or_a_guideline_and_an_unknown_one(client):
    aland = factories.make_municipality(name_fi="Ahvenanmaan kunta", name_sv="Åländsk kommun")
    aland.county = None
    aland.save()
    page = client.get(url("guideline", aland), HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Åländsk kommun" in text and "/ohjeet/alue/" not in text
    assert client.get(reverse("partnerships:guideline", args=["kunta", "x01"])).status_code == 404
    missing = reverse("partnerships:guideline", args=["hyvinvointialue", "99"])
    assert client.get(missing).status_code == 404
