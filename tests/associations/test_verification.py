"""A newly registered association shows as not yet verified until its municipality checks it."""

from django.urls import reverse

from associations.models import Association
from tests import factories


def register(client, user, municipality, name="Uusi Seura ry"):
    client.force_login(user)
    business_id = factories.next_business_id()
    response = client.post(
        reverse("associations:create"),
        {
            "name": name,
            "is_registered": "on",
            "business_id": business_id,
            "municipalities": [municipality.pk],
            "my_role": "chair",
        },
    )
    assert response.status_code == 302
    return Association.objects.get(business_id=business_id)


def test_a_registered_association_is_not_verified_and_says_so(client, outsider, municipality):
    association = register(client, outsider, municipality)
    client.logout()

    assert association.is_verified is False
    page = client.get(association.get_absolute_url()).content.decode()
    assert "Ei vielä vahvistettu" in page
    directory = client.get(reverse("associations:directory")).content.decode()
    assert "Ei vielä vahvistettu" in directory


def test_the_contact_person_sees_it_on_the_dashboard_and_verifies_it(
    client, outsider, municipality, contact_person, other_contact_person
):
    association = register(client, outsider, municipality)
    verify = reverse("associations:verify", args=[association.pk])

    client.force_login(other_contact_person)
    assert verify not in client.get(reverse("dashboard")).content.decode()
    assert client.post(verify).status_code == 403

    client.force_login(contact_person)
    assert f'action="{verify}"' in client.get(reverse("dashboard")).content.decode()
    response = client.post(verify)

    assert response.status_code == 302
    association.refresh_from_db()
    assert association.is_verified and association.verified_by == contact_person
    assert verify not in client.get(reverse("dashboard")).content.decode()
    client.logout()
    assert "Ei vielä vahvistettu" not in client.get(association.get_absolute_url()).content.decode()


def test_an_administrator_sees_every_unverified_association(
    client, outsider, municipality, admin_user
):
    association = register(client, outsider, municipality)
    client.force_login(admin_user)

    assert association.name in client.get(reverse("dashboard")).content.decode()


def test_associations_that_administrators_register_or_import_are_verified(
    client, admin_user, municipality
):
    association = register(client, admin_user, municipality)

    assert association.is_verified is True
    assert factories.make_association().is_verified is True


def test_the_representative_cannot_verify_their_own_association(client, outsider, municipality):
    association = register(client, outsider, municipality)

    assert client.post(reverse("associations:verify", args=[association.pk])).status_code == 403
