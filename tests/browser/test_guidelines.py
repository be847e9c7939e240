"""A contact person publishes version 2 of Liperi's cooperation guideline; the public sees it,
the changes from version 1, the premises sections of the pilots side by side and the region's
welfare priorities; in Finnish and Swedish, by mouse and by keyboard alone, axe-clean."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.checks import assert_accessible, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

NEW_TEXT = "Uusi seurantalo avataan yhdistysten käyttöön keväällä."


def public_pages(page, language="fi"):
    """What the public sees after version 2: checked by the caller's language."""
    page.goto("/ohjeet/kunta/426/")
    expect(page.locator("#version-info")).to_contain_text(
        "Versio 2" if language == "fi" else "Version 2"
    )
    expect(page.locator("main")).to_contain_text(NEW_TEXT)
    assert_accessible(page)


def test_a_contact_person_publishes_version_2_and_the_public_sees_it(page, login_as, demo):
    login_as("contact_person")
    page.goto("/oma/")
    page.get_by_role("link", name="Järjestöyhteistyön ohjeen luonnos: Liperi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Järjestöyhteistyön ohjeen luonnos: Liperi"
    )
    assert_accessible(page)
    premises = page.get_by_label("5. Toimitilojen käyttöperiaatteet")
    premises.fill(premises.input_value() + f"<p>{NEW_TEXT}</p>")
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.get_by_text("Luonnos on tallennettu.")).to_be_visible()

    page.get_by_role("link", name="Julkaise…").click()
    expect(page.locator("main ins").first).to_contain_text("Uusi seurantalo")
    assert_accessible(page)
    page.get_by_label("Mikä muuttui").fill("Uusi seurantalo")
    page.get_by_role("button", name="Julkaise", exact=True).click()
    expect(page.get_by_text("Versio 2 on julkaistu.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/ohjeet/kunta/426/versiot/2/$"))

    page.context.clear_cookies()
    public_pages(page)
    page.get_by_role("link", name="Versiot ja muutokset").click()
    expect(page.get_by_role("heading", name="Muutokset versiosta 1 versioon 2")).to_be_visible()
    expect(page.locator("#diff-toimitilat + .guideline-diff ins")).to_contain_text("seurantalo")
    assert_accessible(page)

    page.goto("/ohjeet/alue/14/")
    expect(page.get_by_role("row", name=re.compile("Juuka"))).to_contain_text("vain luonnos")
    assert_accessible(page)
    page.get_by_role("link", name="Toimitilojen käyttöperiaatteet").click()
    cards = page.locator("main .card")
    for name in ["Liperi", "Outokumpu", "Kontiolahti", "Kitee"]:
        expect(cards.filter(has_text=name)).to_have_count(1)
    expect(cards.filter(has_text="Liperi")).to_contain_text(NEW_TEXT)
    expect(page.get_by_text("Ei vielä julkaistua ohjetta")).to_be_visible()
    assert_accessible(page)

    page.goto("/hyvinvointi/alue/14/")
    table = page.locator("#priority-numbers")
    expect(table.locator("tfoot td").last).to_have_text(re.compile(r"^\d+$"))
    assert int(table.locator("tfoot td").last.inner_text()) > 13
    expect(page.locator("svg[role=img]")).to_have_count(2)
    assert_accessible(page)
    page.locator("main table").last.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Avustushaut")).to_be_visible()
    assert_accessible(page)

    # The same pages in Swedish.
    page.goto("/kieli/sv/?next=/ohjeet/kunta/426/")
    public_pages(page, "sv")
    for path in [
        "/ohjeet/kunta/426/muutokset/",
        "/ohjeet/alue/14/",
        "/ohjeet/alue/14/toimitilat/",
        "/hyvinvointi/alue/14/",
        "/ohjeet/kunta/426/versiot/2/tuloste/",
    ]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "sv")
        assert_accessible(page)
    login_as("contact_person")
    page.goto("/ohjeet/kunta/426/muokkaa/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utkast till anvisning")
    assert_accessible(page)
    page.goto("/ohjeet/kunta/426/julkaise/")
    assert_accessible(page)


def test_the_same_journey_by_keyboard_alone(page, login_as, demo):
    login_as("contact_person")
    page.goto("/ohjeet/kunta/426/muokkaa/")
    tab_to(page, "#id_premises")
    page.keyboard.press("Control+End")
    page.keyboard.type(f"<p>{NEW_TEXT}</p>")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    tab_to(page, "main a[href$='/julkaise/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/julkaise/$"))
    tab_to(page, "#id_note")
    page.keyboard.type("Uusi seurantalo")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Versio 2 on julkaistu.")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/ohjeet/kunta/426/")
    tab_to(page, "main a[href$='/muutokset/']")
    page.keyboard.press("Enter")
    expect(page.locator("#diff-toimitilat + .guideline-diff ins")).to_contain_text("seurantalo")

    page.goto("/ohjeet/alue/14/")
    tab_to(page, "main a[href$='/ohjeet/alue/14/toimitilat/']")
    page.keyboard.press("Enter")
    expect(page.locator("main .card").filter(has_text="Liperi")).to_contain_text(NEW_TEXT)

    page.goto("/hyvinvointi/alue/14/")
    tab_to(page, "main table a[href*='/hyvinvointi/painopisteet/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hyvinvointi/painopisteet/\d+/$"))
