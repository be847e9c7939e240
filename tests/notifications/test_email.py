"""What a message carries: headers, the calendar part, attachments, Reply-To, no stored secret."""

import email as email_parser
from email import policy

import icalendar
import vobject
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import (
    build_email,
    message_queue,
    messages_deliver,
    messages_send_due,
)
from tests import factories
from tests.notifications.conftest import ORGANIZER


def queue(kind, target, email="jasen@example.fi", language="fi"):
    from django.utils import timezone

    return message_queue(
        kind=kind, target=target, recipient_email=email, language=language, due_at=timezone.now()
    )


def parsed(mail):
    return email_parser.message_from_bytes(mail.message().as_bytes(), policy=policy.default)


def test_an_invitation_has_text_html_and_calendar_alternatives_and_the_same_ics_attached(
    meeting_kind, meeting, mailoutbox
):
    queue("test_meeting", meeting)
    messages_send_due()

    message = parsed(mailoutbox[0])
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(p for p in message.iter_parts() if p.is_multipart())
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "REQUEST"
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {"invite.ics", "esityslista.pdf"}
    assert attachments["invite.ics"].get_content() == calendar_part.get_content()
    assert attachments["esityslista.pdf"].get_content() == b"%PDF-1.4 lista"
    assert message["Reply-To"] == ORGANIZER.email

    ics = calendar_part.get_content()
    parsed_ics = icalendar.Calendar.from_ical(ics)
    assert parsed_ics["METHOD"] == "REQUEST"
    event = parsed_ics.walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == "mailto:jasen@example.fi"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER.email}"
    vevent = vobject.readOne(ics).vevent
    assert vevent.uid.value == f"meeting-{meeting.pk}@kumppanuus.test"


def test_what_the_message_carries_is_made_from_the_objects_state_at_send_time(
    meeting_kind, meeting, mailoutbox
):
    message = queue("test_meeting", meeting)
    meeting.page = "Outokummun kulttuuritalo"  # the place changed before the email went
    meeting.save()

    messages_deliver([message.pk])

    sent = parsed(mailoutbox[0])
    assert "Outokummun kulttuuritalo" in mailoutbox[0].body
    ics = next(p for p in sent.iter_attachments() if p.get_filename() == "invite.ics")
    assert "Outokummun kulttuuritalo" in ics.get_content()


def test_every_message_is_marked_automatic_and_has_a_message_id_from_its_key(
    meeting_kind, meeting, mailoutbox
):
    message = queue("test_meeting", meeting)
    other = queue("test_meeting", meeting, email="toinen@example.fi")

    first, again = build_email(message).message(), build_email(message).message()

    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"] != build_email(other).message()["Message-ID"]
    assert first["Message-ID"].endswith("@kumppanuus.invalid>")
    assert first["Auto-Submitted"] == "auto-generated"
    assert first["Precedence"] is None
    assert first["List-Unsubscribe"] is None


def test_a_bulk_message_has_precedence_and_a_one_click_unsubscribe_link(
    bulletin_kind, meeting, mailoutbox, client
):
    queue("test_bulletin", meeting)
    messages_send_due()

    sent = mailoutbox[0].message()
    assert sent["Precedence"] == "bulk"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = sent["List-Unsubscribe"].strip("<>")
    assert link in mailoutbox[0].body
    assert link.startswith("http://127.0.0.1:8000/viestit/peru/")


def test_the_stored_context_holds_no_token_and_the_link_is_made_at_send_time(
    db, client, mailoutbox, django_capture_on_commit_callbacks
):
    person = factories.make_user("unohtaja@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/tili/salasana/unohtunut/", {"email": person.email})

    message = Message.objects.get(kind="password_reset")
    assert "url" not in message.context
    assert "/tili/salasana/uusi/" not in str(message.context)
    link = next(line for line in mailoutbox[0].body.splitlines() if "/salasana/uusi/" in line)
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302
    assert response.url.endswith("/set-password/")


def test_a_transactions_messages_due_now_go_as_one_batch(
    meeting_kind, meeting, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    batches = []
    original = LocmemBackend.open

    def counting_open(self):
        batches.append(self)
        return original(self)

    monkeypatch.setattr(LocmemBackend, "open", counting_open)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for number in range(30):
            queue("test_meeting", meeting, email=f"j{number}@example.fi")

    assert len(callbacks) == 1
    assert len(mailoutbox) == 30
    assert len(batches) == 1


def test_a_shared_bulk_message_is_rendered_once_per_language_with_each_persons_link(
    meeting, mailoutbox, monkeypatch
):
    from kumppanuus.notifications import kinds, services

    kinds.register_kind(
        "test_bulletin", label="Tiedote", group="test_news", bulk=True, shared_render=True
    )
    kinds.register_group("test_news", label="Tiedotteet")
    renders = []
    original = services._render

    def counting(message, *args):
        renders.append(message.language)
        return original(message, *args)

    monkeypatch.setattr(services, "_render", counting)
    try:
        for number in range(6):
            queue("test_bulletin", meeting, f"l{number}@example.fi", ("fi", "sv")[number % 2])
        messages_send_due()
    finally:
        kinds.unregister("test_bulletin")
        kinds.unregister("test_news")

    assert sorted(renders) == ["fi", "sv"]
    assert len(mailoutbox) == 6
    for mail in mailoutbox:
        link = mail.message()["List-Unsubscribe"].strip("<>")
        assert link in mail.body
        assert link.replace("&", "&amp;") in mail.alternatives[0][0]
        assert "placeholder" not in mail.body + mail.alternatives[0][0]
    assert len({mail.message()["List-Unsubscribe"] for mail in mailoutbox}) == 6
