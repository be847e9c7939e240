from datetime import UTC, datetime, timedelta
from smtplib import SMTPDataError
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone, translation

from kumppanuus.accounts.services import invitation_create
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import (
    MAX_ATTEMPTS,
    message_queue,
    messages_deliver,
    messages_send_due,
)
from kumppanuus.notifications.tasks import deliver_messages
from tests import factories

HELSINKI = ZoneInfo("Europe/Helsinki")
DUE = datetime(2026, 3, 29, 3, 30, tzinfo=HELSINKI)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that answers but refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPDataError(554, "postipalvelin ei ota vastaan")


class FlakyBackend(LocmemBackend):
    """Refuses the first `failures` sends, then delivers to the locmem outbox."""

    failures = 0

    def send_messages(self, email_messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise SMTPDataError(451, "hetkellinen häiriö")
        return super().send_messages(email_messages)


@pytest.fixture
def person(db):
    return factories.make_user("viesti@example.fi", first_name="Ville")


def queue_reset(person, due_at=DUE, **changes):
    values = {
        "kind": "password_reset",
        "target": person,
        "recipient_email": person.email,
        "language": person.language,
        "due_at": due_at,
        "context": {"name": person.first_name},
    }
    values.update(changes)
    return message_queue(**values)


def test_queueing_the_same_key_twice_records_and_sends_once(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_reset(person)
        second = queue_reset(person, recipient_email="VIESTI@example.fi")

    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert len(mailoutbox) == 1
    first.refresh_from_db()
    assert (first.status, first.attempts) == (Message.Status.SENT, 1)


def test_another_due_moment_is_another_message(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_reset(person)
        queue_reset(person, due_at=DUE + timedelta(days=1))

    assert Message.objects.count() == 2
    assert len(mailoutbox) == 2


def test_nothing_is_sent_when_the_transaction_rolls_back(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_reset(person)

    assert len(callbacks) == 1
    assert mailoutbox == []
    assert Message.objects.get().status == Message.Status.PENDING


def test_delivering_a_sent_message_again_sends_nothing(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_reset(person)

    assert messages_deliver([message.pk]) == 0
    assert deliver_messages.delay([message.pk]).get() == 0
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_delivering_an_unknown_message_does_nothing(db, mailoutbox):
    assert messages_deliver([987654]) == 0
    assert mailoutbox == []


def test_a_refused_send_waits_with_the_error_and_a_later_sweep_sends_it(
    person, settings, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue_reset(person)
    settings.EMAIL_BACKEND = "tests.notifications.test_messages.FailingBackend"

    assert messages_deliver([message.pk]) == 0

    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert "postipalvelin ei ota vastaan" in message.last_error
    assert message.sent_at is None
    # The next attempt waits: a sweep right away leaves it alone.
    assert message.send_after > timezone.now()
    assert messages_send_due() == 0
    assert mailoutbox == []

    settings.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(message.send_after + timedelta(seconds=1), tick=False):
        assert messages_send_due() == 1

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(mailoutbox) == 1


def test_a_message_that_keeps_failing_is_marked_failed_and_no_longer_swept(
    person, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue_reset(person)
    settings.EMAIL_BACKEND = "tests.notifications.test_messages.FailingBackend"

    moment = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        moment += timedelta(hours=2)
        with time_machine.travel(moment, tick=False):
            messages_send_due()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, MAX_ATTEMPTS)
    with time_machine.travel(moment + timedelta(hours=3), tick=False):
        assert messages_send_due() == 0
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS


def test_a_refused_message_is_tried_again_with_growing_pauses(
    person, settings, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue_reset(person)
    settings.EMAIL_BACKEND = "tests.notifications.test_messages.FlakyBackend"
    FlakyBackend.failures = 3

    pauses = []
    moment = timezone.now()
    for _ in range(3):
        with time_machine.travel(moment, tick=False):
            messages_send_due()
        message.refresh_from_db()
        pauses.append(message.send_after - moment)
        moment = message.send_after
    with time_machine.travel(moment, tick=False):
        assert messages_send_due() == 1

    assert pauses == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2)]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 4)
    assert len(mailoutbox) == 1


def test_the_sweep_sends_due_messages_and_leaves_later_ones(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    # The night Finland turns the clocks back: 03:58 EEST, then 03:07 EET is
    # nine minutes later, not fifty-one minutes earlier.
    start = datetime(2026, 10, 25, 0, 58, tzinfo=UTC)
    later = start + timedelta(minutes=9)
    assert (start.astimezone(HELSINKI).hour, later.astimezone(HELSINKI).hour) == (3, 3)
    with time_machine.travel(start - timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            first = queue_reset(person, due_at=start)
            second = queue_reset(person, due_at=later)
        assert mailoutbox == []
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        assert messages_send_due() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Message.Status.SENT
    assert second.status == Message.Status.PENDING
    with time_machine.travel(later, tick=False):
        assert messages_send_due() == 1
        assert messages_send_due() == 0
    assert len(mailoutbox) == 2


def test_the_email_has_text_and_html_parts_and_escapes_only_the_html(
    association, representative, mailoutbox, django_capture_on_commit_callbacks
):
    association.name = "Koti & Kylä ry"
    association.save()

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            email="uusi@example.fi",
            role="association_representative",
            target=association,
            invited_by=representative,
        )

    email = mailoutbox[0]
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Koti & Kylä ry" in email.subject
    assert "Koti & Kylä ry" in email.body
    assert "&amp;" not in email.body
    assert "Koti &amp; Kylä ry" in html
    assert "Koti & Kylä" not in html


def test_the_email_is_rendered_in_the_recipients_language(
    association, representative, mailoutbox, django_capture_on_commit_callbacks
):
    swede = factories.make_user("svensk@example.fi", language="sv")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            email=swede.email,
            role="association_representative",
            target=association,
            invited_by=representative,
        )
        queue_reset(person=representative)

    by_recipient = {email.to[0]: email for email in mailoutbox}
    swedish, finnish = by_recipient[swede.email], by_recipient[representative.email]
    with translation.override("sv"):
        swedish_subject = translation.gettext("Invitation to %(target_name)s in Kumppanuus") % {
            "target_name": association.name
        }
    with translation.override("fi"):
        finnish_subject = translation.gettext("Setting a new password in Kumppanuus")
    assert swedish.subject == swedish_subject
    assert finnish.subject == finnish_subject
    assert '<html lang="sv">' in swedish.alternatives[0][0]
    assert '<html lang="fi">' in finnish.alternatives[0][0]
    # Swedish writes dates as 2026-03-05, Finnish as 5.3.2026.
    expires = timezone.localtime(invitation.expires_at)
    assert expires.strftime("%Y-%m-%d") in swedish.body


def test_the_admin_lists_messages_for_a_superuser(
    client_as, admin_user, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = queue_reset(person)
    queue_reset(person, due_at=DUE + timedelta(days=1))
    client = client_as(admin_user)

    response = client.get("/yllapito/notifications/message/")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    assert person.email in response.content.decode()
    assert (
        client.get("/yllapito/notifications/message/?status__exact=pending")
        .context["cl"]
        .result_count
        == 1
    )
    change_page = client.get(f"/yllapito/notifications/message/{sent.pk}/change/")
    assert change_page.status_code == 200
    assert (
        client.get("/yllapito/notifications/message/?kind=password_reset")
        .context["cl"]
        .result_count
        == 2
    )


def test_the_admin_sends_again_the_selected_unsent_messages(
    client_as, admin_user, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = queue_reset(person)
    # Due later, so it waits; then its attempts have failed for good.
    pending = queue_reset(person, due_at=timezone.now() + timedelta(days=1))
    Message.objects.filter(pk=pending.pk).update(status=Message.Status.FAILED, attempts=8)
    client = client_as(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/yllapito/notifications/message/",
            {"action": "resend", "_selected_action": [sent.pk, pending.pk]},
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 2
    pending.refresh_from_db()
    assert pending.status == Message.Status.SENT


def test_the_admin_message_list_is_for_staff_only(client_as, person):
    response = client_as(person).get("/yllapito/notifications/message/")

    assert response.status_code == 302
    assert response.url.startswith("/yllapito/login/")
