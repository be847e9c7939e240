from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["message", "page", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "message": _("Your feedback"),
            "page": _("Which page is it about? (optional)"),
            "name": _("Name (optional)"),
            "email": _("Email address, if you want an answer (optional)"),
        }


class MessageSettingsForm(forms.Form):
    """One checkbox per optional group of messages: ticked means "send me these"."""

    def __init__(self, *args, groups, opted_out: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for group in groups:
            self.fields[group.name] = forms.BooleanField(
                label=group.label,
                help_text=group.help_text,
                required=False,
                initial=group.name not in opted_out,
            )

    def groups_off(self) -> list[str]:
        return [name for name, wanted in self.cleaned_data.items() if not wanted]

    def groups_on(self) -> list[str]:
        return [name for name, wanted in self.cleaned_data.items() if wanted]
