from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GuidelineVersion
from .sections import SECTIONS
from .text import MAX_LENGTH


class GuidelineDraftForm(forms.Form):
    """The eight sections as formatted text (HTML); whatever cannot be shown safely is removed
    on save."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, guideline, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.title,
                help_text=section.guidance,
                required=False,
                max_length=MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
            )
        if not self.is_bound:
            self.initial = {"version": guideline.draft_version, **guideline.draft}

    def sections(self):
        return [(section, self[section.key]) for section in SECTIONS]


class PublishForm(forms.Form):
    draft_version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What changed"),
        max_length=GuidelineVersion._meta.get_field("note").max_length,
        help_text=_("Shown with the version in the history, for example “Grant periods for 2026”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(
        label=_("Older version"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    b = forms.TypedChoiceField(
        label=_("Newer version"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("version %(number)s") % {"number": n}) for n in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
