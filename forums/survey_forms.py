from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import LOCAL_INPUT
from .models import (
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyTemplate,
    SurveyTemplateQuestion,
)
from .survey_services import RATINGS, templates_for

TEXT_ANSWER_MAX = 4000


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_shared:
            return _("%(name)s (shared)") % {"name": obj.localized_name}
        return obj.localized_name


def _template_field():
    return TemplateChoiceField(
        label=_("Questions from a template"),
        queryset=SurveyTemplate.objects.none(),
        required=False,
        empty_label=_("The default questions"),
        help_text=_("The questions are copied; you can edit them before the survey goes out."),
    )


class MeetingSurveyForm(forms.ModelForm):
    template = _template_field()

    class Meta:
        model = Survey
        fields = ["template", "title", "title_sv", "introduction", "days_open"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        if forum is not None:
            self.fields["template"].queryset = templates_for(forum)
        if self.instance.pk:
            del self.fields["template"]
        self.fields["days_open"].widget.attrs.update(min=1, max=90)
        self.fields["days_open"].validators.append(_days_between_1_and_90)


def _days_between_1_and_90(value):
    if value is not None and not 1 <= value <= 90:
        raise forms.ValidationError(_("Choose between 1 and 90 days."), code="range")


class ForumSurveyForm(forms.ModelForm):
    template = _template_field()

    class Meta:
        model = Survey
        fields = ["template", "title", "title_sv", "introduction", "closes_at"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        }
        help_texts = {"closes_at": _("Finnish time (Europe/Helsinki).")}

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        if forum is not None:
            self.fields["template"].queryset = templates_for(forum)
        if self.instance.pk:
            del self.fields["template"]
        self.fields["closes_at"].required = True
        self.fields["closes_at"].input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if "closes_at" in self.changed_data and closes_at <= timezone.now():
            raise forms.ValidationError(_("The closing time must be in the future."), code="past")
        return closes_at


class TemplateForm(forms.ModelForm):
    shared = forms.BooleanField(
        label=_("Shared with every forum"),
        required=False,
        help_text=_("Only administrators can share a template."),
    )

    class Meta:
        model = SurveyTemplate
        fields = ["name", "name_sv"]

    def __init__(self, *args, may_share=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_share:
            del self.fields["shared"]
        elif self.instance.pk:
            self.fields["shared"].initial = self.instance.is_shared


class QuestionForm(forms.ModelForm):
    class Meta:
        fields = ["kind", "text", "text_sv"]
        labels = {"text": _("Question in Finnish")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = QuestionKind.choices


def _questions_formset(parent, model):
    return inlineformset_factory(
        parent,
        model,
        form=QuestionForm,
        fields=["kind", "text", "text_sv"],
        extra=2,
        can_delete=True,
        can_order=True,
        min_num=1,
        validate_min=True,
        max_num=30,
        validate_max=True,
    )


SurveyQuestionFormSet = _questions_formset(Survey, SurveyQuestion)
TemplateQuestionFormSet = _questions_formset(SurveyTemplate, SurveyTemplateQuestion)


class SurveyAnswerForm(forms.Form):
    """One field per question: a rating 1–5 (required) or an open answer (optional)."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.RATING:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.localized_text,
                    choices=[(value, str(value)) for value in RATINGS],
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text=_("1 = poor, 5 = excellent"),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.localized_text,
                    required=False,
                    max_length=TEXT_ANSWER_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def answers(self) -> dict:
        return {question: self.cleaned_data[f"q{question.pk}"] for question in self.questions}
