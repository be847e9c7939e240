import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from associations.demo import DEMO_PASSWORD, business_ids
from associations.models import Association
from tests import factories
from tests.browser.checks import assert_accessible, focus_is_visible, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_representative_edits_and_invites_a_co_representative(page, browser, live_server, demo):
    page.goto("/tili/kirjaudu/")
    assert_accessible(page)
    page.get_by_label("Sähköpostiosoite").fill("edustaja@demo.kumppanuus.fi")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat sivut")
    assert_accessible(page)

    page.get_by_role("link", name="Liperin Liikuntaseura ry", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Muokkaa yhdistyksen tietoja").click()
    assert_accessible(page)

    business_id = page.get_by_label("Y-tunnus")
    business_id.fill("1234567-8")
    page.get_by_role("button", name="Tallenna").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Y-tunnus")).to_be_focused()
    assert focus_is_visible(page)

    new_id = next(business_ids(7000000))
    page.get_by_label("Y-tunnus").fill(f"FI {new_id}")
    page.get_by_label("Kuvaus").fill("Salibandya, hiihtoa ja sählyä koko Liperille.")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Muutokset on tallennettu.")).to_be_visible()
    association = Association.objects.get(name="Liperin Liikuntaseura ry")
    assert association.business_id == new_id

    page.get_by_role("link", name="Muutoshistoria").click()
    expect(page.get_by_text("Salibandya, hiihtoa ja sählyä koko Liperille.")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_label("Sähköpostiosoite").fill("uusi.sihteeri@example.fi")
    page.get_by_label("Rooli").select_option("secretary")
    page.get_by_role("button", name="Lähetä kutsu").click()
    expect(
        page.get_by_text("Kutsu on lähetetty osoitteeseen uusi.sihteeri@example.fi.")
    ).to_be_visible()
    assert_accessible(page)

    assert [message.to for message in mail.outbox] == [["uusi.sihteeri@example.fi"]]
    link = re.search(r"https?://\S+/tili/kutsu/\S+/", mail.outbox[0].body).group(0)
    path = link.split("/tili/", 1)[1]

    invitee = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    invitee.set_default_timeout(10_000)
    invitee.goto(f"/tili/{path}")
    assert_accessible(invitee)
    invitee.get_by_label("Etunimi").fill("Sanna")
    invitee.get_by_label("Sukunimi").fill("Sihteeri")
    invitee.locator("#id_password1").fill("hyva-pitka-salasana-1")
    invitee.get_by_label("Salasana uudelleen").fill("hyva-pitka-salasana-1")
    invitee.get_by_role("button", name="Luo tunnus ja hyväksy kutsu").click()
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Liperin Liikuntaseura ry")
    expect(invitee.get_by_role("cell", name="uusi.sihteeri@example.fi")).to_be_visible()
    assert_accessible(invitee)
    invitee.context.close()


def test_logged_in_pages_of_each_role_are_accessible(page, login_as):
    for role, urls in {
        "representative": [
            "/oma/",
            "/tili/profiili/",
            "/tili/salasana/vaihda/",
            "/yhdistykset/uusi/",
        ],
        "contact_person": ["/oma/", "/kunnat/426/yhteyshenkilot/"],
        "coordinator": ["/oma/", "/yhdistykset/"],
    }.items():
        page.context.clear_cookies()
        login_as(role)
        for url in urls:
            page.goto(url)
            expect(page.locator("main")).to_be_visible()
            assert_accessible(page)


def test_representative_logs_in_and_fixes_an_error_with_the_keyboard_alone(page, demo):
    page.goto("/tili/kirjaudu/")
    tab_to(page, "#id_username")
    page.keyboard.type("edustaja@demo.kumppanuus.fi")
    page.keyboard.press("Tab")
    assert focus_is_visible(page)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat sivut")

    tab_to(page, "main a[href$='/hallinta/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hallinta/$"))
    tab_to(page, "main a[href$='/hallinta/muokkaa/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hallinta/muokkaa/$"))
    tab_to(page, "#id_business_id")
    page.keyboard.press("Control+A")
    page.keyboard.type("1234567-8")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#id_business_id")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"FI{next(business_ids(7200000)).replace('-', '')}")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Muutokset on tallennettu.")).to_be_visible()

    tab_to(page, "#id_email")
    page.keyboard.type("naputtelija@example.fi")
    page.keyboard.press("Enter")
    expect(page.get_by_text("naputtelija@example.fi", exact=False).first).to_be_visible()
    assert len(mail.outbox) == 1

    tab_to(page, "a[hreflang='sv']")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_representative_ticks_municipalities_and_confirms_a_removal(page, login_as):
    user = login_as("representative")
    association = user.representations.get().association
    second = factories.make_representative(association, factories.make_user("toinen@example.fi"))

    page.goto(f"/yhdistykset/{association.pk}/hallinta/muokkaa/")
    municipalities = page.get_by_role("group", name=re.compile("Toiminta-alueen kunnat"))
    kitee = municipalities.get_by_role("checkbox", name="Kitee")
    expect(kitee).not_to_be_checked()
    kitee.focus()
    page.keyboard.press("Space")
    expect(kitee).to_be_checked()
    # Other regions are closed disclosures; the keyboard opens one from its summary.
    kuopio = municipalities.get_by_role("checkbox", name="Kuopio")
    expect(kuopio).to_be_hidden()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Pohjois-Savo":
            break
    page.keyboard.press("Enter")
    expect(kuopio).to_be_visible()
    page.keyboard.press("Tab")
    expect(municipalities.get_by_role("checkbox", name="Iisalmi")).to_be_focused()
    kuopio.focus()
    page.keyboard.press("Space")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Muutokset on tallennettu.")).to_be_visible()
    assert association.municipalities.filter(name_fi__in=["Kitee", "Kuopio"]).count() == 2

    page.get_by_role("link", name=f"Poista {second}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edustajan poistaminen")
    expect(page.get_by_text("toinen@example.fi")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Peruuta").click()
    expect(page).to_have_url(re.compile(r"/hallinta/$"))
    assert association.representations.filter(user=second).exists()

    page.get_by_role("link", name=f"Poista {second}").click()
    page.get_by_role("button", name="Poista").click()
    expect(page.get_by_text(f"{second} ei ole enää yhdistyksen yhteyshenkilö.")).to_be_visible()
    assert not association.representations.filter(user=second).exists()
