from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kumppanuus.accounts.forms import check_invitation_limit
from kumppanuus.accounts.models import Invitation
from kumppanuus.places.forms import MunicipalitiesField
from kumppanuus.places.models import Municipality
from kumppanuus.validators import (
    iban_form_field,
    validate_phone_number,
    validate_postal_code,
    validate_public_email,
)
from kumppanuus.widgets import QuickModelChoiceField, QuickSelect

from .models import Association, FieldOfActivity, Representation, RepresentationRequest, TargetGroup
from .validators import normalize_business_id, normalize_register_number


class AssociationForm(forms.ModelForm):
    municipalities = MunicipalitiesField(label=_("Municipalities of operation"))
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields of activity"),
        queryset=FieldOfActivity.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=Association._meta.get_field("website").max_length,
    )
    # Longer than the stored 1234567-1, so that "FI 1234567-1" reaches the validator.
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        max_length=20,
        required=False,
        help_text=_("For example 1234567-1."),
        widget=forms.TextInput(attrs={"placeholder": "1234567-1"}),
    )

    bank_account = iban_form_field(
        help_text=_("Not shown publicly; grant applications are filled with it.")
    )

    class Meta:
        model = Association
        fields = Association.PROFILE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].validators.append(validate_public_email)
        self.fields["phone"].validators.append(validate_phone_number)

    def clean_business_id(self):
        value = self.cleaned_data.get("business_id")
        if not value:
            return None
        business_id = normalize_business_id(value)
        taken = Association.objects.filter(business_id=business_id)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "An association with the business ID %(value)s is already in the portal. "
                    "You can ask to represent it on its page."
                ),
                code="business_id_taken",
                params={"value": business_id},
            )
        return business_id

    def clean_register_number(self):
        value = self.cleaned_data.get("register_number")
        return normalize_register_number(value) if value else ""

    def clean_postal_code(self):
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if value:
            validate_postal_code(value)
        return value

    def clean(self):
        cleaned = super().clean()
        missing_id = cleaned.get("is_registered") and not cleaned.get("business_id")
        if missing_id and "business_id" not in self.errors:
            self.add_error(
                "business_id",
                forms.ValidationError(
                    _("A registered association needs a business ID."),
                    code="business_id_required",
                ),
            )
        registered = cleaned.get("is_registered")
        if registered is False and cleaned.get("business_id") and "business_id" not in self.errors:
            self.add_error(
                "is_registered",
                forms.ValidationError(
                    _(
                        "An unregistered group has no business ID. Tick “registered "
                        "association” or remove the business ID."
                    ),
                    code="unregistered_with_business_id",
                ),
            )
        return cleaned


class NewAssociationForm(AssociationForm):
    my_role = forms.ChoiceField(
        label=_("Your role in the association"),
        choices=Representation.Role.choices,
        initial=Representation.Role.CONTACT,
    )


class InviteRepresentativeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=Invitation._meta.get_field("email").max_length
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Representation.Role.choices, initial=Representation.Role.CONTACT
    )

    def __init__(self, *args, association, invited_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        self.invited_by = invited_by

    def clean(self):
        cleaned = super().clean()
        check_invitation_limit(self, self.invited_by)
        return cleaned

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.association.representations.filter(user__email=email).exists():
            raise forms.ValidationError(
                _("%(email)s already represents this association."),
                code="already_representative",
                params={"email": email},
            )
        return email


class RepresentationRequestForm(forms.ModelForm):
    class Meta:
        model = RepresentationRequest
        fields = ["role", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "message": _("Tell the current representatives who you are in the association.")
        }

    def __init__(self, *args, association, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        self.user = user

    def clean(self):
        cleaned = super().clean()
        since = timezone.now() - timedelta(days=settings.REQUEST_AFTER_REJECTION_DAYS)
        rejected = self.association.representation_requests.filter(
            user=self.user,
            status=RepresentationRequest.Status.REJECTED,
            decided_at__gte=since,
        )
        if rejected.exists():
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "Your previous request to represent this association was rejected "
                        "recently. You can ask again %(days)s days after the rejection."
                    ),
                    code="throttled",
                    params={"days": settings.REQUEST_AFTER_REJECTION_DAYS},
                ),
            )
        return cleaned


class DirectoryFilterForm(forms.Form):
    SORTS = [
        ("relevance", _("Best match")),
        ("name", _("Name A–Ö")),
        ("-name", _("Name Ö–A")),
        ("newest", _("Newest first")),
    ]
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    municipality = QuickModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All municipalities"),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key="municipalities"),
    )
    field = QuickModelChoiceField(
        label=_("Field of activity"),
        queryset=FieldOfActivity.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All fields"),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key="fields"),
    )
    target = QuickModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All target groups"),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key="target-groups"),
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        choices=SORTS,
        required=False,
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
