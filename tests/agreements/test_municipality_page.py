"""The municipality's page is its cooperation home: every app's panel, in bounded queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums.models import Meeting
from kumppanuus import pagecache, panels
from kumppanuus.agreements import services
from kumppanuus.agreements.models import Agreement
from kumppanuus.places.models import WelfarePriority
from tests import factories
from tests.forums.conftest import make_forum, make_meeting
from tests.grants import builders

from .conftest import make_agreement, make_premises

pytestmark = pytest.mark.django_db


def fill(municipality, number, start=0):
    """number of each: associations, forums with a meeting, rounds, agreements, premises."""
    body = builders.make_body(municipality)
    for n in range(start, start + number):
        association = factories.make_association(
            name=f"Yhdistys {n} ry", municipalities=[municipality]
        )
        forum = make_forum(name=f"Foorumi {n}")
        forum.area_municipalities.add(municipality)
        make_meeting(forum, starts_at=timezone.now() + timedelta(days=n + 1))
        builders.make_open_round(body, name_fi=f"Haku {n}")
        make_agreement(municipality, [association], status="active", starts=-1, title=f"S{n}")
        make_premises(municipality, name=f"Tila {n}")
        WelfarePriority.objects.create(
            municipality=municipality,
            title=f"Painopiste {n}",
            age_group="youth",
            theme="community",
            first_year=2025,
            last_year=2030,
        )
        factories.make_contact_person(municipality)


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
    return len(context), response


def test_the_page_shows_each_apps_panel_in_order_with_links_to_more(
    client, municipality, association, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    fill(municipality, 6)
    draft = make_agreement(municipality, [association], title="Salainen luonnos")
    _queries, response = count(client, municipality.get_absolute_url())
    html = response.content.decode()
    headings = [
        "Foorumit ja tulevat tapaamiset",
        "Avoimet ja tulevat avustushaut",
        "Voimassa olevat kumppanuussopimukset",
        "Tilat yhdistyksille",
        "Kunnassa toimivat yhdistykset",
    ]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert f"{reverse('forums:calendar')}?municipality={municipality.pk}" in html
    assert f"{reverse('grants:rounds')}?municipality={municipality.pk}" in html
    assert f"{reverse('agreements:list')}?municipality=426" in html
    assert f"{reverse('places:premises')}?municipality=426" in html
    assert "Yhteensä 6 voimassa olevaa sopimusta." in html
    assert "Yhteensä 6 tilaa." in html
    first = Agreement.objects.get(title="S0")
    assert f'<a href="{first.get_absolute_url()}">S0</a>: Yhdistys 0 ry (' in html
    assert "<li>Tila 0, Keskustie 10: 50 henkilöä, maksuton</li>" in html
    assert draft.title not in html
    assert Meeting.objects.count() == 6


def test_the_guideline_comes_before_the_other_panels(client, municipality, settings):
    """The cooperation guideline's panel (order 10) leads the municipality's panels, once each."""
    settings.PAGE_CACHE_SECONDS = 0
    names = [
        p.name
        for p in sorted(
            panels._panels[panels.MUNICIPALITY].values(), key=lambda p: (p.order, p.name)
        )
    ]
    assert names == ["guideline", "forums", "grants", "agreements", "premises"]
    html = client.get(municipality.get_absolute_url()).content.decode()
    assert html.count('id="agreements-title"') == 1


def test_the_page_runs_the_same_queries_at_5_and_50_of_everything(client, municipality, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = municipality.get_absolute_url()
    fill(municipality, 5)
    five, _ = count(client, url)
    fill(municipality, 45, start=5)
    fifty, _ = count(client, url)
    assert fifty == five


def test_a_contact_person_sees_the_links_to_keep_it_up_to_date(
    client_as, contact_person, municipality
):
    html = client_as(contact_person).get(municipality.get_absolute_url()).content.decode()
    assert reverse("places:premises_manage", args=["426"]) in html
    assert reverse("places:priorities", args=["426"]) in html


def test_the_cached_page_is_refreshed_when_an_agreement_becomes_active_or_premises_change(
    client,
    settings,
    municipality,
    association,
    contact_person,
    representative,
    django_capture_on_commit_callbacks,
):
    settings.PAGE_CACHE_SECONDS = 300
    agreement = make_agreement(municipality, [association], starts=-1)
    url = municipality.get_absolute_url()
    assert agreement.title not in client.get(url).content.decode()
    for party, user in zip(
        agreement.parties.order_by("association"), [representative, contact_person], strict=True
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.agreement_accept(party=party, user=user)
    assert agreement.title in client.get(url).content.decode()
    make_premises(municipality, name="Uusi kerhotila")  # no refresh: still the cached page
    assert "Uusi kerhotila" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate("places")
    assert "Uusi kerhotila" in client.get(url).content.decode()


def test_the_agreements_panel_names_every_association_party_once_in_the_readers_language(
    client, municipality, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    first = factories.make_association(name="Aa ry", municipalities=[municipality])
    second = factories.make_association(name="Bb ry", municipalities=[municipality])
    second.name_sv = "Bb rf"
    second.save()
    make_agreement(municipality, [first, second], status="active", starts=-1, title="Yhteinen")
    make_agreement(municipality, [first], title="Luonnos")

    html = client.get(municipality.get_absolute_url()).content.decode()
    assert ">Yhteinen</a>: Aa ry, Bb ry (" in html and "Luonnos" not in html
    swedish = client.get(municipality.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv")
    assert ">Yhteinen</a>: Aa ry, Bb rf (" in swedish.content.decode()
