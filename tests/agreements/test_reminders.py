"""Reminders before an agreement ends and before each review: once each, following the dates.

Through the messages mechanism (the sweep, the once-only send log) with the
clock moved by time_machine; tests/agreements/test_reminder_worker.py does the
same with real Celery workers against Redis.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from kumppanuus.agreements import services
from kumppanuus.agreements.models import Agreement, Party, ReviewDate
from kumppanuus.agreements.reminders import ENDING, REVIEW
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import messages_send_due
from tests import factories

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = datetime(2027, 1, 10, 12, 0, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def at_nine(day):
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=HELSINKI)


@pytest.fixture
def agreement(municipality, association, contact_person, representative):
    agreement = Agreement.objects.create(
        municipality=municipality,
        title="Kammari",
        goals="Kohtaamispaikka",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    Party.objects.create(agreement=agreement)
    Party.objects.create(agreement=agreement, association=association)
    ReviewDate.objects.create(agreement=agreement, date=date(2027, 6, 15))
    for party, user in zip(
        agreement.parties.order_by("association"), [representative, contact_person], strict=True
    ):
        services.agreement_accept(party=party, user=user)
    agreement.refresh_from_db()
    assert agreement.status == "active"
    return agreement


def pending(kind=None):
    messages = Message.objects.filter(status=Message.Status.PENDING)
    if kind:
        messages = messages.filter(kind=kind)
    return sorted((m.kind, m.due_at.astimezone(HELSINKI), m.recipient_email) for m in messages)


def sweep_at(moment, mailoutbox):
    with time_machine.travel(moment, tick=False):
        messages_send_due()
    return [(message.to[0], message.subject) for message in mailoutbox]


def test_every_partys_people_get_reminders_90_and_30_days_before_the_end_and_before_reviews(
    agreement, contact_person, representative
):
    people = sorted([contact_person.email, representative.email])
    assert pending() == sorted(
        [(ENDING, at_nine(date(2027, 10, 2)), email) for email in people]
        + [(ENDING, at_nine(date(2027, 12, 1)), email) for email in people]
        + [(REVIEW, at_nine(date(2027, 6, 1)), email) for email in people]
    )


def test_each_reminder_goes_out_once_in_the_recipients_language(agreement, association, mailoutbox):
    swede = factories.make_user("svensk@example.fi", language="sv")
    factories.make_representative(association, swede)
    services.agreements_refresh_all()  # the nightly re-plan adds the new representative
    sent = sweep_at(at_nine(date(2027, 10, 2)) + timedelta(minutes=1), mailoutbox)
    ending = sorted(item for item in sent if "päättyy" in item[1] or "upphör" in item[1])
    assert ending == [
        ("edustaja@example.fi", "Sopimus ”Kammari” päättyy 31.12.2027"),
        ("svensk@example.fi", "Avtalet ”Kammari” upphör 2027-12-31"),
        ("yhteys@example.fi", "Sopimus ”Kammari” päättyy 31.12.2027"),
    ]
    # The review of 15.6. was due earlier and went out in the same sweep, once to each.
    assert len(sent) == 6
    # Another sweep, later, sends nothing again.
    assert len(sweep_at(at_nine(date(2027, 10, 3)), mailoutbox)) == 6
    assert agreement.get_absolute_url() in mailoutbox[0].body


def test_a_review_reminder_names_the_review_date(agreement, mailoutbox):
    sweep_at(at_nine(date(2027, 6, 1)), mailoutbox)
    assert sorted(m.subject for m in mailoutbox) == ["Sopimuksen ”Kammari” arviointi 15.6.2027"] * 2


def test_a_moved_end_date_sends_reminders_for_the_new_date_only(
    client_as, agreement, contact_person, mailoutbox
):
    response = client_as(contact_person).post(
        reverse("agreements:dates", args=[agreement.pk]),
        {"ends_on": "2028-03-31", "review_dates": "15.6.2027\n1.2.2028"},
    )
    assert response.status_code == 302
    ending = [due for kind, due, _email in pending(ENDING)]
    assert sorted(set(ending)) == [at_nine(date(2028, 1, 1)), at_nine(date(2028, 3, 1))]
    assert sorted({due for _k, due, _e in pending(REVIEW)}) == [
        at_nine(date(2027, 6, 1)),
        at_nine(date(2028, 1, 18)),
    ]
    # The old date's moments pass: nothing is sent for them, only the review then due.
    sweep_at(at_nine(date(2027, 12, 2)), mailoutbox)
    assert sorted(m.subject for m in mailoutbox) == ["Sopimuksen ”Kammari” arviointi 15.6.2027"] * 2
    mailoutbox.clear()
    sweep_at(at_nine(date(2028, 3, 2)), mailoutbox)
    subjects = sorted(m.subject for m in mailoutbox)
    # 90 and 30 days before the new end, to two people; the new review to both.
    assert subjects.count("Sopimus ”Kammari” päättyy 31.3.2028") == 4
    assert subjects.count("Sopimuksen ”Kammari” arviointi 1.2.2028") == 2
    assert len(subjects) == 6
    assert Message.objects.filter(kind=ENDING, status=Message.Status.SENT).count() == 4


def test_a_terminated_agreement_gets_no_more_reminders(agreement, contact_person, mailoutbox):
    services.agreement_terminate(agreement=agreement, note="Lopetettu", user=contact_person)
    assert pending() == []
    assert sweep_at(at_nine(date(2027, 12, 30)), mailoutbox) == []


def test_an_ended_agreement_gets_no_more_reminders(agreement, mailoutbox):
    services.agreements_refresh_all(today=date(2028, 1, 1))
    agreement.refresh_from_db()
    assert agreement.status == "ended"
    assert pending() == []


def test_a_reminder_whose_moment_no_longer_follows_from_the_dates_is_not_sent(
    agreement, mailoutbox
):
    """If the dates change behind the planner's back, the still-wanted check catches it."""
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=date(2028, 6, 30))
    sweep_at(at_nine(date(2027, 10, 2)), mailoutbox)
    assert [m for m in mailoutbox if "päättyy" in m.subject] == []
    assert Message.objects.filter(kind=ENDING, status=Message.Status.CANCELLED).count() == 2


def test_a_new_representative_gets_the_reminders_from_the_nightly_replan(agreement, association):
    newcomer = factories.make_representative(association, factories.make_user("uusi@example.fi"))
    services.agreements_refresh_all()
    assert {email for _k, _d, email in pending()} >= {newcomer.email}


def test_a_draft_has_no_reminders(municipality, association):
    agreement = Agreement.objects.create(
        municipality=municipality,
        title="Luonnos",
        goals="-",
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 12, 31),
    )
    Party.objects.create(agreement=agreement, association=association)
    services.agreement_update(agreement=agreement, data={}, parties={}, review_dates=[], user=None)
    assert pending() == []
