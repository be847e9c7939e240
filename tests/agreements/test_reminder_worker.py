"""Agreement reminders through real Celery workers (subprocesses) against Redis and an SMTP sink.

An active agreement's end date is moved; then the moments of all its
reminders are made to have come (``send_after`` set to now, which is what the
passing of months would do; ``due_at``, the message's identity, stays). Two
workers and duplicate sweeps run: every reminder of the new end date arrives
exactly once, and none of the old date's. Needs PostgreSQL and Redis (CI runs
it; elsewhere it is skipped unless CI is set, and then it fails).
"""

import email
from collections import Counter
from datetime import timedelta
from email import policy

import pytest
from django.utils import timezone

from kumppanuus.agreements import services
from kumppanuus.agreements.models import Agreement, Party, ReviewDate
from kumppanuus.agreements.reminders import ENDING, REVIEW
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.tasks import send_due_messages
from tests import factories
from tests.notifications.test_worker_process import (  # noqa: F401 (fixtures)
    queue_name,
    requires_real_services,
    sink,
    start_worker,
    wait_until,
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_agreement_reminder_arrives_once_and_only_for_the_new_end_date(
    sink,  # noqa: F811
    start_worker,  # noqa: F811
    transactional_db,
):
    requires_real_services()
    received, _port = sink
    subjects = []
    original = received.handle_DATA

    async def keep_subject(server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        subjects.append((message["To"], str(message["Subject"])))
        return await original(server, session, envelope)

    received.handle_DATA = keep_subject

    municipality = factories.make_municipality(code="426")
    association = factories.make_association(name="Kammarin Ystävät ry")
    contact = factories.make_contact_person(municipality, factories.make_user("kunta@example.fi"))
    representative = factories.make_representative(
        association, factories.make_user("yhdistys@example.fi")
    )
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        municipality=municipality,
        title="Kammari",
        goals="Kohtaamispaikka",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=200),
    )
    Party.objects.create(agreement=agreement)
    Party.objects.create(agreement=agreement, association=association)
    ReviewDate.objects.create(agreement=agreement, date=today + timedelta(days=100))
    for party, user in zip(
        agreement.parties.order_by("association"), [representative, contact], strict=True
    ):
        services.agreement_accept(party=party, user=user)
    agreement.refresh_from_db()
    assert agreement.status == "active"
    old_end = agreement.ends_on
    new_end = today + timedelta(days=300)
    services.agreement_change_dates(
        agreement=agreement, ends_on=new_end, review_dates=[], user=contact
    )
    assert Message.objects.filter(status=Message.Status.CANCELLED).count() == 6
    wanted = Message.objects.filter(status=Message.Status.PENDING)
    assert wanted.count() == 4 and set(wanted.values_list("kind", flat=True)) == {ENDING}
    # The months pass: every reminder's moment has come, the cancelled ones' too.
    Message.objects.update(send_after=timezone.now())

    start_worker("first")
    start_worker("second")
    for _ in range(3):
        send_due_messages.delay()

    def all_sent():
        send_due_messages.delay()
        return not Message.objects.filter(status=Message.Status.PENDING).exists()

    assert wait_until(all_sent, seconds=90), Counter(
        Message.objects.values_list("status", flat=True)
    )
    assert wait_until(lambda: len(received.ids) >= 4, seconds=30)

    counts = Counter(received.ids)
    assert len(counts) == 4 and set(counts.values()) == {1}, counts
    new_date = new_end.strftime("%-d.%-m.%Y")
    assert sorted(subjects) == sorted(
        [
            (address, f"Sopimus ”Kammari” päättyy {new_date}")
            for address in ["kunta@example.fi", "yhdistys@example.fi"]
        ]
        * 2
    )
    assert all(old_end.strftime("%-d.%-m.%Y") not in subject for _to, subject in subjects)
    assert not Message.objects.filter(kind=REVIEW, status=Message.Status.SENT).exists()
