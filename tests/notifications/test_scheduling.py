"""Messages due later wait in the table; the sweep sends them once, and only if still wanted."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import (
    delivery_status,
    message_cancel,
    message_queue,
    message_replan,
    messages_claim_due,
    messages_deliver,
    messages_send_due,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=HELSINKI)
MEETING = datetime(2026, 12, 3, 10, 0, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def remind(meeting, email="jasen@example.fi", due_at=MEETING - timedelta(days=2)):
    return message_queue(
        kind="test_meeting", target=meeting, recipient_email=email, language="fi", due_at=due_at
    )


def test_a_message_due_later_waits_until_its_moment(
    meeting_kind, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = remind(meeting)

    assert mailoutbox == []
    with time_machine.travel(message.due_at - timedelta(seconds=1), tick=False):
        assert messages_send_due() == 0
    with time_machine.travel(message.due_at, tick=False):
        assert messages_send_due() == 1
        assert messages_send_due() == 0
    assert [email.to for email in mailoutbox] == [["jasen@example.fi"]]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_the_sweep_sends_the_oldest_due_messages_first(meeting_kind, meeting):
    later = remind(meeting, "b@example.fi", due_at=NOW - timedelta(minutes=5))
    oldest = remind(meeting, "a@example.fi", due_at=NOW - timedelta(hours=5))
    remind(meeting, "c@example.fi", due_at=NOW + timedelta(minutes=5))

    assert messages_claim_due(limit=1) == [oldest.pk]
    assert messages_claim_due(limit=5) == [later.pk]


def test_two_sweeps_at_the_same_moment_claim_different_messages(meeting_kind, meeting):
    for number in range(5):
        remind(meeting, f"m{number}@example.fi", due_at=NOW - timedelta(minutes=number))

    first, second = messages_claim_due(limit=3), messages_claim_due(limit=3)
    third = messages_claim_due(limit=3)

    assert len(first) == 3 and len(second) == 2 and third == []
    assert not set(first) & set(second)


def test_a_cancelled_message_is_kept_in_the_log_and_never_sent(meeting_kind, meeting, mailoutbox):
    message = remind(meeting)
    other = remind(meeting, "toinen@example.fi")

    assert (
        message_cancel(target=meeting, kind="test_meeting", recipient_email="JASEN@example.fi") == 1
    )

    with time_machine.travel(MEETING, tick=False):
        assert messages_send_due() == 1
    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert message.cancelled_at is not None
    assert [email.to for email in mailoutbox] == [[other.recipient_email]]


def test_a_reminder_re_planned_before_it_is_due_goes_out_for_the_new_moment_only(
    meeting_kind, meeting, mailoutbox
):
    old_moment = MEETING - timedelta(days=2)
    message_replan(
        kind="test_meeting", target=meeting, due_at=old_moment, recipients=[("a@example.fi", "fi")]
    )
    # The meeting moves a week later; the reminder follows it.
    new_moment = old_moment + timedelta(days=7)
    message_replan(
        kind="test_meeting", target=meeting, due_at=new_moment, recipients=[("a@example.fi", "fi")]
    )

    with time_machine.travel(old_moment + timedelta(minutes=1), tick=False):
        assert messages_send_due() == 0
    assert mailoutbox == []
    with time_machine.travel(new_moment + timedelta(minutes=1), tick=False):
        assert messages_send_due() == 1
    statuses = dict(Message.objects.values_list("due_at", "status"))
    assert statuses == {old_moment: Message.Status.CANCELLED, new_moment: Message.Status.SENT}


def test_re_planning_back_to_the_first_moment_revives_its_message(meeting_kind, meeting):
    first = MEETING - timedelta(days=2)
    for moment in (first, first + timedelta(days=1), first):
        message_replan(
            kind="test_meeting",
            target=meeting,
            due_at=moment,
            recipients=[("a@example.fi", "fi")],
        )

    assert dict(Message.objects.values_list("due_at", "status")) == {
        first: Message.Status.PENDING,
        first + timedelta(days=1): Message.Status.CANCELLED,
    }


def test_re_planning_drops_people_no_longer_on_the_list_and_moments_already_past(
    meeting_kind, meeting
):
    moments = [NOW - timedelta(hours=1), MEETING - timedelta(days=1)]
    message_replan(
        kind="test_meeting",
        target=meeting,
        due_at=moments,
        recipients=[("a@example.fi", "fi"), ("b@example.fi", "sv")],
    )
    message_replan(
        kind="test_meeting", target=meeting, due_at=moments, recipients=[("b@example.fi", "sv")]
    )

    assert sorted(Message.objects.values_list("recipient_email", "due_at", "status")) == [
        ("a@example.fi", moments[1], Message.Status.CANCELLED),
        ("b@example.fi", moments[1], Message.Status.PENDING),
    ]


def test_a_message_whose_subject_is_no_longer_wanted_is_cancelled_at_send_time(
    meeting_kind, meeting, mailoutbox
):
    message = remind(meeting)
    meeting.handled = True  # the meeting was called off after the reminder was planned
    meeting.save()

    with time_machine.travel(MEETING, tick=False):
        assert messages_send_due() == 0

    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert mailoutbox == []


def test_a_cancel_that_races_with_the_sweep_still_wins(meeting_kind, meeting, mailoutbox):
    message = remind(meeting)
    with time_machine.travel(MEETING, tick=False):
        claimed = messages_claim_due()
        assert claimed == [message.pk]
        # The meeting is called off while the sweep holds the claimed batch.
        message_cancel(target=meeting)
        assert messages_deliver(claimed) == 0

    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert mailoutbox == []


def test_a_message_left_sending_by_a_crashed_worker_is_sent_again_after_its_claim(
    meeting_kind, meeting, mailoutbox, settings
):
    message = remind(meeting, due_at=NOW - timedelta(minutes=1))
    # A worker took it to the mail server and died before recording the result.
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, claimed_until=NOW + timedelta(seconds=300)
    )

    assert messages_send_due() == 0
    with time_machine.travel(NOW + timedelta(seconds=301), tick=False):
        assert messages_send_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)


def test_a_person_who_turned_the_group_off_gets_no_message_of_it(meeting_kind, meeting, mailoutbox):
    from kumppanuus.notifications.services import optout_set

    optout_set(email="jasen@example.fi", groups_off=["test_reminders"])
    message = remind(meeting, due_at=NOW)

    messages_send_due()

    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert mailoutbox == []


def test_a_reminder_across_the_change_of_daylight_saving_time_goes_out_on_the_hour(
    meeting_kind, meeting, mailoutbox
):
    # 29 March 2026: Finnish clocks jump from 03:00 to 04:00, so 04:30 that
    # morning is 01:30 UTC; the reminder goes then, not an hour early or late.
    due = datetime(2026, 3, 29, 4, 30, tzinfo=HELSINKI)
    with time_machine.travel(datetime(2026, 3, 28, 12, 0, tzinfo=HELSINKI), tick=False):
        remind(meeting, due_at=due)
    with time_machine.travel(datetime(2026, 3, 29, 4, 29, tzinfo=HELSINKI), tick=False):
        assert messages_send_due() == 0
    with time_machine.travel(datetime(2026, 3, 29, 4, 30, tzinfo=HELSINKI), tick=False):
        assert messages_send_due() == 1
    assert timezone.localtime(Message.objects.get().due_at).hour == 4


def test_delivery_status_gives_each_recipients_latest_message_in_one_query(
    meeting_kind, meeting, django_assert_num_queries
):
    remind(meeting, "a@example.fi", due_at=NOW - timedelta(days=1))
    latest_a = remind(meeting, "a@example.fi", due_at=NOW + timedelta(days=1))
    only_b = remind(meeting, "b@example.fi")

    with django_assert_num_queries(1):
        status = delivery_status(meeting)

    assert status == {"a@example.fi": latest_a, "b@example.fi": only_b}
    with django_assert_num_queries(1):
        delivery_status(meeting, kinds=["other"])
