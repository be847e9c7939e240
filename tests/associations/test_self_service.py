import pytest
from django.urls import reverse

from associations.models import (
    Association,
    AssociationChange,
    Representation,
    RepresentationRequest,
)
from kumppanuus.notifications.models import Message
from tests import factories


def form_data(association, **changes):
    data = {
        "name": association.name,
        "name_sv": association.name_sv,
        "is_registered": "on" if association.is_registered else "",
        "business_id": association.business_id or "",
        "municipalities": [m.pk for m in association.municipalities.all()],
        "fields": [f.pk for f in association.fields.all()],
        "description": association.description,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def test_representative_edits_profile_and_history_records_it(client, association, representative):
    client.force_login(representative)
    kulttuuri = factories.field("kulttuuri")
    response = client.post(
        reverse("associations:edit", args=[association.pk]),
        form_data(
            association,
            description="Uusi kuvaus",
            fields=[kulttuuri.pk],
            member_count=120,
            website="seura.example.fi",
        ),
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.description == "Uusi kuvaus"
    assert association.website == "https://seura.example.fi"
    assert list(association.fields.all()) == [kulttuuri]
    change = association.changes.get(action=AssociationChange.Action.UPDATED)
    assert change.user == representative
    assert change.changes["description"] == ["", "Uusi kuvaus"]
    assert change.changes["fields"] == ["Liikunta ja urheilu", "Kulttuuri"]
    history = client.get(reverse("associations:history", args=[association.pk]))
    assert "Uusi kuvaus" in history.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("member_count", "-5"),
        ("founded_year", "1700"),
        ("postal_code", "8010"),
        ("email", "ei-osoite"),
        ("name", "x" * 201),
        ("description", "x" * 5001),
    ],
)
def test_bad_values_are_refused_and_nothing_saved(
    client, association, representative, field, value
):
    client.force_login(representative)
    response = client.post(
        reverse("associations:edit", args=[association.pk]),
        form_data(association, **{field: value}),
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not association.changes.exists()


def test_html_in_description_is_escaped(client, association, representative):
    client.force_login(representative)
    client.post(
        reverse("associations:edit", args=[association.pk]),
        form_data(association, description="<script>alert('x')</script>"),
    )
    response = client.get(association.get_absolute_url())
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;" in content


def test_registering_a_new_association(client, outsider, municipality):
    client.force_login(outsider)
    business_id = factories.next_business_id()
    data = {
        "name": "Uusi Seura ry",
        "is_registered": "on",
        "business_id": business_id,
        "municipalities": [municipality.pk],
        "my_role": "secretary",
    }
    response = client.post(reverse("associations:create"), data)
    association = Association.objects.get(business_id=business_id)
    assert response.status_code == 302
    assert response.url == reverse("associations:manage", args=[association.pk])
    assert association.representations.get().role == "secretary"
    assert association.changes.get().action == AssociationChange.Action.CREATED
    again = client.post(reverse("associations:create"), data)
    assert again.status_code == 400
    assert Association.objects.filter(business_id=business_id).count() == 1


def test_asking_to_represent_and_approval(
    client, association, representative, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    url = reverse("associations:request", args=[association.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"role": "secretary", "message": "Olen uusi sihteeri."})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert client.post(url, {"role": "secretary"}).status_code == 409
    assert RepresentationRequest.objects.count() == 1

    request = RepresentationRequest.objects.get()
    client.force_login(representative)
    decide = reverse("associations:request_decide", args=[association.pk, request.pk, "approve"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(decide).status_code == 302
    assert association.representations.filter(user=outsider, role="secretary").exists()
    assert mailoutbox[-1].to == [outsider.email]
    client.post(decide)
    assert Message.objects.filter(kind="representation_request_decided").count() == 1
    assert association.changes.filter(action=AssociationChange.Action.REQUEST_APPROVED).count() == 1


def test_rejected_request_grants_nothing(client, association, representative, outsider):
    request = RepresentationRequest.objects.create(association=association, user=outsider)
    client.force_login(representative)
    client.post(reverse("associations:request_decide", args=[association.pk, request.pk, "reject"]))
    request.refresh_from_db()
    assert request.status == RepresentationRequest.Status.REJECTED
    assert not association.representations.filter(user=outsider).exists()


def test_representative_cannot_ask_again(client, association, representative):
    client.force_login(representative)
    response = client.get(reverse("associations:request", args=[association.pk]))
    assert response.status_code == 302


def test_removing_representatives_but_never_the_last(client, association, representative):
    second = factories.make_representative(association)
    client.force_login(representative)
    second_link = association.representations.get(user=second)
    url = reverse("associations:representative_remove", args=[association.pk, second_link.pk])
    assert client.post(url).status_code == 302
    assert list(association.representations.values_list("user", flat=True)) == [representative.pk]
    last = association.representations.get()
    client.post(reverse("associations:representative_remove", args=[association.pk, last.pk]))
    assert association.representations.count() == 1
    removal = association.changes.get(action=AssociationChange.Action.REPRESENTATIVE_REMOVED)
    assert removal.user == representative


def test_representation_of_another_association_cannot_be_removed(
    client, association, representative, other_representative, other_association
):
    client.force_login(representative)
    foreign = other_association.representations.get()
    url = reverse("associations:representative_remove", args=[association.pk, foreign.pk])
    assert client.post(url).status_code == 404
    assert Representation.objects.filter(pk=foreign.pk).exists()


def test_inviting_someone_who_already_represents_is_refused(client, association, representative):
    client.force_login(representative)
    response = client.post(
        reverse("associations:manage", args=[association.pk]),
        {"email": representative.email.upper(), "role": "contact"},
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors


def test_dashboard_lists_my_associations_and_requests(
    client, association, representative, outsider
):
    RepresentationRequest.objects.create(association=association, user=outsider)
    client.force_login(representative)
    content = client.get(reverse("dashboard")).content.decode()
    assert association.name in content
    assert str(outsider) in content
