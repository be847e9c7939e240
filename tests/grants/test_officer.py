"""The officer's table of a round's applications."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Application
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


def applications(round, count, **fields):
    for number in range(count):
        builders.make_application(
            round,
            factories.make_association(name=f"Seura {number:03d} ry"),
            status=fields.get("status", "submitted"),
            amount_requested=fields.get("amount", Decimal("1000.00")),
        )


def test_the_officer_sees_sent_applications_with_totals_against_money_available(
    client_as, open_round, officer, association
):
    applications(open_round, 3, amount=Decimal("7500.25"))
    builders.make_application(open_round, association, purpose="Luonnos vain")
    url = reverse("grants:round_applications", args=[open_round.pk])

    page = client_as(officer).get(url).content.decode()

    assert page.count('">Seura 0') == 3
    assert "Luonnos vain" not in page  # drafts are the association's own until sent
    assert "22\u00a0500,75\u00a0€" in page
    assert "20\u00a0000,00\u00a0€" in page


def test_the_table_filters_by_status_and_sorts_by_amount(client_as, open_round, officer):
    builders.make_application(
        open_round,
        factories.make_association(name="Pieni ry"),
        status="submitted",
        amount_requested=Decimal("100"),
    )
    builders.make_application(
        open_round,
        factories.make_association(name="Iso ry"),
        status="submitted",
        amount_requested=Decimal("9000"),
    )
    builders.make_application(
        open_round,
        factories.make_association(name="Peruttu ry"),
        status="withdrawn",
        amount_requested=Decimal("50"),
    )
    url = reverse("grants:round_applications", args=[open_round.pk])
    client = client_as(officer)

    by_amount = client.get(url, {"sort": "-amount", "status": "submitted"}).content.decode()
    assert by_amount.index("Iso ry") < by_amount.index("Pieni ry")
    assert "Peruttu ry" not in by_amount
    withdrawn = client.get(url, {"status": "withdrawn"}).content.decode()
    assert "Peruttu ry" in withdrawn and "Iso ry" not in withdrawn


def test_the_table_runs_the_same_queries_at_5_and_50_rows(client_as, open_round, officer):
    client = client_as(officer)
    url = reverse("grants:round_applications", args=[open_round.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    applications(open_round, 5)
    queries()  # the first request of a session does its own extra work
    five = queries()
    applications(open_round, 45)
    assert Application.objects.count() == 50
    # The round's totals are counted anew once after the change (grants.totals), then kept.
    assert queries() == five + 1
    assert queries() == five


def test_only_the_bodys_officers_and_administrators_see_the_table(
    client_as, open_round, officer, official, representative, admin_user, other_municipality
):
    url = reverse("grants:round_applications", args=[open_round.pk])
    other_body = builders.make_body(other_municipality)
    other_officer = builders.make_officer(other_body, factories.make_user("muu.avustus@example.fi"))

    assert client_as(officer).get(url).status_code == 200
    assert client_as(admin_user).get(url).status_code == 200
    for user in (official, representative, other_officer):
        assert client_as(user).get(url).status_code == 403


def test_the_officer_reads_a_sent_application_but_cannot_edit_it(
    client_as, open_round, officer, association
):
    application = builders.make_application(
        open_round, association, complete=True, status="submitted", reference="AV-2027-1"
    )
    client = client_as(officer)

    page = client.get(application.get_absolute_url())
    assert page.status_code == 200
    assert "Junioritoiminta" in page.content.decode()
    assert 'name="purpose"' not in page.content.decode()
    assert client.post(application.get_absolute_url(), {"purpose": "x"}).status_code == 403


def test_the_table_sorts_by_the_associations_current_name_a_page_at_a_time(
    client_as, client, open_round, officer, monkeypatch
):
    from associations import services as association_services
    from grants import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    named = {}
    for name in ("Bemmi ry", "Aapa ry", "Cedi ry"):
        named[name] = factories.make_association(name=name)
        builders.make_application(open_round, named[name], status="submitted")
    url = reverse("grants:round_applications", args=[open_round.pk])
    officer_client = client_as(officer)

    def order(**query):
        pages = [
            officer_client.get(url, {**query, "page": page}).content.decode() for page in (1, 2)
        ]
        text = "".join(pages)
        return sorted(named, key=lambda name: text.index(name) if name in text else 10**9)

    assert order() == ["Aapa ry", "Bemmi ry", "Cedi ry"]
    assert order(sort="-association") == ["Cedi ry", "Bemmi ry", "Aapa ry"]
    # The association renames itself: the table sorts by the new name.
    renamed = named["Aapa ry"]
    before = association_services.association_snapshot(renamed)
    renamed.name = "Dora ry"
    renamed.save()
    association_services.association_record_change(
        association=renamed, user=None, before=before, created=False
    )
    named["Dora ry"] = named.pop("Aapa ry")
    assert order() == ["Bemmi ry", "Cedi ry", "Dora ry"]
    assert order(sort="-association", status="submitted") == ["Dora ry", "Cedi ry", "Bemmi ry"]
