"""The welfare-priority bonus (porkkana): applications name the municipality's priorities."""

import pytest
from django.urls import reverse

from grants.models import ApplicationPriority, Reviewer, ScoringCriterion
from kumppanuus.history.services import history_for
from kumppanuus.places.models import WelfarePriority
from tests import factories
from tests.grants import builders
from tests.grants.test_applying import form_data

pytestmark = pytest.mark.django_db


def make_priority(municipality, title, first_year=2025, last_year=2030):
    return WelfarePriority.objects.create(
        municipality=municipality,
        title=title,
        age_group="youth",
        theme="community",
        first_year=first_year,
        last_year=last_year,
    )


@pytest.fixture
def priorities(municipality, other_municipality):
    return {
        "youth": make_priority(municipality, "Nuorten osallisuus"),
        "exercise": make_priority(municipality, "Liikkuva arki"),
        "old": make_priority(municipality, "Vanha painopiste", 2015, 2018),
        "elsewhere": make_priority(other_municipality, "Joensuun painopiste"),
    }


@pytest.fixture
def bonus_round(open_round):
    open_round.bonus_per_priority = 2
    open_round.bonus_cap = 3
    open_round.save()
    return open_round


def test_the_form_offers_the_priorities_in_force_of_the_bodys_municipality(
    client_as, bonus_round, association, representative, priorities
):
    draft = builders.make_application(bonus_round, association)
    page = client_as(representative).get(draft.get_absolute_url()).content.decode()
    assert "Nuorten osallisuus" in page
    assert "Liikkuva arki" in page
    assert "Vanha painopiste" not in page
    assert "Joensuun painopiste" not in page
    assert "2 extra points for each priority" in page or "2 lisäpistettä" in page


def test_a_representative_names_priorities_and_says_how(
    client_as, bonus_round, association, representative, priorities
):
    draft = builders.make_application(bonus_round, association)
    youth, exercise = priorities["youth"], priorities["exercise"]
    data = form_data(
        draft,
        **{
            f"priority_{youth.pk}": "on",
            f"priority_{youth.pk}_how": "Nuoret suunnittelevat tapahtumat itse.",
            f"priority_{exercise.pk}": "on",
            f"priority_{exercise.pk}_how": "Matalan kynnyksen liikuntaryhmät.",
            # Another municipality's priority is not offered: a forged field is ignored.
            f"priority_{priorities['elsewhere'].pk}": "on",
            f"priority_{priorities['elsewhere'].pk}_how": "Ei kuulu tähän.",
        },
    )
    response = client_as(representative).post(draft.get_absolute_url(), data)
    assert response.status_code == 302
    served = dict(ApplicationPriority.objects.values_list("priority__title", "how"))
    assert served == {
        "Nuorten osallisuus": "Nuoret suunnittelevat tapahtumat itse.",
        "Liikkuva arki": "Matalan kynnyksen liikuntaryhmät.",
    }

    # Unticking one removes it.
    draft.refresh_from_db()
    data = form_data(
        draft, **{f"priority_{youth.pk}": "on", f"priority_{youth.pk}_how": "Nuoret päättävät."}
    )
    data["budget_lines-INITIAL_FORMS"] = "0"
    client_as(representative).post(draft.get_absolute_url(), data)
    assert list(ApplicationPriority.objects.values_list("priority__title", flat=True)) == [
        "Nuorten osallisuus"
    ]


def test_a_priority_without_an_explanation_is_refused_and_nothing_is_saved(
    client_as, bonus_round, association, representative, priorities
):
    draft = builders.make_application(bonus_round, association)
    youth = priorities["youth"]
    response = client_as(representative).post(
        draft.get_absolute_url(),
        form_data(draft, purpose="Uusi tarkoitus", **{f"priority_{youth.pk}": "on"}),
    )
    assert response.status_code == 400
    assert "Kerro, miten hakemus palvelee" in response.content.decode()
    draft.refresh_from_db()
    assert draft.purpose == ""
    assert not ApplicationPriority.objects.exists()


def test_a_county_round_offers_the_priorities_where_the_association_operates(
    client_as, association, representative, municipality, other_municipality, priorities
):
    county_body = builders.make_body(county=municipality.county, kind="county")
    round = builders.make_open_round(county_body)
    draft = builders.make_application(round, association)
    page = client_as(representative).get(draft.get_absolute_url()).content.decode()
    assert "Nuorten osallisuus" in page
    assert "Joensuun painopiste" not in page  # Joensuu is in the county; the association is not


@pytest.fixture
def scored(bonus_round, association, priorities):
    sent = builders.make_application(
        bonus_round, association, complete=True, status="submitted", reference="AV-2027-9"
    )
    for key in ("youth", "exercise"):
        ApplicationPriority.objects.create(application=sent, priority=priorities[key], how="Näin.")
    first = ScoringCriterion.objects.create(round=bonus_round, name="Vaikuttavuus", weight=2)
    second = ScoringCriterion.objects.create(round=bonus_round, name="Avoimuus", weight=1)
    reviewer = factories.make_user("arvioija1@example.fi")
    Reviewer.objects.create(round=bonus_round, user=reviewer)
    from grants.models import Score

    Score.objects.create(application=sent, reviewer=reviewer, criterion=first, points=3)
    Score.objects.create(application=sent, reviewer=reviewer, criterion=second, points=2)
    return sent, reviewer


def test_the_combined_score_adds_points_per_priority_up_to_the_cap(
    client_as, scored, officer, bonus_round
):
    sent, reviewer = scored
    table = client_as(officer).get(reverse("grants:round_applications", args=[bonus_round.pk]))
    # 2 priorities × 2 points = 4, capped at 3; weighted points 2*3 + 1*2 = 8; 8 + 3 = 11
    page = table.content.decode()
    assert '<td class="text-end">3</td>' in page
    assert '<td class="text-end">11,00</td>' in page
    # The join on the priorities does not multiply the sum asked.
    assert table.context["totals"] == {"count": 1, "asked": sent.amount_requested}

    review = client_as(reviewer).get(reverse("grants:review", args=[sent.pk])).content.decode()
    assert "Nuorten osallisuus" in review
    assert "3 pistettä" in review


def test_the_officer_leaves_out_a_priority_the_application_does_not_serve(
    client_as, scored, officer, bonus_round, priorities
):
    sent, _reviewer = scored
    client = client_as(officer)
    kept = sent.priority_links.get(priority=priorities["youth"])
    response = client.post(
        reverse("grants:application_bonus", args=[sent.pk]), {"counted": [kept.pk]}
    )
    assert response.status_code == 302
    assert list(sent.priority_links.filter(accepted=True)) == [kept]
    table = client.get(reverse("grants:round_applications", args=[bonus_round.pk])).content
    assert '<td class="text-end">10,00</td>' in table.decode()  # 8 + 1 × 2
    assert history_for(sent).filter(action="grants_bonus_checked").exists()


def test_a_link_of_another_application_is_refused(
    client_as, scored, officer, bonus_round, other_association, priorities
):
    sent, _reviewer = scored
    other = builders.make_application(bonus_round, other_association, status="submitted")
    foreign = ApplicationPriority.objects.create(
        application=other, priority=priorities["youth"], how="Muu."
    )
    client_as(officer).post(
        reverse("grants:application_bonus", args=[sent.pk]), {"counted": [foreign.pk]}
    )
    assert sent.priority_links.filter(accepted=True).count() == 2  # unchanged


def test_only_the_officer_checks_the_bonus(client_as, scored, representative):
    sent, _reviewer = scored
    response = client_as(representative).post(
        reverse("grants:application_bonus", args=[sent.pk]), {"counted": []}
    )
    assert response.status_code == 403
    assert sent.priority_links.filter(accepted=True).count() == 2


def test_a_priority_named_in_an_application_cannot_be_removed(
    client_as, scored, contact_person, municipality, priorities
):
    youth = priorities["youth"]
    response = client_as(contact_person).post(
        reverse("places:priority_delete", args=[municipality.code, youth.pk])
    )
    assert response.status_code == 409
    assert "ei voi poistaa" in response.content.decode()
    assert WelfarePriority.objects.filter(pk=youth.pk).exists()
