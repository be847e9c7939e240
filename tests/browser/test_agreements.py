"""A partnership agreement is drafted by the municipality, accepted by both parties and
becomes active; by mouse, by keyboard alone, and the pages in Swedish. Every page axe-clean."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kumppanuus.agreements.models import Agreement
from tests.browser.checks import assert_accessible, focus_is_visible, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Kylätalojen avoimet illat"


def test_an_agreement_is_drafted_accepted_by_both_parties_and_becomes_active(page, login_as, demo):
    login_as("contact_person")
    page.goto("/kunnat/426/")
    expect(page.get_by_role("heading", name="Voimassa olevat kumppanuussopimukset")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Laadi uusi sopimus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laadi kumppanuussopimus")
    assert_accessible(page)

    # A bad period first: the error summary says what to fix.
    page.get_by_label("Otsikko").fill(TITLE)
    page.get_by_label("Tavoitteet").fill("Kylätalot ovat auki kaikille kahtena iltana viikossa.")
    today = timezone.localdate()
    page.get_by_label("Alkaa").fill(today.isoformat())
    page.get_by_label("Päättyy").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Liperin Liikuntaseura ry").check()
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.get_by_text("Sopimuksen täytyy päättyä alkamisensa jälkeen.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Päättyy").fill((today + timedelta(days=730)).isoformat())
    page.get_by_label("Arviointipäivät").fill((today + timedelta(days=365)).strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Tallenna luonnos").click()

    expect(page.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Vastuut ja resurssit: Liperi", exact=True).get_by_label(
        "Vastuut"
    ).fill("Kunta maksaa lämmityksen ja siivouksen.")
    page.get_by_role("group", name="Vastuut ja resurssit: Liperi", exact=True).get_by_label(
        "Rahaa vuodessa (€)"
    ).fill("3000")
    page.get_by_role("group", name="Vastuut ja resurssit: Liperin Liikuntaseura ry").get_by_label(
        "Vastuut"
    ).fill("Seura pitää illat ja hoitaa avaimet.")
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Tämä on luonnos.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hyväksy osapuolen puolesta: Liperi").click()
    assert_accessible(page)
    page.get_by_role("button", name="Hyväksy osapuolen puolesta: Liperi").click()
    expect(page.get_by_text("Muiden osapuolten on vielä hyväksyttävä.")).to_be_visible()

    login_as("representative")
    page.goto("/oma/")
    expect(page.get_by_role("heading", name="Hyväksyntääsi odottavat sopimukset")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    assert_accessible(page)
    page.get_by_role("link", name="Hyväksy osapuolen puolesta: Liperin Liikuntaseura ry").click()
    page.get_by_role("button", name=re.compile("Hyväksy osapuolen puolesta")).click()
    expect(
        page.get_by_text("Kaikki osapuolet ovat hyväksyneet: sopimus on nyt voimassa.")
    ).to_be_visible()
    expect(page.get_by_text(re.compile("Tila: voimassa"))).to_be_visible()
    assert_accessible(page)
    assert Agreement.objects.get(title=TITLE).status == "active"

    page.goto("/sopimukset/?municipality=426")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(page)
    page.goto(Agreement.objects.get(title=TITLE).get_absolute_url() + "historia/")
    expect(page.get_by_text("Kaikki osapuolet hyväksyneet")).to_be_visible()
    assert_accessible(page)


def type_date(page, selector, day):
    """Tab to a date field and type the date. Headless Chromium lays the field out in the
    American order (month, day, year) whatever the page's language."""
    tab_to(page, selector)
    page.keyboard.type(day.strftime("%m%d%Y"))
    assert page.input_value(selector) == day.isoformat()


def test_the_same_by_keyboard_alone(page, login_as, demo):
    login_as("contact_person")
    page.goto("/kunnat/426/")
    tab_to(page, "main a[href$='/kunnat/426/sopimukset/uusi/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Laadi kumppanuussopimus")

    tab_to(page, "#id_title")
    page.keyboard.type(TITLE)
    page.keyboard.press("Tab")
    page.keyboard.type("Kylätalot ovat auki kaikille.")
    today = timezone.localdate()
    type_date(page, "#id_starts_on", today)
    type_date(page, "#id_ends_on", today + timedelta(days=730))
    tab_to(page, "input[name='associations']")
    # Tab through the association checkboxes to the right one and tick it with Space.
    for _ in range(30):
        label = page.evaluate(
            "document.querySelector(`label[for='${document.activeElement.id}']`)?.textContent"
        )
        if label and "Liperin Liikuntaseura ry" in label:
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    tab_to(page, "main button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Muokkaa luonnosta")
    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.starts_on == today
    assert [p.association.name for p in agreement.parties.exclude(association=None)] == [
        "Liperin Liikuntaseura ry"
    ]

    tab_to(page, "main button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    public = agreement.parties.get(association=None)
    tab_to(page, f"main a[href$='/hyvaksy/{public.pk}/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hyväksy sopimus")
    tab_to(page, "main button[type='submit']")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Muiden osapuolten on vielä hyväksyttävä.")).to_be_visible()

    login_as("representative")
    page.goto("/oma/")
    tab_to(page, f"main a[href$='/sopimukset/{agreement.pk}/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    party = agreement.parties.get(association__name="Liperin Liikuntaseura ry")
    tab_to(page, f"main a[href$='/hyvaksy/{party.pk}/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hyväksy sopimus")
    tab_to(page, "main button[type='submit']")
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Kaikki osapuolet ovat hyväksyneet: sopimus on nyt voimassa.")
    ).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_agreement_and_premises_pages_in_swedish(page, login_as, demo):
    login_as("contact_person")
    page.goto("/kieli/sv/?next=/kunnat/426/")
    expect(page.get_by_role("heading", name="Partnerskapsavtal i kraft")).to_be_visible()
    expect(page.get_by_role("heading", name="Lokaler för föreningar")).to_be_visible()
    assert_accessible(page)
    active = Agreement.objects.get(title="Ikäihmisten kohtaamispaikka Kammari")
    page.goto(active.get_absolute_url())
    expect(page.get_by_text(re.compile("Status: i kraft"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Flytta datumen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Flytta datumen")
    assert_accessible(page)
    page.goto("/sopimukset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnerskapsavtal i kraft")
    assert_accessible(page)
    page.goto("/kunnat/426/sopimukset/uusi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upprätta ett partnerskapsavtal")
    assert_accessible(page)
    page.goto("/toimitilat/?municipality=426&capacity=50")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokaler för föreningar")
    expect(page.get_by_text("Liperin kunnantalon valtuustosali")).to_be_visible()
    assert_accessible(page)
    page.goto("/kunnat/426/toimitilat/")
    assert_accessible(page)
