import uuid
from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from associations.models import FieldOfActivity
from kumppanuus.places.models import Municipality
from kumppanuus.uploads import UploadField, documents_policy
from kumppanuus.validators import iban_form_field
from kumppanuus.widgets import QuickSelect

from .models import (
    GRANT_MUNICIPALITIES,
    Application,
    ApplicationAttachment,
    AttachmentType,
    BudgetLine,
    Round,
    ScoringCriterion,
)


class MoneyField(forms.DecimalField):
    """Euros with cents as people write them: 1 500,50 or 1500.50 (spaces and € allowed)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            for character in (" ", "\u00a0", "\u202f", "€"):
                value = value.replace(character, "")
            value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if value is None or value == "" or isinstance(value, str):
            return value
        return f"{value:.2f}".replace(".", ",")


class RoundFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.filter(grant_bodies__isnull=False).distinct(),
        required=False,
        label=_("Municipality"),
        empty_label=_("All municipalities and the county"),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key=GRANT_MUNICIPALITIES),
    )
    kind = forms.ChoiceField(
        choices=[("", _("All kinds"))] + list(Round.Kind.choices),
        required=False,
        label=_("Kind of grant"),
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    field = forms.ModelChoiceField(
        queryset=FieldOfActivity.objects.all(),
        required=False,
        label=_("Field of activity"),
        empty_label=_("All fields of activity"),
        help_text=_("Rounds open to every field are always shown."),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key="grant-fields"),
    )
    open_now = forms.BooleanField(
        required=False,
        label=_("Open now"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class YearViewForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False, label=_("Year"))
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.filter(grant_bodies__isnull=False).distinct(),
        required=False,
        label=_("Municipality"),
        empty_label=_("All municipalities and the county"),
    )


class ApplicationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    amount_requested = MoneyField(
        label=_("Amount requested (€)"),
        required=False,
        help_text=_("In euros, for example 1500,00."),
    )
    bank_account = iban_form_field(help_text=_("The grant is paid to this account."))

    class Meta:
        model = Application
        fields = [
            "purpose",
            "description",
            "amount_requested",
            "other_funding",
            "contact_name",
            "contact_email",
            "contact_phone",
            "bank_account",
            "responsible_people",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "other_funding": forms.Textarea(attrs={"rows": 3}),
            "responsible_people": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, priorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        self.priorities = list(priorities)
        served = (
            {link.priority_id: link.how for link in self.instance.priority_links.all()}
            if self.instance.pk
            else {}
        )
        for priority in self.priorities:
            self.fields[f"priority_{priority.pk}"] = forms.BooleanField(
                required=False,
                label=_("The application serves: %(priority)s") % {"priority": priority.title},
                help_text=priority.description,
                initial=priority.pk in served,
            )
            self.fields[f"priority_{priority.pk}_how"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=_("How it serves %(priority)s") % {"priority": priority.title},
                initial=served.get(priority.pk, ""),
            )

    def priority_fields(self):
        """(priority, checkbox, explanation) for the template."""
        return [
            (p, self[f"priority_{p.pk}"], self[f"priority_{p.pk}_how"]) for p in self.priorities
        ]

    def main_fields(self):
        return [f for f in self if not f.name.startswith("priority_")]

    def clean(self):
        data = super().clean()
        for priority in self.priorities:
            chosen = data.get(f"priority_{priority.pk}")
            how = (data.get(f"priority_{priority.pk}_how") or "").strip()
            if chosen and not how:
                self.add_error(
                    f"priority_{priority.pk}_how",
                    _("Say how the application serves “%(priority)s”.")
                    % {"priority": priority.title},
                )
        return data

    def served(self) -> dict:
        """{priority: how} of the chosen priorities."""
        return {
            p: self.cleaned_data[f"priority_{p.pk}_how"].strip()
            for p in self.priorities
            if self.cleaned_data.get(f"priority_{p.pk}")
        }


class BudgetLineForm(forms.ModelForm):
    amount = MoneyField(label=_("Amount (€)"))

    class Meta:
        model = BudgetLine
        fields = ["kind", "description", "amount"]


BudgetFormSet = inlineformset_factory(
    Application, BudgetLine, form=BudgetLineForm, extra=2, can_delete=True, max_num=50
)


class AttachmentForm(forms.Form):
    type = forms.ChoiceField(choices=AttachmentType.choices, label=_("Type of attachment"))
    file = UploadField(policy=documents_policy(), label=_("File"))
    confidential = forms.BooleanField(
        required=False,
        label=_("Confidential"),
        help_text=ApplicationAttachment._meta.get_field("confidential").help_text,
    )

    def __init__(self, *args, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The policy is read now, so a changed UPLOAD_MAX_BYTES applies at once.
        self.fields["file"] = UploadField(policy=documents_policy(), label=_("File"))
        if round is not None and round.required_attachments:
            first = [v for v in round.required_attachments if v in dict(AttachmentType.choices)]
            rest = [c for c in AttachmentType.choices if c[0] not in first]
            labels = dict(AttachmentType.choices)
            self.fields["type"].choices = [(v, labels[v]) for v in first] + rest


class ApplyForm(forms.Form):
    association = forms.ModelChoiceField(queryset=None, label=_("Association"))

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Finnish time."),
    )


class RoundForm(forms.ModelForm):
    money_available = MoneyField(label=_("Money available (€)"))
    opens_at = _datetime_field(_("Opens"))
    closes_at = _datetime_field(_("Closes"))
    required_attachments = forms.MultipleChoiceField(
        choices=AttachmentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Required attachments"),
    )

    class Meta:
        model = Round
        fields = [
            "body",
            "name_fi",
            "name_sv",
            "kind",
            "description",
            "criteria",
            "eligibility",
            "money_available",
            "opens_at",
            "closes_at",
            "required_attachments",
            "fields",
            "usage_report_due",
            "bonus_per_priority",
            "bonus_cap",
        ]
        widgets = {
            "usage_report_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "criteria": forms.Textarea(attrs={"rows": 4}),
            "fields": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = None

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("A round must close after it opens."))
        return data


CriterionFormSet = inlineformset_factory(
    Round, ScoringCriterion, fields=["name", "weight"], extra=3, can_delete=True, max_num=20
)


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("Reviewer's email address"))


class ScoreForm(forms.Form):
    """Points 0–3 and a comment for each of the round's criteria."""

    POINTS = [(str(n), str(n)) for n in range(4)]

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            given = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.TypedChoiceField(
                choices=self.POINTS,
                coerce=int,
                widget=forms.RadioSelect,
                label=_("%(criterion)s: points (0–3)") % {"criterion": criterion.name},
                initial=str(given.points) if given else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=_("%(criterion)s: comment") % {"criterion": criterion.name},
                initial=given.comment if given else "",
            )

    def scores(self):
        return {
            criterion: (
                self.cleaned_data[f"points_{criterion.pk}"],
                self.cleaned_data[f"comment_{criterion.pk}"],
            )
            for criterion in self.criteria
        }


class BonusForm(forms.Form):
    """The officer's check of the welfare priorities an application says it serves."""

    counted = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Priorities counted in the bonus"),
        help_text=_("Untick a priority that the application does not really serve."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        links = application.priority_links.select_related("priority")
        self.fields["counted"].queryset = links
        self.fields["counted"].label_from_instance = lambda link: link.priority.title
        if not self.is_bound:
            self.initial["counted"] = [link.pk for link in links if link.accepted]


class InfoRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What more do you need?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The applicant is emailed this text; the application opens for editing until "
            "they send it again."
        ),
    )


class LateAcceptForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for accepting the late application"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the application's history."),
    )


class RoundMessageForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4()


class DecisionForm(forms.ModelForm):
    proposed_amount = MoneyField(label=_("Proposed amount (€)"), required=False)
    granted_amount = MoneyField(label=_("Amount granted (€)"), required=False)

    class Meta:
        model = Application
        fields = ["proposed_amount", "decision", "granted_amount", "conditions", "rejection_reason"]
        widgets = {
            "decision": forms.RadioSelect,
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "rejection_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("", _("not decided yet"))] + list(
            Application.Decision.choices
        )
        self.fields["decision"].required = False

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == Application.Decision.GRANTED and data.get("granted_amount") is None:
            self.add_error("granted_amount", _("Give the amount granted."))
        if (
            decision == Application.Decision.REJECTED
            and not data.get("rejection_reason", "").strip()
        ):
            self.add_error("rejection_reason", _("Give the reason for the rejection."))
        return data


class UsageReportForm(forms.Form):
    what_was_done = forms.CharField(
        label=_("What was done with the grant"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    money_used = MoneyField(label=_("Money used (€)"))


class UsageReportReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept the report")), ("0", _("Ask for more information"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        label=_("Decision on the report"),
    )
    comment = forms.CharField(
        label=_("Comment to the association"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("accept") is False and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what more is needed."))
        return data


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Date of payment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    amount = MoneyField(label=_("Amount (€)"), min_value=Decimal("0.01"))
    instalment = forms.IntegerField(label=_("Instalment number"), min_value=1, max_value=99)


class IdListField(forms.Field):
    """The ids of checked rows (name="selected" on every row's checkbox)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            ids = sorted({int(item) for item in value or []})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("The selection is not valid."), code="invalid") from None
        if len(ids) > 10000:
            raise forms.ValidationError(_("The selection is not valid."), code="too_many")
        return ids


class SelectionDecisionForm(forms.Form):
    """One decision for the selected applications (or all that match the table's filter)."""

    RULES = [
        ("requested", _("the amount requested")),
        ("proposed", _("the proposed amount")),
        ("fixed", _("the same fixed amount for each")),
        ("percent", _("a percentage of the amount requested")),
    ]

    selected = IdListField(required=False, label=_("Selected applications"))
    all_matching = forms.BooleanField(required=False)
    status = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=Application.Decision.choices, widget=forms.RadioSelect, label=_("Decision")
    )
    rule = forms.ChoiceField(
        choices=RULES, required=False, widget=forms.RadioSelect, label=_("Amount granted")
    )
    fixed_amount = MoneyField(label=_("Fixed amount (€)"), required=False)
    percent = forms.DecimalField(
        label=_("Percentage of the amount requested"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("selected") and not data.get("all_matching"):
            raise forms.ValidationError(
                _("Select at least one application, or all that match the filter."),
                code="nothing_selected",
            )
        decision = data.get("decision")
        if decision == Application.Decision.GRANTED:
            rule = data.get("rule")
            if not rule:
                self.add_error("rule", _("Choose how the amount granted is worked out."))
            elif rule == "fixed" and data.get("fixed_amount") is None:
                self.add_error("fixed_amount", _("Give the fixed amount."))
            elif rule == "percent" and data.get("percent") is None:
                self.add_error("percent", _("Give the percentage."))
        elif (
            decision == Application.Decision.REJECTED
            and not data.get("rejection_reason", "").strip()
        ):
            self.add_error("rejection_reason", _("Give the reason for the rejection."))
        return data

    @property
    def rule_value(self):
        rule = self.cleaned_data.get("rule")
        if rule == "fixed":
            return self.cleaned_data["fixed_amount"]
        if rule == "percent":
            return self.cleaned_data["percent"]
        return None


class StatisticsFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label=_("Year of the decision"),
        widget=QuickSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
