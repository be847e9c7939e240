import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from associations.forms import AssociationForm
from associations.validators import normalize_business_id, normalize_register_number
from tests import factories

VALID = "3221317-4"  # Pohjois-Karjalan hyvinvointialue


@pytest.mark.parametrize(
    "typed", ["3221317-4", "32213174", " 3221317-4 ", "FI32213174", "fi3221317-4"]
)
def test_valid_business_ids_are_normalised(typed):
    assert normalize_business_id(typed) == VALID


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("3221317-5", "invalid_checksum"),
        ("322131-4", "invalid_length"),
        ("32213171-4", "invalid_length"),
        ("ABCDEFG-H", "invalid_format"),
    ],
)
def test_invalid_business_ids_are_refused_with_a_code(typed, code):
    with pytest.raises(ValidationError) as error:
        normalize_business_id(typed)
    assert error.value.code == code


def test_wrong_check_digit_message_is_finnish():
    with pytest.raises(ValidationError) as error, translation.override("fi"):
        normalize_business_id("3221317-5")
    with translation.override("fi"):
        finnish = error.value.messages[0]
    assert "3221317-5" in finnish
    with translation.override("en"):
        english = str(ValidationError(error.value.message, params=error.value.params).messages[0])
    assert finnish != english


def test_register_number_is_validated():
    assert normalize_register_number("123.456") == "123.456"
    with pytest.raises(ValidationError):
        normalize_register_number("12x")


def test_edit_form_refuses_invalid_then_accepts_valid(client, association, representative):
    client.force_login(representative)
    url = reverse("associations:edit", args=[association.pk])
    data = {
        "name": association.name,
        "is_registered": "on",
        "business_id": "3221317-5",
        "municipalities": [m.pk for m in association.municipalities.all()],
    }
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "error-summary" in content and 'href="#id_business_id"' in content
    association.refresh_from_db()
    assert association.business_id != "3221317-5"

    data["business_id"] = "FI 3221317-4"
    response = client.post(url, data)
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.business_id == VALID


def test_business_id_of_another_association_is_refused(
    client, association, representative, other_association
):
    client.force_login(representative)
    response = client.post(
        reverse("associations:edit", args=[association.pk]),
        {
            "name": association.name,
            "is_registered": "on",
            "business_id": other_association.business_id,
            "municipalities": [m.pk for m in association.municipalities.all()],
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["business_id"][0].code == "business_id_taken"


def test_unregistered_group_needs_no_business_id(client, municipality, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("associations:create"),
        {"name": "Kylän Lukupiiri", "municipalities": [municipality.pk], "my_role": "contact"},
    )
    assert response.status_code == 302
    created = outsider.representations.get().association
    assert created.business_id is None and not created.is_registered


def test_factory_business_ids_are_valid():
    for _ in range(20):
        assert normalize_business_id(factories.next_business_id())


def test_unticking_registered_while_a_business_id_stays_is_refused(
    client, association, representative
):
    client.force_login(representative)
    data = {
        "name": association.name,
        "business_id": association.business_id,
        "municipalities": [m.pk for m in association.municipalities.all()],
    }

    response = client.post(reverse("associations:edit", args=[association.pk]), data)

    assert response.status_code == 400
    assert "is_registered" in response.context["form"].errors
    association.refresh_from_db()
    assert association.is_registered is True


def test_an_unregistered_group_without_a_business_id_is_saved(client, association, representative):
    client.force_login(representative)
    data = {
        "name": association.name,
        "municipalities": [m.pk for m in association.municipalities.all()],
    }

    response = client.post(reverse("associations:edit", args=[association.pk]), data)

    assert response.status_code == 302
    association.refresh_from_db()
    assert (association.is_registered, association.business_id) == (False, None)


def test_the_example_business_id_in_the_help_text_is_valid(client, outsider):
    client.force_login(outsider)
    help_text = str(AssociationForm().fields["business_id"].help_text)
    example = re.search(r"\d{7}-\d", help_text).group(0)

    assert normalize_business_id(example) == example
