"""A representative fixes a grant draft and reaches the send page with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from grants import demo as grants_demo
from grants.models import Application
from tests.browser.checks import focus_is_visible, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_representative_edits_a_grant_draft_with_the_keyboard_alone(page, login_as, demo):
    grants_demo.load_demo()
    draft = Application.objects.get(
        round__name_fi="Liikuntaseurojen toiminta-avustukset",
        association__name="Liperin Liikuntaseura ry",
    )
    login_as("representative")
    page.goto(draft.get_absolute_url())

    tab_to(page, "#id_amount_requested")
    page.keyboard.press("Control+A")
    page.keyboard.type("-5")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#id_amount_requested")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("2 500,00")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.amount_requested == 2500

    tab_to(page, "main a[href$='/laheta/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/laheta/$"))
    tab_to(page, f"main a[href$='/hakemukset/{draft.pk}/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hakemukset/\d+/$"))
