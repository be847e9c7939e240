"""Review: officers assign reviewers, reviewers score 0–3, disqualification.

The welfare bonus is in test_priorities.py.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import Reviewer, Score, ScoringCriterion
from tests import factories
from tests.grants import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(open_round):
    return [
        ScoringCriterion.objects.create(round=open_round, name="Vaikuttavuus", weight=2),
        ScoringCriterion.objects.create(round=open_round, name="Avoimuus", weight=1),
    ]


@pytest.fixture
def sent(open_round, association):
    return builders.make_application(
        open_round, association, complete=True, status="submitted", reference="AV-2027-9"
    )


@pytest.fixture
def reviewers(open_round):
    first = factories.make_user("arvioija1@example.fi")
    second = factories.make_user("arvioija2@example.fi")
    Reviewer.objects.create(round=open_round, user=first)
    Reviewer.objects.create(round=open_round, user=second)
    return first, second


def scores(criteria, points, comment="Hyvä"):
    data = {}
    for criterion, value in zip(criteria, points, strict=True):
        data[f"points_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = comment
    return data


def test_an_officer_assigns_two_reviewers_by_email(client_as, open_round, officer):
    factories.make_user("arvioija1@example.fi")
    factories.make_user("arvioija2@example.fi")
    client = client_as(officer)
    url = reverse("grants:round_reviewers", args=[open_round.pk])

    for email in ["arvioija1@example.fi", "ARVIOIJA2@example.fi"]:
        assert client.post(url, {"email": email}).status_code == 302
    unknown = client.post(url, {"email": "tuntematon@example.fi"})

    assert unknown.status_code == 400
    assert sorted(open_round.reviewers.values_list("user__email", flat=True)) == [
        "arvioija1@example.fi",
        "arvioija2@example.fi",
    ]


def test_a_reviewer_sees_others_scores_only_after_finishing_their_own(
    client_as, sent, criteria, reviewers
):
    first, second = reviewers
    url = reverse("grants:review", args=[sent.pk])
    client_as(first).post(url, scores(criteria, [3, 2], comment="Ensimmäisen kommentti"))

    client = client_as(second)
    page = client.get(url).content.decode()
    assert "Junioritoiminta" in page  # the application itself is shown
    assert "Ensimmäisen kommentti" not in page

    client.post(url, {f"points_{criteria[0].pk}": "1"})  # half done: refused
    assert not Score.objects.filter(reviewer=second).exists()
    client.post(url, scores(criteria, [1, 0]))
    page = client.get(url).content.decode()
    assert "Ensimmäisen kommentti" in page


def test_points_outside_0_to_3_are_refused(client_as, sent, criteria, reviewers):
    response = client_as(reviewers[0]).post(
        reverse("grants:review", args=[sent.pk]), scores(criteria, [4, 2])
    )
    assert response.status_code == 400
    assert not Score.objects.exists()


def test_a_reviewer_who_represents_the_applicant_is_disqualified_and_cannot_score(
    client_as, sent, criteria, open_round, representative
):
    Reviewer.objects.create(round=open_round, user=representative)
    client = client_as(representative)
    url = reverse("grants:review", args=[sent.pk])

    page = client.get(url)
    assert page.status_code == 403
    assert "esteellinen" in page.content.decode()
    assert client.post(url, scores(criteria, [3, 3])).status_code == 403
    assert not Score.objects.exists()


def test_someone_who_is_no_reviewer_of_the_round_gets_404(client_as, sent, officer, outsider):
    url = reverse("grants:review", args=[sent.pk])
    assert client_as(outsider).get(url).status_code == 404
    assert client_as(officer).get(url).status_code == 404


def test_a_reviewer_cannot_see_drafts(client_as, open_round, other_association, reviewers):
    draft = builders.make_application(open_round, other_association)
    client = client_as(reviewers[0])
    assert client.get(reverse("grants:review", args=[draft.pk])).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_table_with_scores_runs_the_same_queries_at_5_and_50_rows(
    client_as, open_round, officer, criteria
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer = factories.make_user()

    def add(count):
        for _ in range(count):
            application = builders.make_application(
                open_round,
                factories.make_association(),
                status="submitted",
                amount_requested=Decimal("100"),
            )
            for criterion in criteria:
                Score.objects.create(
                    application=application, reviewer=reviewer, criterion=criterion, points=2
                )

    client = client_as(officer)
    url = reverse("grants:round_applications", args=[open_round.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context)

    add(5)
    queries()
    five = queries()
    add(45)
    assert queries() == five + 1  # the round's totals counted anew after the change
    assert queries() == five
