"""Each role's own page opens with what is theirs."""

from django.urls import reverse
from django.utils import translation

DASHBOARD = reverse("dashboard")


def _no_association_text():
    with translation.override("fi"):
        return translation.gettext("You do not represent any association yet.")


def test_a_contact_person_sees_the_municipality_and_its_export(
    client, municipality, contact_person
):
    client.force_login(contact_person)

    page = client.get(DASHBOARD).content.decode()

    assert _no_association_text() not in page
    assert page.index("Kunnat, joiden") < page.index("Yhdistykset, joiden yhteyshenkilö olen")
    assert f'href="{reverse("places:contact", args=[municipality.code])}"' in page
    assert f'href="{reverse("associations:export", args=["csv"])}?municipality=426"' in page
    assert f'href="{reverse("associations:export", args=["xlsx"])}?municipality=426"' in page
    assert f'href="{reverse("associations:directory")}?municipality=426"' in page


def test_an_official_gets_export_links(client, official):
    client.force_login(official)

    page = client.get(DASHBOARD).content.decode()

    assert _no_association_text() not in page
    assert f'href="{reverse("associations:export", args=["csv"])}"' in page
    assert f'href="{reverse("associations:export", args=["xlsx"])}"' in page


def test_a_representative_opens_with_the_association(client, association, representative):
    client.force_login(representative)

    page = client.get(DASHBOARD).content.decode()

    assert association.name in page
    assert reverse("associations:export", args=["csv"]) not in page


def test_a_person_without_roles_is_told_how_to_start(client, outsider):
    client.force_login(outsider)

    page = client.get(DASHBOARD).content.decode()

    assert _no_association_text() in page
    assert reverse("associations:create") in page
