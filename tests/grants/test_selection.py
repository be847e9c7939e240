"""One decision for a selection of applications, across the pages of the officer's table."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Application
from kumppanuus.history.services import history_for
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


def sent_applications(round, number, **fields):
    return [
        builders.make_application(
            round,
            factories.make_association(name=f"Hakija {n:03d} ry"),
            complete=True,
            status="submitted",
            amount_requested=Decimal(100 + n),
            **fields,
        )
        for n in range(number)
    ]


def decide(client, round, data):
    return client.post(reverse("grants:decide_selection", args=[round.pk]), data)


def test_checked_rows_get_the_amount_requested_with_history(client_as, open_round, officer):
    first, second, third = sent_applications(open_round, 3)
    response = decide(
        client_as(officer),
        open_round,
        {
            "selected": [first.pk, third.pk],
            "decision": "granted",
            "rule": "requested",
            "conditions": "Käyttöselvitys 31.3.",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert (first.decision, first.granted_amount) == ("granted", Decimal("100.00"))
    assert (third.decision, third.granted_amount) == ("granted", Decimal("102.00"))
    assert third.conditions == "Käyttöselvitys 31.3." and third.published_at is None
    assert second.decision == ""
    change = history_for(first).get()
    assert change.action == "decision_recorded" and change.user == officer
    assert change.changes["granted_amount"] == ["", "100.00"]


def test_all_matching_the_filter_on_every_page_with_a_percentage(client_as, open_round, officer):
    applications = sent_applications(open_round, 60)
    returned = applications[0]
    Application.objects.filter(pk=returned.pk).update(status="returned_for_info")
    published = applications[1]
    Application.objects.filter(pk=published.pk).update(
        decision="rejected", rejection_reason="x", published_at=timezone.now()
    )
    client = client_as(officer)
    page_two = client.get(
        reverse("grants:round_applications", args=[open_round.pk]),
        {"status": "submitted", "page": 2},
    ).content.decode()
    assert "59 " in page_two  # all that match, on every page, not only the 9 shown
    response = decide(
        client,
        open_round,
        {
            "all_matching": "1",
            "status": "submitted",
            "decision": "granted",
            "rule": "percent",
            "percent": "50",
        },
    )
    assert response.status_code == 302
    decided = Application.objects.filter(decision="granted")
    assert decided.count() == 58  # not the returned one, not the published one
    assert decided.get(pk=applications[3].pk).granted_amount == Decimal("51.50")
    published.refresh_from_db()
    assert published.decision == "rejected"


def test_a_rejection_needs_its_reason_and_nothing_is_saved_without(client_as, open_round, officer):
    first, second = sent_applications(open_round, 2)
    response = decide(
        client_as(officer),
        open_round,
        {"selected": [first.pk, second.pk], "decision": "rejected", "rejection_reason": " "},
    )
    assert response.status_code == 400
    assert 'href="#id_rejection_reason"' in response.content.decode()
    assert not Application.objects.exclude(decision="").exists()
    ok = decide(
        client_as(officer),
        open_round,
        {
            "selected": [first.pk, second.pk],
            "decision": "rejected",
            "rejection_reason": "Määräraha",
        },
    )
    assert ok.status_code == 302
    assert (
        Application.objects.filter(decision="rejected", rejection_reason="Määräraha").count() == 2
    )


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "granted", "rule": "requested"},  # nothing selected
        {"selected": ["x"], "decision": "granted", "rule": "requested"},
        {"selected": ["1"], "decision": "granted"},  # no rule
        {"selected": ["1"], "decision": "granted", "rule": "fixed"},
        {"selected": ["1"], "decision": "granted", "rule": "percent", "percent": "150"},
        {"selected": ["1"], "decision": "maybe"},
    ],
)
def test_bad_selections_are_refused(client_as, open_round, officer, data):
    sent_applications(open_round, 1)
    response = decide(client_as(officer), open_round, data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Application.objects.exclude(decision="").exists()


def test_all_or_nothing_when_an_amount_is_missing(client_as, open_round, officer):
    first, second = sent_applications(open_round, 2)
    Application.objects.filter(pk=first.pk).update(proposed_amount=Decimal("80"))
    response = decide(
        client_as(officer),
        open_round,
        {"selected": [first.pk, second.pk], "decision": "granted", "rule": "proposed"},
    )
    assert response.status_code == 400
    assert not Application.objects.exclude(decision="").exists()


def test_another_rounds_applications_are_not_touched(
    client_as, open_round, officer, body, other_municipality
):
    mine = sent_applications(open_round, 1)[0]
    other_round = builders.make_open_round(builders.make_body(other_municipality))
    theirs = builders.make_application(
        other_round, factories.make_association(), complete=True, status="submitted"
    )
    response = decide(
        client_as(officer),
        open_round,
        {
            "selected": [mine.pk, theirs.pk],
            "decision": "granted",
            "rule": "fixed",
            "fixed_amount": "50",
        },
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.decision == ""
    # And an officer of another body cannot decide this round at all.
    assert decide(client_as(officer), other_round, {"selected": [theirs.pk]}).status_code == 403


def test_the_table_runs_the_same_queries_at_5_and_50_rows_with_flags_and_checkboxes(
    client_as, open_round, officer
):
    client = client_as(officer)
    url = reverse("grants:round_applications", args=[open_round.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    sent_applications(open_round, 5)
    queries()
    five = queries()
    sent_applications(open_round, 45)
    assert queries() == five + 1  # the round's totals counted anew after the change
    assert queries() == five
    assert 'name="selected"' in client.get(url).content.decode()


def test_a_single_decision_is_kept_in_the_history_too(client_as, open_round, officer):
    application = sent_applications(open_round, 1)[0]
    client_as(officer).post(
        reverse("grants:decide", args=[application.pk]),
        {"decision": "rejected", "rejection_reason": "Ei kunnan alueella"},
    )
    change = history_for(application).get()
    assert change.action == "decision_recorded" and change.user == officer
    assert change.changes["rejection_reason"] == ["", "Ei kunnan alueella"]
