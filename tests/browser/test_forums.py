"""A coordinator plans a meeting and invites; an invitee answers from the email, logged out."""

import email as email_parser
import re
from datetime import timedelta
from email import policy

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forums.demo import load_demo as load_forums_demo
from forums.models import Forum, Invitee, Meeting
from tests.browser.checks import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def calendar_of(message):
    parsed = email_parser.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    return icalendar.Calendar.from_ical(part.get_content())


def test_coordinator_invites_and_an_invitee_answers_from_the_link(
    page, browser, live_server, login_as
):
    load_forums_demo()
    login_as("coordinator")
    jane = Forum.objects.get(name__startswith="JANE")
    page.goto(jane.get_absolute_url())
    assert_accessible(page)
    expect(page.locator("#rhythm")).to_have_text(re.compile(r"^\d+/6$"))

    page.get_by_role("link", name="Uusi kokous").click()
    assert_accessible(page)
    day = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Otsikko").fill("JANE:n ylimääräinen kokous")
    page.get_by_label("Alkaa").fill(f"{day.isoformat()}T13:00")
    page.get_by_label("Päättyy").fill(f"{day.isoformat()}T12:00")
    page.get_by_role("button", name="Tallenna").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Päättyy").fill(f"{day.isoformat()}T15:00")
    page.get_by_label("Paikka", exact=True).fill("Carelicum")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("JANE:n ylimääräinen kokous")
    assert_accessible(page)

    page.locator("#id_agenda-title").fill("Hyvinvointialueen ajankohtaiset")
    page.get_by_role("button", name="Lisää esityslistalle").click()
    expect(page.get_by_text("Esityslistan kohta on lisätty.")).to_be_visible()
    page.get_by_role("button", name="Lähetä kutsut").click()
    expect(page.get_by_text("Kutsuja lähetetty: 5.")).to_be_visible()
    assert_accessible(page)

    meeting = Meeting.objects.get(title="JANE:n ylimääräinen kokous")
    assert meeting.status == Meeting.Status.INVITED
    assert len(mail.outbox) == 5
    invitation = next(m for m in mail.outbox if m.to == ["jane.siht@demo.kumppanuus.fi"])
    event = calendar_of(invitation).walk("VEVENT")[0]
    assert event["UID"] == f"meeting-{meeting.pk}@kumppanuus"
    assert str(event["ATTENDEE"]) == "mailto:jane.siht@demo.kumppanuus.fi"
    link = re.search(r"https?://\S+(/vastaa/\S+/)", invitation.body).group(1)

    invitee = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    invitee.set_default_timeout(10_000)
    invitee.goto(link)
    assert_accessible(invitee)
    invitee.get_by_label("kyllä").check()
    invitee.get_by_label("Lisätieto").fill("Kasvisruoka")
    invitee.get_by_role("button", name="Tallenna vastaus").click()
    expect(invitee.get_by_text("Kiitos, vastauksesi on tallennettu.")).to_be_visible()
    assert_accessible(invitee)
    invitee.context.close()
    answer = Invitee.objects.get(meeting=meeting, email="jane.siht@demo.kumppanuus.fi")
    assert (answer.answer, answer.note) == ("yes", "Kasvisruoka")

    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("Carelicum")).to_be_visible()
    assert_accessible(page)
    page.goto("/kalenteri/")
    expect(page.get_by_role("link", name="JANE:n ylimääräinen kokous")).to_be_visible()
    assert_accessible(page)
