from django import forms
from django.utils.translation import gettext_lazy as _

from kumppanuus.places.models import Municipality
from kumppanuus.widgets import QuickSelect, QuickSelectMultiple

from .models import Association, FieldOfActivity, Representation, RepresentationRequest, TargetGroup
from .validators import normalize_business_id, normalize_register_number


class AssociationForm(forms.ModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities of operation"),
        queryset=Municipality.objects.current(),
        widget=QuickSelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
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
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # Longer than the stored 1234567-8, so that "FI 1234567-8" reaches the validator.
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        max_length=20,
        required=False,
        help_text=_("For example 1234567-8."),
        widget=forms.TextInput(attrs={"placeholder": "1234567-8"}),
    )

    class Meta:
        model = Association
        fields = Association.PROFILE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

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
        if value and not (len(value) == 5 and value.isdigit()):
            raise forms.ValidationError(
                _("A postal code has five digits."), code="invalid_postal_code"
            )
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
        return cleaned


class NewAssociationForm(AssociationForm):
    my_role = forms.ChoiceField(
        label=_("Your role in the association"),
        choices=Representation.Role.choices,
        initial=Representation.Role.CONTACT,
    )


class InviteRepresentativeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Representation.Role.choices, initial=Representation.Role.CONTACT
    )

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association

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
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All municipalities"),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key="municipalities"),
    )
    field = forms.ModelChoiceField(
        label=_("Field of activity"),
        queryset=FieldOfActivity.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All fields"),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key="fields"),
    )
    target = forms.ModelChoiceField(
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
