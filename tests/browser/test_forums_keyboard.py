"""A coordinator runs a meeting from plan to minutes by keyboard alone, in Finnish and Swedish."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forums.demo import load_demo as load_forums_demo
from forums.models import Forum, Meeting
from kumppanuus.notifications.models import Message
from tests.browser.checks import assert_accessible, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

TAB_LIMIT = 200


def type_moment(page, selector, moment: datetime):
    """Type a date and time into a datetime-local field, segment by segment.

    Headless Chromium shows the field as mm/dd/yyyy, hh:mm AM/PM whatever the
    page's language; Tab lands on the month and ArrowRight moves past the year
    and the minutes, which take more digits than they need.
    """
    tab_to(page, selector, TAB_LIMIT)
    hour = moment.hour % 12 or 12
    for keys in (f"{moment:%m%d%Y}", "ArrowRight", f"{hour:02d}{moment:%M}", "ArrowRight"):
        if keys == "ArrowRight":
            page.keyboard.press(keys)
        else:
            page.keyboard.type(keys)
    page.keyboard.type("P" if moment.hour >= 12 else "A")
    expect(page.locator(selector)).to_have_value(moment.strftime("%Y-%m-%dT%H:%M"))


def press_on(page, selector):
    tab_to(page, selector, TAB_LIMIT)
    page.keyboard.press("Enter")


def saved(page):
    expect(page.locator(".messages .alert-success")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_coordinator_plans_invites_moves_records_and_publishes_by_keyboard_alone(
    page, browser, live_server, login_as, language
):
    load_forums_demo()
    login_as("coordinator")
    jane = Forum.objects.get(name__startswith="JANE")
    page.goto(jane.get_absolute_url())
    if language == "sv":
        press_on(page, "a[hreflang=sv]")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)

    # Plan: a new meeting with an agenda item.
    press_on(page, f'a[href="/foorumit/{jane.pk}/uusi-tapaaminen/"]')
    expect(page.locator("#id_title")).to_be_visible()
    assert_accessible(page)
    tab_to(page, "#id_title", TAB_LIMIT)
    page.keyboard.type("Kuntakierroksen suunnittelu")
    day = timezone.localdate() + timedelta(days=21)
    starts = datetime.combine(day, datetime.min.time()).replace(hour=13)
    type_moment(page, "#id_starts_at", starts)
    type_moment(page, "#id_ends_at", starts + timedelta(hours=2))
    tab_to(page, "#id_place", TAB_LIMIT)
    page.keyboard.type("Carelicum")
    press_on(page, "form button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuntakierroksen suunnittelu")
    saved(page)
    meeting = Meeting.objects.get(title="Kuntakierroksen suunnittelu")

    tab_to(page, "#id_agenda-title", TAB_LIMIT)
    page.keyboard.type("Kuntakierroksen aikataulu")
    press_on(page, "form:has(#id_agenda-title) button[type=submit]")
    saved(page)
    item = meeting.agenda_items.get()

    # Invite the members.
    mail.outbox.clear()
    press_on(page, f'form[action="/tapaamiset/{meeting.pk}/hallinta/kutsu/"] button')
    saved(page)
    assert len(mail.outbox) == 5

    # Move it a week later: everyone gets an update of the same calendar entry.
    mail.outbox.clear()
    press_on(page, f'a[href="/tapaamiset/{meeting.pk}/hallinta/muokkaa/"]')
    expect(page.locator("#id_starts_at")).to_be_visible()
    assert_accessible(page)
    moved = starts + timedelta(days=7)
    type_moment(page, "#id_starts_at", moved)
    type_moment(page, "#id_ends_at", moved + timedelta(hours=2))
    press_on(page, "form button[type=submit]")
    saved(page)
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == moved
    assert meeting.sequence == 1 and len(mail.outbox) == 5
    reminder = Message.objects.get(
        kind="meeting_reminder", status="pending", recipient_email="jane.jasen@demo.kumppanuus.fi"
    )
    assert reminder.due_at == meeting.starts_at - timedelta(days=2)

    # The meeting is held (time passes), then attendance and the minutes.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    meeting.invitees.update(answer="yes")
    absent = meeting.invitees.get(email="jane.jasen@demo.kumppanuus.fi")
    press_on(page, f'a[href="/tapaamiset/{meeting.pk}/hallinta/lasnaolo/"]')
    expect(page.locator(f"#present-{absent.pk}")).to_be_checked()
    assert_accessible(page)
    tab_to(page, f"#present-{absent.pk}", TAB_LIMIT)
    page.keyboard.press("Space")
    expect(page.locator(f"#present-{absent.pk}")).not_to_be_checked()
    press_on(page, "main form button[type=submit]")
    saved(page)
    assert meeting.invitees.filter(attended=True).count() == 4
    assert list(meeting.invitees.filter(attended=False).values_list("pk", flat=True)) == [absent.pk]

    tab_to(page, "#id_minutes-minutes_kind", TAB_LIMIT)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_minutes-minutes_kind")).to_have_value("muistio")
    tab_to(page, "#id_minutes-minutes", TAB_LIMIT)
    page.keyboard.type("Käytiin läpi kuntakierroksen aikataulu.")
    tab_to(page, f"#id_minutes-decision_{item.pk}", TAB_LIMIT)
    page.keyboard.type("Kierros aloitetaan Liperistä.")
    tab_to(page, "#id_minutes-minutes_visibility", TAB_LIMIT)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_minutes-minutes_visibility")).to_have_value("public")
    press_on(page, "form:has(#id_minutes-minutes) button[type=submit]")
    saved(page)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes_kind, meeting.minutes_visibility) == (
        "held",
        "muistio",
        "public",
    )

    # Anyone reads the published memo and its decision on the meeting's page.
    visitor = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    visitor.goto(meeting.get_absolute_url())
    if language == "sv":
        tab_to(visitor, "a[hreflang=sv]", TAB_LIMIT)
        visitor.keyboard.press("Enter")
        expect(visitor.locator("html")).to_have_attribute("lang", "sv")
    heading = {"fi": "Muistio", "sv": "Promemoria"}[language]
    expect(visitor.locator("#minutes-title")).to_have_text(heading)
    expect(visitor.get_by_text("Kierros aloitetaan Liperistä.")).to_be_visible()
    assert_accessible(visitor)
    visitor.context.close()
    assert re.search(r"/tapaamiset/\d+/hallinta/$", page.url)
