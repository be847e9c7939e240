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
from tests.browser.checks import assert_accessible, focus_is_visible, tab_to

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


def test_coordinator_moves_a_meeting_records_attendance_publishes_minutes_and_cancels(
    page, browser, live_server, login_as
):
    load_forums_demo()
    login_as("coordinator")
    coming = Meeting.objects.get(title="JANE:n kokous 4")
    mail.outbox.clear()

    page.goto(f"/tapaamiset/{coming.pk}/hallinta/")
    page.get_by_role("link", name="Muokkaa kokousta").click()
    assert_accessible(page)
    moved = timezone.localdate(coming.starts_at) + timedelta(days=7)
    page.get_by_label("Alkaa").fill(f"{moved.isoformat()}T09:00")
    page.get_by_label("Päättyy").fill(f"{moved.isoformat()}T11:00")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Muutokset on tallennettu.")).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == 5
    update = calendar_of(mail.outbox[0])
    assert update["METHOD"] == "REQUEST"
    event = update.walk("VEVENT")[0]
    assert event["UID"] == f"meeting-{coming.pk}@kumppanuus"
    assert event["SEQUENCE"] == 1
    from kumppanuus.notifications.models import Message

    reminder = Message.objects.filter(kind="meeting_reminder", status="pending").first()
    coming.refresh_from_db()
    assert reminder.due_at == coming.starts_at - timedelta(days=2)

    held = Meeting.objects.get(title="JANE:n kokous 3")
    page.goto(f"/tapaamiset/{held.pk}/hallinta/lasnaolo/")
    assert_accessible(page)
    page.get_by_label(re.compile("Jussi Jäsen")).uncheck()
    page.get_by_role("button", name="Tallenna läsnäolot").click()
    expect(page.get_by_text("Läsnäolot on tallennettu.")).to_be_visible()
    assert held.invitees.get(email="jane.jasen@demo.kumppanuus.fi").attended is False

    page.locator("#id_minutes-minutes").fill("Päätettiin järjestää kuntakierros.")
    page.get_by_label("Pöytäkirja julkaistu").select_option("members")
    page.get_by_role("button", name="Tallenna pöytäkirja").click()
    expect(page.get_by_text("Pöytäkirja on tallennettu.")).to_be_visible()
    visitor = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    visitor.goto(held.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text("JANE:n kokous 3")
    expect(visitor.get_by_text("Päätettiin järjestää kuntakierros.")).to_have_count(0)
    assert_accessible(visitor)
    visitor.context.close()

    other = Meeting.objects.get(title="JANE:n kokous 5")
    mail.outbox.clear()
    page.goto(f"/tapaamiset/{other.pk}/hallinta/")
    page.get_by_role("link", name="Peru kokous").click()
    assert_accessible(page)
    page.get_by_role("button", name="Peru kokous").click()
    expect(page.get_by_text("Kokous on peruttu ja kutsutuille on kerrottu.")).to_be_visible()
    assert len(mail.outbox) == 5
    assert calendar_of(mail.outbox[0])["METHOD"] == "CANCEL"


def test_guests_register_in_swedish_by_keyboard_and_the_waiting_list_moves(
    page, browser, live_server, demo
):
    load_forums_demo()
    meeting = Meeting.objects.get(title="Kumppanuuspöytä: syksyn tapaaminen")
    Meeting.objects.filter(pk=meeting.pk).update(capacity=1)
    mail.outbox.clear()

    def register(name, email):
        page.goto(meeting.get_absolute_url())
        if page.locator("html").get_attribute("lang") != "sv":
            page.get_by_role("link", name="Svenska").click()
        expect(page.locator("html")).to_have_attribute("lang", "sv")
        assert_accessible(page)
        page.get_by_role("link", name="Anmäl dig till mötet").click()
        assert_accessible(page)
        tab_to(page, "#id_name")
        page.keyboard.type(name)
        tab_to(page, "#id_email")
        page.keyboard.type(email)
        tab_to(page, "#id_consent")
        page.keyboard.press("Space")
        tab_to(page, "form button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
        assert_accessible(page)

    register("Greta Gäst", "greta@example.fi")
    expect(page.get_by_text("Du är anmäld.")).to_be_visible()
    register("Vilhelm Väntare", "vilhelm@example.fi")
    expect(page.get_by_text("Du är nummer 1 i kön", exact=False)).to_be_visible()

    receipt = next(m for m in mail.outbox if m.to == ["greta@example.fi"])
    assert receipt.subject.startswith("Anmälan mottagen")
    link = re.search(r"https?://\S+(/vastaa/\S+/)", receipt.body).group(1)
    mail.outbox.clear()
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("nej").check()
    page.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Tack, ditt svar har sparats.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["vilhelm@example.fi"]]
    assert mail.outbox[0].subject.startswith("Du har en plats")
    assert Invitee.objects.get(email="vilhelm@example.fi").waiting_position is None


def test_the_coordinators_pages_in_swedish_are_accessible(page, login_as):
    load_forums_demo()
    login_as("coordinator")
    jane = Forum.objects.get(name__startswith="JANE")
    meeting = Meeting.objects.get(title="JANE:n kokous 4")
    page.goto(jane.get_absolute_url())
    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("JANE – organisationernas delegation")
    assert_accessible(page)
    for path, heading in [
        (f"/foorumit/{jane.pk}/jasenet/", "Medlemmar: JANE – organisationernas delegation"),
        (f"/foorumit/{jane.pk}/uusi-tapaaminen/", "Nytt möte"),
        (f"/tapaamiset/{meeting.pk}/hallinta/", meeting.title),
        (f"/tapaamiset/{meeting.pk}/hallinta/lasnaolo/", "Närvaro"),
        (f"/tapaamiset/{meeting.pk}/hallinta/tuloste/", meeting.title),
        ("/foorumit/rytmi/", "Forumens rytm"),
        ("/kalenteri/", "Kalender över kommande möten"),
        ("/oma/", None),
    ]:
        page.goto(path)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)


def test_an_invitee_answers_by_keyboard_alone_and_the_error_summary_takes_the_focus(page, demo):
    from forums import services

    load_forums_demo()
    meeting = Meeting.objects.get(title="JANE:n kokous 4")
    invitee = meeting.invitees.get(email="jane.jasen@demo.kumppanuus.fi")
    Invitee.objects.filter(pk=invitee.pk).update(answer="")
    page.goto(f"/vastaa/{services.answer_token(invitee)}/")
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link").first.press("Enter")
    expect(page.locator("input[value=yes]")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[value=maybe]")).to_be_checked()
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kiitos, vastauksesi on tallennettu.")).to_be_visible()
    invitee.refresh_from_db()
    assert invitee.answer == "maybe"


def test_a_visitor_finds_meetings_by_forum_name_and_kind_by_keyboard(page, demo):
    jane = Forum.objects.get(name__startswith="JANE")
    page.goto("/kalenteri/")
    tab_to(page, "input[name=q]")
    page.keyboard.type("HYTINÄT LIPERI")
    page.keyboard.press("Enter")
    expect(page.locator("input[name=q]")).to_have_value("HYTINÄT LIPERI")
    meetings = page.locator("#meetings")
    expect(meetings.get_by_role("link", name="Hyvinvointihytinät Liperi").first).to_be_visible()
    expect(meetings.get_by_role("link", name=re.compile("JANE"))).to_have_count(0)
    assert_accessible(page)

    page.goto("/kalenteri/")
    tab_to(page, "select[name=forum_kind]")
    page.keyboard.press("ArrowDown")  # from "All kinds of forum" to the advisory boards
    expect(page.locator("select[name=forum_kind]")).to_have_value("neuvottelukunta")
    tab_to(page, "form[role=search] button[type=submit]")
    page.keyboard.press("Enter")
    expect(meetings.get_by_role("link", name=re.compile("JANE")).first).to_be_visible()
    expect(meetings.get_by_role("link", name=re.compile("Hyvinvointihytinät"))).to_have_count(0)

    # An old bookmark of one forum's meetings, and one to a forum that is gone.
    page.goto(f"/kalenteri/?forum={jane.pk}")
    expect(page.locator("#forum-filter")).to_contain_text(jane.name)
    assert_accessible(page)
    tab_to(page, "#forum-filter a[href^='?']")
    page.keyboard.press("Enter")
    expect(page.locator("#forum-filter")).to_have_count(0)
    expect(
        meetings.get_by_role("link", name=re.compile("Hyvinvointihytinät")).first
    ).to_be_visible()
    page.goto("/kalenteri/?forum=999999")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Linkin foorumia ei ole")
    assert_accessible(page)
