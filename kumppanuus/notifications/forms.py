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
