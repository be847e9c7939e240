"""Phone numbers, postal codes, public emails and lengths: refused with a message, not cut."""

import pytest
from django import forms as django_forms
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from associations.forms import (
    AssociationForm,
    InviteRepresentativeForm,
    NewAssociationForm,
    RepresentationRequestForm,
)
from associations.models import Association
from kumppanuus.accounts.forms import ProfileForm, SignupForm
from kumppanuus.accounts.models import Invitation, User
from kumppanuus.notifications.forms import FeedbackForm
from kumppanuus.places.forms import ContactPersonForm, InviteContactPersonForm
from kumppanuus.places.models import ContactPerson
from tests import factories

PROFILE_URL = reverse("accounts:profile")


def profile(**changes):
    data = {"first_name": "Pekka", "last_name": "Puupää", "phone": "", "language": "fi"}
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes",
    [
        {"first_name": ""},
        {"first_name": "   "},
        {"last_name": ""},
        {"phone": "abc"},
        {"phone": "12"},
    ],
)
def test_the_profile_refuses_an_empty_name_and_a_phone_that_is_not_one(client, outsider, changes):
    client.force_login(outsider)

    response = client.post(PROFILE_URL, profile(**changes))

    assert response.status_code == 400
    outsider.refresh_from_db()
    assert outsider.first_name == "Testi"


@pytest.mark.parametrize(
    "phone", ["040 123 4567", "+358 40 123 4567", "09 310 1691", "+46 8 123 456 78"]
)
def test_the_profile_accepts_real_phone_numbers(client, outsider, phone):
    client.force_login(outsider)

    assert client.post(PROFILE_URL, profile(phone=phone)).status_code == 302


def test_public_phones_show_in_national_form_and_link_in_e164(client, municipality):
    association = factories.make_association(
        name="Soittava Seura ry", phone="+358 40 123 4567", municipalities=[municipality]
    )
    colleague = factories.make_contact_person(municipality, public_phone="013 123 4567")

    page = client.get(association.get_absolute_url()).content.decode()
    assert '<a href="tel:+358401234567">040 1234567</a>' in page
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert '<a href="tel:+358131234567">013 1234567</a>' in page
    assert colleague.get_full_name() in page


def _association_data(association, **changes):
    data = {
        "name": association.name,
        "is_registered": "on",
        "business_id": association.business_id,
        "municipalities": [m.pk for m in association.municipalities.all()],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "soita"}, "phone"),
        ({"postal_code": "８３１００"}, "postal_code"),
        ({"postal_code": "٨٣١٠٠"}, "postal_code"),
        ({"email": "info@localhost"}, "email"),
        ({"email": "info@[127.0.0.1]"}, "email"),
        ({"email": "info@[IPv6:::1]"}, "email"),
        ({"website": "https://example.fi/" + "a" * 200}, "website"),
        ({"name": "N" * 201}, "name"),
    ],
)
def test_the_association_form_refuses_bad_values(
    client, association, representative, changes, field
):
    client.force_login(representative)

    response = client.post(
        reverse("associations:edit", args=[association.pk]),
        _association_data(association, **changes),
    )

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Association.objects.get(pk=association.pk).name == association.name


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"own-public_email": "minä@localhost"}, "public_email"),
        ({"own-public_phone": "abc"}, "public_phone"),
    ],
)
def test_the_contact_person_form_refuses_bad_values(
    client, municipality, contact_person, changes, field
):
    client.force_login(contact_person)
    data = {"save_details": "1", "own-title": "", "own-public_email": "", "own-public_phone": ""}
    data.update(changes)

    response = client.post(reverse("places:contact", args=[municipality.code]), data)

    assert response.status_code == 400
    assert field in response.context["details"].errors


def test_a_too_long_invitation_title_is_refused_not_cut(client, municipality, contact_person):
    client.force_login(contact_person)
    data = {"invite": "1", "invite-email": "uusi@example.fi", "invite-title": "T" * 157}

    response = client.post(reverse("places:contact", args=[municipality.code]), data)

    assert response.status_code == 400
    assert not Invitation.objects.exists()


# Every form field that stores into a column is at most as long as the column.
FORMS = [
    # Typed with spaces (or FI), stored compact: the business ID and the IBAN.
    (AssociationForm, Association, {"business_id", "bank_account"}),
    (NewAssociationForm, Association, {"business_id", "bank_account"}),
    (RepresentationRequestForm, Association.representation_requests.rel.related_model, set()),
    (ProfileForm, User, set()),
    (SignupForm, User, set()),
    (ContactPersonForm, ContactPerson, set()),
    (InviteContactPersonForm, Invitation, set()),
    (InviteRepresentativeForm, Invitation, set()),
    (FeedbackForm, FeedbackForm._meta.model, set()),
]


def _instance(form_class):
    kwargs = {}
    if form_class is InviteContactPersonForm:
        kwargs = {"municipality": None, "invited_by": None}
    elif form_class is InviteRepresentativeForm:
        kwargs = {"association": None, "invited_by": None}
    elif form_class is RepresentationRequestForm:
        kwargs = {"association": None, "user": None}
    elif form_class is SignupForm:
        kwargs = {"email": "x@example.fi"}
    return form_class(**kwargs)


@pytest.mark.parametrize(("form_class", "model", "exceptions"), FORMS)
def test_no_form_field_is_longer_than_its_column(db, form_class, model, exceptions):
    form = _instance(form_class)
    too_long = []
    for name, field in form.fields.items():
        if name in exceptions or not isinstance(field, django_forms.CharField):
            continue
        try:
            column = model._meta.get_field(name).max_length
        except FieldDoesNotExist:
            continue
        if column and (field.max_length is None or field.max_length > column):
            too_long.append((name, field.max_length, column))
    assert too_long == []


def test_an_empty_post_is_bad_input_not_a_first_visit(client, association, representative):
    """A POST without any fields binds the form: it shows the errors with 400 and saves nothing."""
    from kumppanuus.notifications.models import Feedback

    response = client.post(reverse("accessibility"), {})
    assert response.status_code == 400
    assert not Feedback.objects.exists()

    client.force_login(representative)
    name = association.name
    response = client.post(reverse("associations:edit", args=[association.pk]), {})
    assert response.status_code == 400
    association.refresh_from_db()
    assert association.name == name
