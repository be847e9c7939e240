"""A new portal with its places and no associations: a visitor learns how to join."""

import pytest
from playwright.sync_api import expect

from tests.browser.checks import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_of_an_empty_portal_finds_how_associations_join(page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Portaali on vasta aloittamassa")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="kuntien sivuilta").click()
    expect(page.get_by_role("heading", name="Pohjois-Karjalan hyvinvointialue")).to_be_visible()
    expect(page.get_by_role("heading", name="Ahvenanmaa (ei hyvinvointialuetta)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Porvoo").click()
    expect(page.get_by_text("Borgå")).to_be_visible()
    assert_accessible(page)
