"""The grant pages in Swedish: the listing, a round, a draft with its missing list, the
send page and the officer's table; every page axe-clean."""

import pytest
from playwright.sync_api import expect

from grants import demo as grants_demo
from grants.models import Application, Round
from tests.browser.checks import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_grant_pages_in_swedish(page, login_as, demo):
    grants_demo.load_demo()
    round = Round.objects.get(name_fi="Liikuntaseurojen toiminta-avustukset")
    draft = Application.objects.get(round=round, association__name="Liperin Liikuntaseura ry")
    login_as("representative")

    page.goto("/kieli/sv/?next=/avustukset/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Understöd: öppna och kommande ansökningstider"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Verksamhetsunderstöd för idrottsföreningar").click()
    expect(page.get_by_text("Ansökningstid", exact=True)).to_be_visible()
    assert_accessible(page)

    page.goto(draft.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ansökan om understöd")
    expect(
        page.get_by_text("Bilaga saknas: verksamhetsplan (toimintasuunnitelma).")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kontrollera och skicka").click()
    expect(page.get_by_text("Ansökan kan inte skickas ännu:")).to_be_visible()
    assert_accessible(page)

    login_as("grant_officer")
    page.goto(f"/avustukset/{round.pk}/hakemukset/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ansökningar")
    assert_accessible(page)
