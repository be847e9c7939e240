"""A representative applies: draft, budget, what is missing, submit, receipt, withdrawal."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from grants import services
from grants.models import Application, BudgetLine
from kumppanuus.notifications.models import Message
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def form_data(application, **overrides):
    data = {
        "purpose": "Junioritoiminta",
        "description": "Harjoitukset kahdesti viikossa.",
        "amount_requested": "1 500,50",
        "other_funding": "",
        "contact_name": "Testi Edustaja",
        "contact_email": "edustaja@example.fi",
        "contact_phone": "",
        "version": str(application.version),
        "budget_lines-TOTAL_FORMS": "2",
        "budget_lines-INITIAL_FORMS": "0",
        "budget_lines-MIN_NUM_FORMS": "0",
        "budget_lines-MAX_NUM_FORMS": "50",
        "budget_lines-0-kind": "expense",
        "budget_lines-0-description": "Salivuokrat",
        "budget_lines-0-amount": "2 000,00",
        "budget_lines-1-kind": "income",
        "budget_lines-1-description": "Jäsenmaksut",
        "budget_lines-1-amount": "499,50",
    }
    data.update(overrides)
    return data


def test_a_representative_starts_a_draft_for_their_association(
    client_as, open_round, association, representative
):
    client = client_as(representative)
    response = client.post(
        reverse("grants:apply", args=[open_round.pk]), {"association": association.pk}
    )
    application = Application.objects.get()
    assert response.url == application.get_absolute_url()
    assert application.status == Application.Status.DRAFT
    assert application.contact_email == representative.email
    page = client.get(response.url).content.decode()
    assert 'id="missing-title"' in page

    # Asking again opens the same draft instead of a second one.
    again = client.post(
        reverse("grants:apply", args=[open_round.pk]), {"association": association.pk}
    )
    assert again.url == application.get_absolute_url()
    assert Application.objects.count() == 1


def test_one_cannot_apply_for_an_association_one_does_not_represent(
    client_as, open_round, other_association, representative
):
    response = client_as(representative).post(
        reverse("grants:apply", args=[open_round.pk]), {"association": other_association.pk}
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_person_without_an_association_is_told_how_to_find_one(client_as, open_round, outsider):
    page = client_as(outsider).get(reverse("grants:apply", args=[open_round.pk]))
    assert page.status_code == 200
    assert reverse("associations:directory") in page.content.decode()


def test_the_draft_saves_with_its_budget_and_shows_totals(client_as, draft, representative):
    client = client_as(representative)
    response = client.post(draft.get_absolute_url(), form_data(draft), follow=True)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.amount_requested == Decimal("1500.50")
    assert draft.version == 2
    assert draft.totals() == {
        "income": Decimal("499.50"),
        "expenses": Decimal("2000.00"),
        "difference": Decimal("-1500.50"),
    }
    page = response.content.decode()
    assert "2\u00a0000,00\u00a0€" in page
    assert "Salivuokrat" in page


def test_a_negative_amount_is_refused_and_the_input_kept(client_as, draft, representative):
    response = client_as(representative).post(
        draft.get_absolute_url(),
        form_data(draft, amount_requested="-5", purpose="<script>alert(1)</script>"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    draft.refresh_from_db()
    assert draft.purpose == "" and draft.version == 1
    assert not BudgetLine.objects.exists()


def test_a_negative_budget_line_is_refused(client_as, draft, representative):
    response = client_as(representative).post(
        draft.get_absolute_url(), form_data(draft, **{"budget_lines-0-amount": "-1"})
    )
    assert response.status_code == 400
    assert not BudgetLine.objects.exists()


def test_a_stale_save_is_refused_with_a_message_and_nothing_is_lost(
    client_as, draft, representative, association
):
    colleague = factories.make_representative(association)
    stale = form_data(draft, purpose="Minun versioni")
    client_as(colleague).post(draft.get_absolute_url(), form_data(draft, purpose="Kollegan"))

    client = client_as(representative)
    response = client.post(draft.get_absolute_url(), stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Minun versioni" in page
    assert "error-summary" in page
    draft.refresh_from_db()
    assert draft.purpose == "Kollegan"
    assert draft.budget_lines.count() == 2  # the colleague's lines only, not doubled


def test_the_missing_list_names_the_required_attachments(
    client_as, body, association, representative
):
    round = builders.make_open_round(body, required_attachments=["talousarvio"])
    application = builders.make_application(round, association, complete=True)

    response = client_as(representative).get(reverse("grants:submit", args=[application.pk]))

    assert "talousarvio" in response.content.decode()
    refused = client_as(representative).post(reverse("grants:submit", args=[application.pk]))
    assert refused.status_code == 400
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_an_unregistered_group_cannot_send_to_a_round_for_registered_ones(
    client_as, open_round, representative
):
    group = factories.make_association(is_registered=False, business_id=None)
    factories.make_representative(group, representative)
    application = builders.make_application(open_round, group, complete=True)
    with translation.override("en"):
        assert [str(problem) for problem in application.missing()] == [
            "Only registered associations may apply in this round."
        ]
    response = client_as(representative).post(reverse("grants:submit", args=[application.pk]))
    assert response.status_code == 400


def test_submitting_gives_a_reference_a_receipt_page_and_one_email_per_representative(
    client_as,
    open_round,
    association,
    representative,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    application = builders.make_application(open_round, association, complete=True)
    client = client_as(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:submit", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.reference.startswith("AV-")
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("grants:receipt", args=[application.pk])
    assert application.reference in page
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert application.reference in mailoutbox[0].subject
    assert application.reference in mailoutbox[0].body

    # A second submit (the back button, a double click) changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("grants:submit", args=[application.pk]))
    assert again.url == reverse("grants:receipt", args=[application.pk])
    assert len(mailoutbox) == 1
    assert Message.objects.filter(kind="application_receipt").count() == 1


def test_two_submits_at_once_make_one_submission(open_round, association, representative):
    """Both requests loaded the draft before either wrote: the guarded UPDATE lets one through."""
    application = builders.make_application(open_round, association, complete=True)
    first = Application.objects.get(pk=application.pk)
    second = Application.objects.get(pk=application.pk)

    results = [
        services.application_submit(application=first, user=representative),
        services.application_submit(application=second, user=representative),
    ]

    assert sorted(results) == [False, True]
    assert Message.objects.filter(kind="application_receipt").count() == 1
    application.refresh_from_db()
    assert application.version == 2


def _round_closing_at(body, closes_at):
    return builders.make_round(body, opens_at=closes_at - timedelta(days=30), closes_at=closes_at)


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime(2027, 1, 31, 23, 59, 59, tzinfo=HELSINKI), True),
        (datetime(2027, 2, 1, 0, 0, 0, tzinfo=HELSINKI), False),
    ],
)
def test_the_deadline_holds_on_the_server_at_midnight_helsinki(
    client_as, body, association, representative, moment, accepted
):
    round = _round_closing_at(body, datetime(2027, 2, 1, 0, 0, tzinfo=HELSINKI))
    application = builders.make_application(round, association, complete=True)

    with time_machine.travel(moment, tick=False):
        client = client_as(representative)
        response = client.post(reverse("grants:submit", args=[application.pk]))

    application.refresh_from_db()
    assert (application.status == Application.Status.SUBMITTED) is accepted
    assert response.status_code == (302 if accepted else 403)


@pytest.mark.parametrize(
    ("utc_moment", "accepted"),
    [
        # Summer time began at 03:00 on 28 March 2027; the round closes at 12:00 EEST = 09:00 UTC.
        (datetime(2027, 3, 28, 8, 59, 59, tzinfo=ZoneInfo("UTC")), True),
        (datetime(2027, 3, 28, 9, 30, 0, tzinfo=ZoneInfo("UTC")), False),
    ],
)
def test_the_deadline_holds_across_the_change_to_summer_time(
    body, association, representative, utc_moment, accepted
):
    round = _round_closing_at(body, datetime(2027, 3, 28, 12, 0, tzinfo=HELSINKI))
    application = builders.make_application(round, association, complete=True)

    with time_machine.travel(utc_moment, tick=False):
        if accepted:
            assert services.application_submit(application=application, user=representative)
        else:
            with pytest.raises(Exception, match="ended|päättynyt"):
                services.application_submit(application=application, user=representative)


def test_after_the_deadline_the_draft_is_read_only(client_as, body, association, representative):
    round = builders.make_open_round(body)
    application = builders.make_application(round, association, purpose="Alkuperäinen")
    round.closes_at = timezone.now() - timedelta(minutes=1)
    round.opens_at = timezone.now() - timedelta(days=2)
    round.save()
    client = client_as(representative)

    page = client.get(application.get_absolute_url())
    assert page.status_code == 200
    assert 'name="purpose"' not in page.content.decode()
    assert "Alkuperäinen" in page.content.decode()

    refused = client.post(
        application.get_absolute_url(), form_data(application, purpose="Myöhässä")
    )
    assert refused.status_code == 403
    application.refresh_from_db()
    assert application.purpose == "Alkuperäinen"


def test_a_representative_withdraws_before_the_deadline_and_may_start_again(
    client_as, open_round, association, representative
):
    application = builders.make_application(open_round, association, complete=True)
    services.application_submit(application=application, user=representative)
    client = client_as(representative)

    assert client.get(reverse("grants:withdraw", args=[application.pk])).status_code == 200
    client.post(reverse("grants:withdraw", args=[application.pk]))

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    response = client.post(
        reverse("grants:apply", args=[open_round.pk]), {"association": association.pk}
    )
    assert Application.objects.count() == 2
    assert response.url != application.get_absolute_url()


def test_another_associations_representative_gets_404_on_every_url_of_the_application(
    client_as, draft, other_representative
):
    attachment = draft.attachments.create(
        type="other", file="applications/x.pdf", original_name="x.pdf"
    )
    client = client_as(other_representative)
    for name, args in [
        ("grants:application", [draft.pk]),
        ("grants:submit", [draft.pk]),
        ("grants:receipt", [draft.pk]),
        ("grants:withdraw", [draft.pk]),
        ("grants:attachment", [draft.pk, attachment.pk]),
        ("grants:attachment_delete", [draft.pk, attachment.pk]),
    ]:
        url = reverse(name, args=args)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert client.post(reverse("grants:attachment_add", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
