import re

import pytest
from playwright.sync_api import expect

from tests.browser.checks import (
    assert_accessible,
    assert_form_controls_contrast,
    focus_is_visible,
    tab_to,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_searches_filters_and_opens_an_association(page, demo):
    page.goto("/")
    assert_accessible(page)
    page.get_by_label("Nimi, toimiala tai hakusana").fill("liikuntaseura")
    page.get_by_role("button", name="Hae").click()
    expect(page).to_have_url(re.compile(r"/yhdistykset/\?q=liikuntaseura"))
    expect(page.get_by_role("link", name="Liperin Liikuntaseura ry")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Kunta").select_option(label="Kitee")
    page.get_by_role("button", name="Hae").click()
    expect(page.get_by_role("link", name="Kiteen Liikuntaseura ry")).to_be_visible()
    expect(page.get_by_role("link", name="Liperin Liikuntaseura ry")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Kiteen Liikuntaseura ry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiteen Liikuntaseura ry")
    expect(page.get_by_text("info@liikunta.260.example.fi")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kitee").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kitee")
    assert_accessible(page)


def test_visitor_switches_to_swedish_and_english(page, demo):
    page.goto("/kunnat/")
    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("link", name="Libelits")).to_be_visible()
    assert_accessible(page)
    expect(page).to_have_url(re.compile(r"/kunnat/$"))
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Municipalities")
    assert_accessible(page)


def test_visitor_journey_with_the_keyboard_alone(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Siirry sisältöön")
    expect(skip).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))

    tab_to(page, "#home-q")
    page.keyboard.type("kylätoiminta")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Juuan Kylätoimintayhdistys ry")).to_be_visible()
    tab_to(page, "a[href*='juuan-kylatoimintayhdistys']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Juuan Kylätoimintayhdistys ry")


def test_static_pages_are_accessible(page, demo):
    for url in [
        "/saavutettavuusseloste/",
        "/tietosuojaseloste/",
        "/tili/kirjaudu/",
        "/tili/salasana/unohtunut/",
        "/yhdistykset/?page=2",
        "/olematon-sivu/",
    ]:
        page.goto(url)
        assert_accessible(page)


def test_form_controls_have_borders_that_stand_out(page, demo, login_as):
    """WCAG 1.4.11: inputs, selects, textareas and checkboxes at least 3:1 (axe skips it)."""
    for url in ["/yhdistykset/", "/saavutettavuusseloste/", "/tili/kirjaudu/"]:
        page.goto(url)
        assert_form_controls_contrast(page)
    login_as("representative")
    page.goto("/oma/")
    page.get_by_role("link", name="Liperin Liikuntaseura ry").first.click()
    page.get_by_role("link", name="Muokkaa yhdistyksen tietoja").click()
    expect(page.get_by_role("checkbox").first).to_be_visible()
    assert_form_controls_contrast(page)
    page.locator("#id_name").focus()
    assert_form_controls_contrast(page)


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_public_and_own_pages_fit_a_phone_and_mark_where_you_are(page, demo, login_as):
    page.set_viewport_size({"width": 360, "height": 740})
    for url in ["/kunnat/", "/yhdistykset/", "/kunnat/426/"]:
        page.goto(url)
        assert not _scrolls_sideways(page), url
        assert_accessible(page)

    page.goto("/kunnat/")
    current = page.locator("header a[aria-current='page']")
    expect(current).to_have_text("Kunnat")
    assert current.evaluate("el => getComputedStyle(el).fontWeight") == "700"
    other = page.get_by_role("link", name="Yhdistykset", exact=True)
    assert other.evaluate("el => getComputedStyle(el).fontWeight") == "400"
    language = page.locator("header a[hreflang='fi']")
    expect(language).to_have_attribute("aria-current", "true")
    assert "underline" in language.evaluate("el => getComputedStyle(el).textDecorationLine")
    row = page.get_by_role("row").filter(has_text="Liperi").first
    expect(row).to_contain_text("yhteyshenkilo@demo.kumppanuus.fi")

    user = login_as("representative")
    association = user.representations.get().association
    for url in [
        f"/yhdistykset/{association.pk}/hallinta/",
        f"/yhdistykset/{association.pk}/hallinta/historia/",
    ]:
        page.goto(url)
        assert not _scrolls_sideways(page), url
        assert_accessible(page)


def test_login_says_why_and_shows_a_failure_once(page, demo):
    page.goto("/oma/")
    expect(page.get_by_text("Pyytämäsi sivu on vain kirjautuneille käyttäjille.")).to_be_visible()
    page.get_by_label("Sähköpostiosoite").fill("edustaja@demo.kumppanuus.fi")
    page.get_by_label("Salasana").fill("väärä-salasana")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_text("Sähköpostiosoite tai salasana on väärin", exact=False)).to_have_count(
        1
    )
    assert_accessible(page)
