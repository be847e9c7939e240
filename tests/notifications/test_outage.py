"""A mail server that is down for an hour loses nothing and fails nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import message_queue, messages_send_due
from kumppanuus.notifications.tasks import deliver_messages

HELSINKI = ZoneInfo("Europe/Helsinki")
START = datetime(2026, 11, 20, 9, 0, tzinfo=HELSINKI)


class DownBackend(LocmemBackend):
    """A mail server that refuses connections."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def queued(meeting_kind, meeting):
    with time_machine.travel(START - timedelta(minutes=30), tick=False):
        return [
            message_queue(
                kind="test_meeting",
                target=meeting,
                recipient_email=f"j{number}@example.fi",
                language="fi",
                due_at=START + timedelta(seconds=number),
            )
            for number in range(250)
        ]


def test_an_hour_without_a_mail_server_loses_and_fails_nothing(queued, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notifications.test_outage.DownBackend"
    for minute in range(61):
        with time_machine.travel(START + timedelta(minutes=minute, seconds=5), tick=False):
            assert messages_send_due() == 0
            # Celery's own task for messages due now gives up quietly too.
            assert deliver_messages.apply(args=[[queued[0].pk]]).get() == 0

    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.PENDING, 0)}
    # The oldest waiting messages say why they wait (the admin shows it).
    queued[0].refresh_from_db()
    assert "Connection refused" in queued[0].last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(START + timedelta(minutes=62), tick=False):
        assert messages_send_due() == 250
        assert messages_send_due() == 0

    recipients = [email.to[0] for email in mailoutbox]
    assert recipients == [message.recipient_email for message in queued], "oldest first, once"
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.SENT, 1)}
