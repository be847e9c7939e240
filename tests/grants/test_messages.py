"""Reminders of unsent drafts, the round's closing message to officers, each once."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from grants import services
from grants.models import Application
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import messages_send_due
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=HELSINKI)


def pending_reminders():
    return Message.objects.filter(
        kind=services.REMINDER_KIND, status=Message.Status.PENDING
    ).order_by("due_at", "recipient_email")


@pytest.fixture
def round(body):
    with time_machine.travel(NOW, tick=False):
        return builders.make_round(
            body,
            opens_at=NOW - timedelta(days=1),
            closes_at=datetime(2027, 4, 1, 16, 0, tzinfo=HELSINKI),
        )


def start_draft(client_as, round, association, user):
    with time_machine.travel(NOW, tick=False):
        client_as(user).post(
            reverse("grants:apply", args=[round.pk]), {"association": association.pk}
        )
    return Application.objects.get(round=round, association=association)


def test_a_new_draft_plans_reminders_7_days_and_1_day_before_closing_to_each_representative(
    client_as, round, association, representative
):
    colleague = factories.make_representative(association, factories.make_user("kolmas@example.fi"))
    start_draft(client_as, round, association, representative)

    planned = [(m.due_at.astimezone(HELSINKI), m.recipient_email) for m in pending_reminders()]
    # Summer time starts on 28 March: 7 days before is still 16:00 on the Helsinki clock.
    assert planned == [
        (datetime(2027, 3, 25, 16, 0, tzinfo=HELSINKI), representative.email),
        (datetime(2027, 3, 25, 16, 0, tzinfo=HELSINKI), colleague.email),
        (datetime(2027, 3, 31, 16, 0, tzinfo=HELSINKI), representative.email),
        (datetime(2027, 3, 31, 16, 0, tzinfo=HELSINKI), colleague.email),
    ]


def test_moving_the_closing_moment_replans_the_reminders(
    client_as, round, association, representative
):
    start_draft(client_as, round, association, representative)

    with time_machine.travel(NOW, tick=False):
        round.closes_at = datetime(2027, 4, 15, 16, 0, tzinfo=HELSINKI)
        services.round_save(round=round)

    assert [m.due_at.astimezone(HELSINKI).date().isoformat() for m in pending_reminders()] == [
        "2027-04-08",
        "2027-04-14",
    ]
    assert (
        Message.objects.filter(kind=services.REMINDER_KIND, status=Message.Status.CANCELLED).count()
        == 2
    )


def test_the_reminder_goes_once_while_the_draft_is_unsent(
    client_as, round, association, representative, mailoutbox
):
    start_draft(client_as, round, association, representative)

    with time_machine.travel(datetime(2027, 3, 25, 16, 0, 1, tzinfo=HELSINKI), tick=False):
        messages_send_due()
        messages_send_due()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [representative.email]
    assert round.name_fi in mailoutbox[0].subject
    assert "/hakemukset/" in mailoutbox[0].body


def test_no_reminder_once_the_draft_is_submitted(
    client_as, round, association, representative, mailoutbox
):
    application = start_draft(client_as, round, association, representative)
    Application.objects.filter(pk=application.pk).update(
        purpose="x",
        description="y",
        amount_requested=Decimal("10"),
        contact_name="A",
        contact_email="a@example.fi",
    )
    application.budget_lines.create(kind="expense", description="z", amount=Decimal("10"))
    with time_machine.travel(NOW, tick=False):
        services.application_submit(application=application, user=representative)
    assert not pending_reminders().exists()

    with time_machine.travel(datetime(2027, 3, 31, 16, 0, 1, tzinfo=HELSINKI), tick=False):
        messages_send_due()
    application.refresh_from_db()
    assert [m.subject for m in mailoutbox] == [f"Hakemus vastaanotettu: {application.reference}"]
    assert not Message.objects.filter(
        kind=services.REMINDER_KIND, status=Message.Status.SENT
    ).exists()


def test_a_reminder_planned_before_a_submit_is_not_sent_after_it(
    client_as, round, association, representative, mailoutbox
):
    application = start_draft(client_as, round, association, representative)
    # Submitted by another route, without cancelling: the still-wanted check stops it.
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)

    with time_machine.travel(datetime(2027, 3, 31, 16, 0, 1, tzinfo=HELSINKI), tick=False):
        messages_send_due()

    assert mailoutbox == []
    assert not pending_reminders().exists()


def test_officers_hear_when_the_round_closes_how_many_applied_and_for_how_much(
    round, association, other_association, officer, mailoutbox
):
    with time_machine.travel(NOW, tick=False):
        services.round_save(round=round)
    builders.make_application(
        round, association, status="submitted", amount_requested=Decimal("1200.00")
    )
    builders.make_application(
        round, other_association, status="submitted", amount_requested=Decimal("800.50")
    )

    with time_machine.travel(datetime(2027, 4, 1, 16, 0, 1, tzinfo=HELSINKI), tick=False):
        messages_send_due()

    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "2" in mailoutbox[0].body
    assert "2\u00a0000,50\u00a0€" in mailoutbox[0].body
