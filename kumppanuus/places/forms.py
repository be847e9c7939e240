from django import forms
from django.utils.translation import gettext_lazy as _

from kumppanuus.accounts.forms import check_invitation_limit

from .models import ContactPerson


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["title", "public_email", "public_phone", "is_public"]


class InviteContactPersonForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

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
