from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from kumppanuus.uploads import UploadField, documents_policy
from kumppanuus.validators import validate_plain_text

from .models import Agreement, Party

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_review_dates(text: str) -> list:
    """Dates one a line (or separated by commas), as 15.3.2027 or 2027-03-15."""
    dates = []
    for item in text.replace(",", "\n").split():
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                dates.append(datetime.strptime(item, pattern).date())  # noqa: DTZ007 (a date)
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                _("“%(value)s” is not a date. Write each date as 15.3.2027, one a line."),
                code="invalid_date",
                params={"value": item[:20]},
            )
    return sorted(set(dates))


class ReviewDatesField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        return parse_review_dates(super().to_python(value) or "")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(day.strftime("%d.%m.%Y") for day in value)
        return value


def _check_reviews(form, reviews, starts_on, ends_on):
    outside = [day for day in reviews if not (starts_on <= day <= ends_on)]
    if outside:
        form.add_error(
            "review_dates",
            forms.ValidationError(
                _("A review date must fall within the agreement's period: %(dates)s."),
                code="review_outside",
                params={"dates": ", ".join(day.strftime("%d.%m.%Y") for day in outside)},
            ),
        )


class AgreementForm(forms.ModelForm):
    associations = forms.ModelMultipleChoiceField(
        label=_("Associations that are parties"),
        queryset=Association.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The associations of the municipality's directory."),
    )
    review_dates = ReviewDatesField(
        label=_("Review dates"),
        required=False,
        max_length=500,
        help_text=_(
            "One date a line, such as 15.3.2027. The parties get a reminder two weeks before."
        ),
    )

    class Meta:
        model = Agreement
        fields = ["title", "goals", "starts_on", "ends_on"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 5}),
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["associations"].queryset = Association.objects.filter(
            municipalities=municipality, is_active=True
        ).order_by("name")
        if self.instance.pk:
            self.initial.setdefault(
                "associations",
                [p.association_id for p in self.instance.parties.all() if p.association_id],
            )
            self.initial.setdefault("review_dates", [r.date for r in self.instance.reviews.all()])

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            if ends_on <= starts_on:
                self.add_error(
                    "ends_on",
                    forms.ValidationError(
                        _("The agreement must end after it starts."), code="period_backwards"
                    ),
                )
            elif ends_on < timezone.localdate():
                self.add_error(
                    "ends_on",
                    forms.ValidationError(
                        _("The end date has passed. An agreement is made for the future."),
                        code="ended",
                    ),
                )
            elif "review_dates" in cleaned:
                _check_reviews(self, cleaned["review_dates"], starts_on, ends_on)
        return cleaned

    def validate_constraints(self, exclude=None):
        # clean() says it on the end date; the constraints stay for the admin and the database.
        pass


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["responsibilities", "money_per_year", "premises", "work"]
        widgets = {
            "responsibilities": forms.Textarea(attrs={"rows": 3}),
            "premises": forms.Textarea(attrs={"rows": 2}),
            "work": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["money_per_year"].min_value = 0
        self.fields["money_per_year"].widget.attrs["min"] = 0

    def clean_money_per_year(self):
        value = self.cleaned_data["money_per_year"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The sum cannot be negative."), code="negative")
        return value


class DatesForm(forms.Form):
    ends_on = forms.DateField(label=_("Ends"), widget=DATE_INPUT)
    review_dates = ReviewDatesField(
        label=_("Review dates"),
        required=False,
        max_length=500,
        help_text=_(
            "One date a line, such as 15.3.2027. The parties get a reminder two weeks before."
        ),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.initial.setdefault("ends_on", agreement.ends_on)
        self.initial.setdefault("review_dates", [r.date for r in agreement.reviews.all()])

    def clean(self):
        cleaned = super().clean()
        ends_on = cleaned.get("ends_on")
        if ends_on:
            if ends_on <= self.agreement.starts_on:
                self.add_error(
                    "ends_on",
                    forms.ValidationError(
                        _("The agreement must end after it starts."), code="period_backwards"
                    ),
                )
            elif ends_on < timezone.localdate():
                self.add_error(
                    "ends_on",
                    forms.ValidationError(
                        _("The end date cannot be in the past. Terminate the agreement instead."),
                        code="ended",
                    ),
                )
            elif "review_dates" in cleaned:
                _check_reviews(self, cleaned["review_dates"], self.agreement.starts_on, ends_on)
        return cleaned


class TerminateForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for terminating"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_plain_text],
    )


class AttachmentForm(forms.Form):
    file = UploadField(policy=documents_policy(), label=_("Attachment"))
