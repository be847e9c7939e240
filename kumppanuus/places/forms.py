from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from kumppanuus.accounts.forms import check_invitation_limit
from kumppanuus.accounts.models import Invitation
from kumppanuus.validators import validate_phone_number, validate_public_email

from .models import ContactPerson, Municipality, Premises, WelfarePriority


def nordic_key(text: str) -> str:
    """Sort key for Finnish and Swedish names: case-blind, with Å, Ä and Ö after Z."""
    return text.lower().translate(str.maketrans("åäö", "{|}"))


class ByRegion(ModelChoiceIterator):
    """The municipalities as optgroups per region (maakunta), both alphabetical in the
    reader's language; the checkbox template draws each group as a disclosure."""

    def __iter__(self):
        groups = {}
        for municipality in self.queryset:
            region = municipality.region_name or str(_("No region"))
            groups.setdefault(region, []).append(self.choice(municipality))
        for region in sorted(groups, key=nordic_key):
            yield region, sorted(groups[region], key=lambda choice: nordic_key(choice[1]))


class MunicipalitiesField(forms.ModelMultipleChoiceField):
    """Municipalities in force to choose from, as checkboxes grouped by region."""

    iterator = ByRegion
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Municipality.objects.current())
        super().__init__(**kwargs)


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["title", "public_email", "public_phone", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_email"].validators.append(validate_public_email)
        self.fields["public_phone"].validators.append(validate_phone_number)


class InviteContactPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=Invitation._meta.get_field("email").max_length
    )
    # The title travels on the invitation, so it is as long as the invitation's column.
    title = forms.CharField(
        label=_("Title"), max_length=Invitation._meta.get_field("title").max_length, required=False
    )

    def __init__(self, *args, municipality, invited_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.invited_by = invited_by

    def clean(self):
        cleaned = super().clean()
        check_invitation_limit(self, self.invited_by)
        return cleaned

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.municipality.contact_persons.filter(user__email=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already a contact person of this municipality."),
                code="already_contact_person",
                params={"email": email},
            )
        return email


class WelfarePriorityForm(forms.ModelForm):
    class Meta:
        model = WelfarePriority
        fields = ["title", "age_group", "theme", "first_year", "last_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error(
                "last_year",
                forms.ValidationError(
                    _("The period must start before it ends."), code="period_backwards"
                ),
            )
        return cleaned


class PremisesForm(forms.ModelForm):
    booking_url = forms.URLField(
        label=_("booking page"),
        required=False,
        assume_scheme="https",
        max_length=Premises._meta.get_field("booking_url").max_length,
    )

    class Meta:
        model = Premises
        fields = [
            "name",
            "address",
            "capacity",
            "step_free",
            "induction_loop",
            "accessible_toilet",
            "is_free",
            "price",
            "booking",
            "booking_url",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"booking": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].validators.append(validate_public_email)
        self.fields["contact_phone"].validators.append(validate_phone_number)


class PremisesFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current(),
        to_field_name="code",
        required=False,
        empty_label=_("All municipalities"),
    )
    capacity = forms.IntegerField(
        label=_("At least this many people"), min_value=1, max_value=100000, required=False
    )
