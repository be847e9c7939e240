"""Usage report reminders (14 days before, 1 day after the due date), asking for more,
and the overdue flag officers see when the association applies again."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from grants import services
from grants.models import UsageReport
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import messages_send_due
from tests.grants import builders

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=HELSINKI)


def planned():
    return [
        (m.due_at.astimezone(HELSINKI), m.recipient_email)
        for m in Message.objects.filter(
            kind=services.USAGE_REMINDER_KIND, status=Message.Status.PENDING
        ).order_by("due_at")
    ]


@pytest.fixture
def granted(body, association, representative, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        round = builders.make_round(
            body,
            opens_at=NOW - timedelta(days=60),
            closes_at=NOW - timedelta(days=30),
            usage_report_due=date(2027, 9, 30),
        )
        application = builders.make_application(
            round,
            association,
            complete=True,
            status="submitted",
            reference="AV-2027-000099",
            decision="granted",
            granted_amount=Decimal("500"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.decisions_publish(round=round)
    application.refresh_from_db()
    return application


def test_publishing_a_grant_plans_both_reminders_once(granted, representative):
    assert planned() == [
        (datetime(2027, 9, 16, 9, 0, tzinfo=HELSINKI), representative.email),
        (datetime(2027, 10, 1, 9, 0, tzinfo=HELSINKI), representative.email),
    ]


def test_a_new_due_date_replans_them(client_as, granted, officer, representative):
    round = granted.round
    round.usage_report_due = date(2027, 11, 15)
    with time_machine.travel(NOW, tick=False):
        services.round_save(round=round)
    assert planned() == [
        (datetime(2027, 11, 1, 9, 0, tzinfo=HELSINKI), representative.email),
        (datetime(2027, 11, 16, 9, 0, tzinfo=HELSINKI), representative.email),
    ]


def test_each_reminder_goes_once_and_none_after_the_report_is_in(
    client_as, granted, representative, mailoutbox
):
    mailoutbox.clear()
    with time_machine.travel(datetime(2027, 9, 16, 9, 5, tzinfo=HELSINKI), tick=False):
        messages_send_due()
        messages_send_due()
    assert len(mailoutbox) == 1
    assert reverse("grants:usage_report", args=[granted.pk]) in mailoutbox[0].body
    with time_machine.travel(datetime(2027, 9, 20, tzinfo=HELSINKI), tick=False):
        client_as(representative).post(
            reverse("grants:usage_report", args=[granted.pk]),
            {"what_was_done": "Leiri", "money_used": "500"},
        )
    assert planned() == []
    with time_machine.travel(datetime(2027, 10, 2, tzinfo=HELSINKI), tick=False):
        messages_send_due()
    assert len(mailoutbox) == 1


def test_asking_for_more_reopens_the_report_and_emails_the_applicant(
    client_as, granted, officer, representative, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    UsageReport.objects.create(application=granted, what_was_done="x", money_used=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(officer).post(
            reverse("grants:usage_report", args=[granted.pk]),
            {"accept": "0", "comment": "Liitä kuitit"},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert "Liitä kuitit" in mailoutbox[0].body
    page = client_as(representative).get(reverse("grants:usage_report", args=[granted.pk]))
    assert "<form" in page.content.decode()  # the report is open again


def test_an_overdue_report_is_flagged_on_the_new_application(
    client_as, granted, officer, association, body, other_association
):
    new_round = builders.make_open_round(body, name_fi="Uusi kierros")
    again = builders.make_application(new_round, association, complete=True, status="submitted")
    clean = builders.make_application(
        new_round, other_association, complete=True, status="submitted"
    )
    with time_machine.travel(datetime(2027, 10, 5, 12, tzinfo=HELSINKI), tick=False):
        client = client_as(officer)
        table = client.get(
            reverse("grants:round_applications", args=[new_round.pk])
        ).content.decode()
        page = client.get(again.get_absolute_url()).content.decode()
        other_page = client.get(clean.get_absolute_url()).content.decode()
    flag = "overdue-report"
    assert table.count(flag) == 1
    assert table.index(flag) > table.index("Liperin Liikuntaseura ry")
    assert flag in page and reverse("grants:usage_report", args=[granted.pk]) in page
    assert flag not in other_page
    # Before the due date there is nothing to flag.
    with time_machine.travel(datetime(2027, 9, 1, 12, tzinfo=HELSINKI), tick=False):
        client = client_as(officer)
        assert flag not in client.get(again.get_absolute_url()).content.decode()


def test_the_representative_does_not_see_the_flag(
    client_as, granted, representative, association, body
):
    new_round = builders.make_open_round(body, name_fi="Uusi kierros")
    again = builders.make_application(new_round, association)
    with time_machine.travel(datetime(2027, 10, 5, 12, tzinfo=HELSINKI), tick=False):
        page = client_as(representative).get(again.get_absolute_url()).content.decode()
    assert "overdue-report" not in page
