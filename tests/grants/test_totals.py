"""The round's totals of the officer's table, kept in the cache between changes, are
counted anew after every kind of write that changes them (grants/totals.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services, totals
from grants.models import Application
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db

STATUSES = ["", *Application.Status.values]


def counted(round, status):
    applications = Application.objects.filter(round=round)
    if status:
        applications = applications.filter(status=status)
    else:
        applications = applications.exclude(status=Application.Status.DRAFT)
    return applications.aggregate(count=Count("pk"), asked=Sum("amount_requested"))


def assert_kept_equal_counted(*rounds):
    for round in rounds:
        for status in STATUSES:
            assert totals.totals(round.pk, status) == counted(round, status), (round, status)


def make(round, status="submitted", amount="1000.00", **fields):
    return builders.make_application(
        round,
        factories.make_association(),
        status=status,
        amount_requested=None if amount is None else Decimal(amount),
        **fields,
    )


def test_every_write_that_changes_a_round_counts_its_totals_anew(
    open_round, body, officer, representative, association
):
    other_round = builders.make_closed_round(body)
    make(other_round, amount="5.00")
    assert_kept_equal_counted(open_round, other_round)

    # Saves of one: create, change the status or the amount, delete.
    first = make(open_round, amount="1000.50")
    assert_kept_equal_counted(open_round)
    draft = make(open_round, status="draft", amount="70.00")
    unpriced = make(open_round, amount=None)
    assert_kept_equal_counted(open_round)
    first.amount_requested = Decimal("1200.00")
    first.save()
    assert_kept_equal_counted(open_round)
    unpriced.delete()
    assert_kept_equal_counted(open_round)

    # The services' writes with update().
    mine = builders.make_application(open_round, association, complete=True)
    assert_kept_equal_counted(open_round)
    Application.objects.filter(pk=mine.pk).update(amount_requested=Decimal("333.33"))
    assert_kept_equal_counted(open_round)
    assert services.application_submit(application=mine, user=representative)
    assert_kept_equal_counted(open_round)
    services.info_request_create(application=mine, message="Lisää, kiitos.", user=officer)
    assert_kept_equal_counted(open_round)
    services.application_withdraw(application=mine)
    assert_kept_equal_counted(open_round)
    Application.objects.filter(pk=first.pk).update(decision="granted", granted_amount=1)
    services.decisions_publish(round=open_round)
    assert Application.objects.get(pk=first.pk).status == "decided"
    assert_kept_equal_counted(open_round)

    # Many at once: bulk_create, bulk_update, a delete of many.
    association = factories.make_association()
    Application.objects.bulk_create(
        [Application(round=open_round, association=association, status="submitted")]
    )
    assert_kept_equal_counted(open_round)
    draft.status = "submitted"
    Application.objects.bulk_update([draft], ["status"])
    assert_kept_equal_counted(open_round)
    open_round.applications.filter(status="submitted").delete()
    assert_kept_equal_counted(open_round, other_round)


def test_rows_moved_to_another_round_count_in_both_and_other_fields_count_in_none(open_round, body):
    other_round = builders.make_closed_round(body)
    moved = make(open_round, amount="40.00")
    make(other_round, amount="2.00")
    assert_kept_equal_counted(open_round, other_round)
    Application.objects.filter(pk=moved.pk).update(round=other_round)
    assert_kept_equal_counted(open_round, other_round)
    Application.objects.filter(pk=moved.pk).update(round_id=open_round.pk)
    assert_kept_equal_counted(open_round, other_round)

    moved.purpose = "Uusi tarkoitus"
    moved.save(update_fields=["purpose"])
    with CaptureQueriesContext(connection) as queries:
        totals.totals(open_round.pk)
    assert len(queries) == 0


def test_a_change_in_one_round_leaves_the_others_totals_kept(open_round, body):
    other_round = builders.make_closed_round(body)
    make(open_round)
    make(other_round)
    assert_kept_equal_counted(open_round, other_round)

    make(open_round)
    with CaptureQueriesContext(connection) as other:
        totals.totals(other_round.pk)
    with CaptureQueriesContext(connection) as changed:
        totals.totals(open_round.pk)
    assert (len(other), len(changed)) == (0, 1)


def test_the_table_shows_the_new_totals_after_a_change(client_as, open_round, officer):
    first = make(open_round, amount="7500.25")
    url = reverse("grants:round_applications", args=[open_round.pk])
    client = client_as(officer)
    assert "7\u00a0500,25\u00a0€" in client.get(url).content.decode()

    make(open_round, amount="100.00")
    assert "7\u00a0600,25\u00a0€" in client.get(url).content.decode()
    Application.objects.filter(pk=first.pk).update(amount_requested=Decimal("900.00"))
    page = client.get(url).content.decode()
    assert "1 000,00 €" in page and "7 600,25" not in page
