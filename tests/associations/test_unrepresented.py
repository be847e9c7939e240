"""A request to represent an association that no one represents goes to its municipality."""

from django.urls import reverse

from associations.models import RepresentationRequest
from tests import factories


def test_the_request_goes_to_the_municipalitys_contact_persons(
    client,
    municipality,
    contact_person,
    other_contact_person,
    outsider,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    lonely = factories.make_association(name="Yksinäinen Seura ry", municipalities=[municipality])
    client.force_login(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("associations:request", args=[lonely.pk]),
            {"role": "chair", "message": "Olen puheenjohtaja."},
            follow=True,
        )

    assert response.status_code == 200
    assert "kunnan yhteyshenkilöt" in response.content.decode()
    assert [m.to for m in mailoutbox] == [[contact_person.email]]
    assert "/oma/" in mailoutbox[0].body


def test_a_contact_person_sees_and_approves_it_on_the_dashboard(
    client, municipality, contact_person, outsider
):
    lonely = factories.make_association(name="Yksinäinen Seura ry", municipalities=[municipality])
    request = RepresentationRequest.objects.create(association=lonely, user=outsider, role="chair")
    client.force_login(contact_person)

    dashboard = client.get(reverse("dashboard")).content.decode()
    approve = reverse("associations:request_decide", args=[lonely.pk, request.pk, "approve"])
    assert "Yksinäinen Seura ry" in dashboard and f'href="{approve}"' in dashboard

    assert client.get(approve).status_code == 200
    response = client.post(approve)

    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert lonely.representations.filter(user=outsider, role="chair").exists()
    assert "Yksinäinen Seura ry" not in client.get(reverse("dashboard")).content.decode()


def test_a_contact_person_cannot_decide_for_a_represented_association(
    client, association, representative, contact_person, outsider
):
    request = RepresentationRequest.objects.create(association=association, user=outsider)
    client.force_login(contact_person)

    url = reverse("associations:request_decide", args=[association.pk, request.pk, "approve"])

    assert client.post(url).status_code == 403
    assert association.representation_requests.get().status == "pending"


def test_a_contact_person_of_another_municipality_cannot_decide(
    client, municipality, other_contact_person, outsider
):
    lonely = factories.make_association(municipalities=[municipality])
    request = RepresentationRequest.objects.create(association=lonely, user=outsider)
    client.force_login(other_contact_person)

    url = reverse("associations:request_decide", args=[lonely.pk, request.pk, "approve"])

    assert client.post(url).status_code == 403
    assert "Yksinäinen" not in client.get(reverse("dashboard")).content.decode()


def test_the_ask_to_represent_link_hides_once_a_request_is_pending(client, association, outsider):
    client.force_login(outsider)
    link = reverse("associations:request", args=[association.pk])
    assert f'href="{link}"' in client.get(association.get_absolute_url()).content.decode()

    RepresentationRequest.objects.create(association=association, user=outsider)

    page = client.get(association.get_absolute_url()).content.decode()
    assert f'href="{link}"' not in page
    assert "odottaa päätöstä" in page
