"""The demo rounds and the panels for the home page and the dashboard."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from grants import demo, panels
from grants.models import Application, GrantBody, GrantOfficer, Round
from kumppanuus.accounts.models import User
from tests.grants import builders

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_rounds_in_every_state_and_a_real_officer(
    client, django_capture_on_commit_callbacks
):
    statistics_page = reverse("grants:statistics")
    assert client.get(statistics_page).context["totals"]["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = demo.load_demo()
    second = demo.load_demo()
    # The demo's published grant is in the statistics kept from before it was loaded.
    assert client.get(statistics_page).context["totals"]["count"] == 1

    assert first == second
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "withdrawn", "returned_for_info", "decided"} <= statuses
    rounds = list(Round.objects.all())
    assert any(r.is_open() for r in rounds)
    assert any(r.is_coming() for r in rounds)
    assert any(not r.is_open() and not r.is_coming() for r in rounds)
    assert Round.objects.filter(body__county__isnull=False).exists()
    officer = User.objects.get(email=demo.OFFICER_EMAIL)
    assert GrantOfficer.objects.filter(user=officer).count() == len(demo.BODIES)

    client.force_login(officer)
    liperi = Round.objects.get(name_fi="Liikuntaseurojen toiminta-avustukset")
    page = client.get(reverse("grants:round_applications", args=[liperi.pk]))
    assert page.status_code == 200
    assert "Liperin Nuorisoseura ry" in page.content.decode()


def render(panel):
    return render_to_string(panel["template"], panel)


def test_the_home_panel_lists_open_rounds_for_everyone(body, rf):
    assert panels.home_panel(rf.get("/")) is None
    builders.make_open_round(body, name_fi="Auki oleva haku")
    builders.make_coming_round(body, name_fi="Tuleva haku")

    html = render(panels.home_panel(rf.get("/")))

    assert "Auki oleva haku" in html and "Tuleva haku" not in html


def test_the_home_panel_shows_five_rounds_and_counts_every_open_one(body, rf):
    for number in range(7):
        builders.make_open_round(body, name_fi=f"Haku {number}")
    builders.make_coming_round(body, name_fi="Tuleva haku")

    panel = panels.home_panel(rf.get("/"))

    assert len(panel["closing"]) == 5
    assert "Kaikki avustukset: 7 hakua auki nyt" in render(panel)


def test_the_dashboard_panel_shows_a_representative_their_drafts_and_an_officer_their_rounds(
    draft, representative, officer, outsider
):
    request = RequestFactory().get("/")
    request.user = outsider
    assert panels.dashboard_panel(request) is None

    request.user = representative
    html = render(panels.dashboard_panel(request))
    assert draft.get_absolute_url() in html

    request.user = officer
    html = render(panels.dashboard_panel(request))
    assert reverse("grants:round_applications", args=[draft.round.pk]) in html
    assert draft.get_absolute_url() not in html


def test_the_demo_has_a_published_and_partly_paid_grant_in_the_public_list(client):
    demo.load_demo()
    demo.load_demo()
    closed = Round.objects.get(name_fi="Kulttuuriavustukset")
    page = client.get(reverse("grants:round_grants", args=[closed.pk])).content.decode()
    assert "Outokummun Kulttuuriyhdistys ry" in page
    granted = Application.objects.get(round=closed, published_at__isnull=False)
    assert granted.payments.count() == 1


def test_the_municipality_panel_shows_its_own_and_its_countys_rounds_with_links(
    body, municipality, other_municipality
):
    county_body = builders.make_body(county=municipality.county, kind=GrantBody.Kind.COUNTY)
    own = builders.make_open_round(body, name_fi="Liperin haku")
    builders.make_coming_round(county_body, name_fi="Alueen haku")
    elsewhere = builders.make_body(other_municipality)
    builders.make_open_round(elsewhere, name_fi="Joensuun haku")
    builders.make_closed_round(body, name_fi="Päättynyt haku")

    panel = panels.municipality_panel(RequestFactory().get("/"), municipality)
    html = render_to_string("grants/municipality_panel.html", panel)

    assert f'<a href="{own.get_absolute_url()}">Liperin haku</a> ({body.name}): haettavana' in html
    assert "Alueen haku" in html and "haku alkaa" in html
    assert "Joensuun haku" not in html and "Päättynyt haku" not in html
    assert f"?municipality={municipality.pk}" in html
    for number in range(5):
        builders.make_open_round(body, name_fi=f"Haku {number}")
    panel = panels.municipality_panel(RequestFactory().get("/"), municipality)
    assert len(panel["rounds"]) == 5
    assert "Yhteensä 7 hakua." in render_to_string("grants/municipality_panel.html", panel)
    # A municipality without a county (Åland) sees its own bodies' rounds only.
    municipality.county = None
    municipality.save()
    panel = panels.municipality_panel(RequestFactory().get("/"), municipality)
    assert panel["count"] == 6
