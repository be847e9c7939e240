from django.urls import reverse

from associations.models import AssociationChange
from tests import factories


def change_form_data(association, **extra):
    data = {
        "name": association.name,
        "is_registered": "on",
        "business_id": association.business_id,
        "is_active": "on",
        "municipalities": [m.pk for m in association.municipalities.all()],
        "representations-TOTAL_FORMS": "0",
        "representations-INITIAL_FORMS": "0",
        "representations-MIN_NUM_FORMS": "0",
        "representations-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_admin_edits_and_new_representatives_are_in_the_history(client, admin_user, association):
    person = factories.make_user("uusi.edustaja@example.fi")
    client.force_login(admin_user)
    url = reverse("admin:associations_association_change", args=[association.pk])
    data = change_form_data(
        association,
        description="Ylläpidon kirjoittama",
        **{
            "representations-TOTAL_FORMS": "1",
            "representations-0-user": person.pk,
            "representations-0-role": "secretary",
            "representations-0-association": association.pk,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    actions = set(association.changes.values_list("action", flat=True))
    assert actions == {
        AssociationChange.Action.UPDATED,
        AssociationChange.Action.REPRESENTATIVE_ADDED,
    }
    assert association.representations.filter(user=person, role="secretary").exists()
    added = association.changes.get(action=AssociationChange.Action.REPRESENTATIVE_ADDED)
    assert added.user == admin_user and added.changes["person"][1] == str(person)


def test_admin_edit_refreshes_the_cached_public_page(
    client, admin_user, association, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    public = client.__class__()
    assert (
        "Ylläpidon kirjoittama" not in public.get(association.get_absolute_url()).content.decode()
    )
    client.force_login(admin_user)
    url = reverse("admin:associations_association_change", args=[association.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form_data(association, description="Ylläpidon kirjoittama"))
    assert "Ylläpidon kirjoittama" in public.get(association.get_absolute_url()).content.decode()


def test_staff_status_alone_opens_no_association_or_municipality_in_the_admin(
    client, association, municipality
):
    from django.contrib.auth.models import Permission

    staff = factories.make_user("henkilokunta@example.fi", is_staff=True)
    client.force_login(staff)
    association_url = f"/yllapito/associations/association/{association.pk}/change/"
    municipality_url = f"/yllapito/places/municipality/{municipality.pk}/change/"

    assert client.get(association_url).status_code == 403
    assert client.post(association_url, {"name": "Kaapattu"}).status_code == 403
    assert client.get(municipality_url).status_code == 403
    assert client.get(reverse("associations:edit", args=[association.pk])).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="change_association"))
    assert client.get(association_url).status_code == 200
    association.refresh_from_db()
    assert association.name == "Liperin Liikuntaseura ry"
