"""A person stops optional messages from the email's link, logged out, and on the profile page."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from kumppanuus.notifications import kinds
from kumppanuus.notifications.models import Feedback, OptOut
from kumppanuus.notifications.services import message_queue, messages_send_due
from tests.browser.checks import assert_accessible, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bulletins():
    kinds.register_group(
        "test_news", label="Foorumien tiedotteet", help_text="Uutiset foorumeilta kerran kuussa"
    )
    kinds.register_kind("test_bulletin", label="Tiedote", group="test_news", bulk=True)
    yield
    kinds.unregister("test_bulletin")
    kinds.unregister("test_news")


def test_the_unsubscribe_link_works_by_keyboard_logged_out_in_finnish_and_swedish(
    page, live_server, bulletins, settings
):
    settings.SITE_URL = live_server.url
    subject = Feedback.objects.create(message="tiedote", language="fi")
    for email, language in [("lukija@example.fi", "fi"), ("lasare@example.fi", "sv")]:
        message_queue(
            kind="test_bulletin",
            target=subject,
            recipient_email=email,
            language=language,
            due_at=timezone.now(),
        )
    messages_send_due()
    links = {m.to[0]: m.message()["List-Unsubscribe"].strip("<>") for m in mail.outbox}

    page.goto(links["lukija@example.fi"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Lopeta nämä viestit")
    expect(page.get_by_text("Foorumien tiedotteet").first).to_be_visible()
    assert_accessible(page)
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Viestit lopetettu")
    assert_accessible(page)
    assert OptOut.objects.filter(email="lukija@example.fi", group="test_news").exists()

    page.goto(links["lasare@example.fi"])
    page.get_by_role("link", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avbeställ dessa meddelanden")
    assert_accessible(page)
    page.get_by_role("button", name="Avbeställ dessa meddelanden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meddelandena avbeställda")
    assert_accessible(page)

    page.goto(links["lukija@example.fi"][:-6] + "xxxxx/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    assert_accessible(page)


def test_a_person_chooses_their_messages_on_the_profile_page(page, login_as, bulletins):
    user = login_as("representative")
    page.goto("/tili/profiili/")
    assert_accessible(page)
    checkbox = page.get_by_label("Foorumien tiedotteet")
    expect(checkbox).to_be_checked()
    tab_to(page, "#id_test_news")
    page.keyboard.press("Space")
    tab_to(page, "form[action='/tili/viestit/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Viestiasetuksesi on tallennettu.")).to_be_visible()
    expect(page.get_by_label("Foorumien tiedotteet")).not_to_be_checked()
    assert_accessible(page)
    assert OptOut.objects.filter(email=user.email, group="test_news").exists()
