from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from associations.models import FieldOfActivity, TargetGroup
from kumppanuus.places.forms import MunicipalitiesField
from kumppanuus.places.models import Municipality
from kumppanuus.uploads import UploadField, documents_policy
from kumppanuus.widgets import QuickSelect

from .models import AgendaItem, Forum, Invitee, Meeting, MeetingDocument, Membership

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def _moment_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)


class ForumForm(forms.ModelForm):
    area_municipalities = MunicipalitiesField(label=_("Area"), required=False)
    organiser_municipalities = MunicipalitiesField(
        label=_("Organising municipalities"), required=False
    )

    class Meta:
        model = Forum
        fields = [
            "name",
            "name_sv",
            "kind",
            "description",
            "organiser_municipalities",
            "organiser_counties",
            "organiser_other",
            "area_municipalities",
            "parent",
            "meetings_per_year",
            "is_open",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "organiser_counties": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Forum.objects.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("A person without an account gets an invitation by email."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    organisation = forms.CharField(
        label=_("Represented organisation"),
        required=False,
        max_length=Membership._meta.get_field("organisation").max_length,
    )
    substitute_for = forms.ModelChoiceField(
        label=_("Substitute for"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_(
            "For a substitute member (varajäsen): the member they stand in for. "
            "The substitute is invited when that member cannot come."
        ),
    )
    term_start = forms.DateField(
        label=_("Term starts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: today."),
    )
    term_end = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: until further notice."),
    )

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        if forum is not None:
            self.fields["substitute_for"].queryset = (
                forum.memberships.current()
                .exclude(role=Membership.Role.SUBSTITUTE)
                .select_related("user")
                .order_by("user__last_name", "user__first_name")
            )
        self.fields["substitute_for"].label_from_instance = lambda m: str(m.user)

    def clean(self):
        data = super().clean()
        if data.get("substitute_for") and data.get("role") != Membership.Role.SUBSTITUTE:
            self.add_error(
                "substitute_for",
                forms.ValidationError(
                    _("Only a substitute member stands in for another member."),
                    code="not_substitute",
                ),
            )
        start, end = data.get("term_start"), data.get("term_end")
        if end and end < (start or timezone.localdate()):
            self.add_error(
                "term_end",
                forms.ValidationError(_("A term cannot end before it starts."), code="order"),
            )
        return data


class CoordinatorAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("A person without an account gets an invitation by email."),
    )


class MeetingForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        max_length=Meeting._meta.get_field("online_url").max_length,
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "step_free",
            "induction_loop",
            "accessible_toilet",
            "online_url",
            "capacity",
            "registration_deadline",
            "reminder_days",
        ]
        widgets = {
            "starts_at": _moment_widget(),
            "ends_at": _moment_widget(),
            "registration_deadline": _moment_widget(),
        }
        help_texts = {
            "starts_at": _("Finnish time (Europe/Helsinki)."),
            "ends_at": _("Finnish time (Europe/Helsinki)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error(
                "ends_at",
                forms.ValidationError(_("A meeting must end after it starts."), code="order"),
            )
        deadline = data.get("registration_deadline")
        if deadline and starts and deadline > starts:
            self.add_error(
                "registration_deadline",
                forms.ValidationError(
                    _("Registration must close before the meeting starts."), code="deadline"
                ),
            )
        if starts and not self.instance.pk and starts < timezone.now():
            self.add_error(
                "starts_at",
                forms.ValidationError(_("A new meeting cannot start in the past."), code="past"),
            )
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration_minutes", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("heading", "Title"),
        max_length=MeetingDocument._meta.get_field("title").max_length,
    )
    file = UploadField(policy=documents_policy(), label=_("File"))
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_("Otherwise only members and coordinators see it."),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[c for c in Invitee.Answer.choices if c[0]],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=Invitee._meta.get_field("note").max_length,
        help_text=_("For example diet or accessibility needs."),
    )


class GuestRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=Invitee._meta.get_field("name").max_length)
    email = forms.EmailField(label=_("Email address"))
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=Invitee._meta.get_field("organisation").max_length,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=Invitee._meta.get_field("note").max_length,
        help_text=_("For example diet or accessibility needs."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are stored until the follow-up of the event is done."),
    )


class MinutesForm(forms.ModelForm):
    """The minutes or memo of a meeting, with a decision field per agenda item."""

    class Meta:
        model = Meeting
        fields = ["minutes_kind", "minutes", "minutes_visibility"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, agenda=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = list(agenda)
        limit = AgendaItem._meta.get_field("decision").max_length
        for number, item in enumerate(self.agenda, start=1):
            self.fields[self.decision_field(item)] = forms.CharField(
                label=_("Decision on item %(number)s: %(title)s")
                % {"number": number, "title": item.title},
                required=False,
                initial=item.decision,
                max_length=limit,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Who may read them comes last, after the decisions.
        self.fields["minutes_visibility"] = self.fields.pop("minutes_visibility")

    @staticmethod
    def decision_field(item) -> str:
        return f"decision_{item.pk}"

    def decisions(self) -> dict:
        """The decision text of each agenda item, by the item."""
        return {item: self.cleaned_data[self.decision_field(item)] for item in self.agenda}

    def clean(self):
        data = super().clean()
        published = data.get("minutes_visibility")
        if published and not (data.get("minutes") or "").strip():
            self.add_error(
                "minutes",
                forms.ValidationError(_("Write the minutes before publishing them."), code="empty"),
            )
        return data


class HeadCountForm(forms.Form):
    head_count = forms.IntegerField(
        label=_("Head count at the door"),
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=_("Everyone who came, also those not on the list. Empty: not counted."),
    )


# The calendar's municipality options, kept in the cache for every visitor (300 of them).
CALENDAR_MUNICIPALITIES = "calendar-municipalities"


class CalendarFilterForm(forms.Form):
    """Coming meetings by forum name, kind of forum, municipality, kind of meeting and month.

    Thousands of forums do not fit a select: a forum is found by its name or its
    kind, and its own page lists its meetings. An old link's ?forum=<id> still
    filters by that forum (a hidden field; see clean_forum()).
    """

    q = forms.CharField(
        label=_("Forum name"),
        required=False,
        max_length=100,
        help_text=_("A part of the forum's name in Finnish or Swedish."),
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    forum_kind = forms.ChoiceField(
        label=_("Kind of forum"),
        choices=[("", _("All kinds of forum")), *Forum.Kind.choices],
        required=False,
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current(),
        required=False,
        empty_label=_("All municipalities"),
        help_text=_("Forums the municipality organises or that work in it."),
        widget=QuickSelect(attrs={"class": "form-select"}, cache_key=CALENDAR_MUNICIPALITIES),
    )
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[("", _("All kinds of meeting")), *Meeting.Kind.choices],
        required=False,
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m"),
    )
    forum = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_forum(self):
        value = self.cleaned_data["forum"].strip()
        if not value:
            return None
        forum = (
            Forum.objects.filter(pk=int(value)).only("name", "name_sv").first()
            if value.isascii() and value.isdigit() and len(value) < 10
            else None
        )
        if forum is None:
            # Shown at the top of the form: the field itself is not on the page.
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "The link's forum is not in the portal (any more). "
                        "Find the meetings by the forum's name."
                    ),
                    code="no_forum",
                ),
            )
        return forum

    def visible_filters(self):
        return [field for field in self if not field.is_hidden]


class InviteByFilterForm(forms.Form):
    """Representatives of associations by municipality, field of activity or target group."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.current(), required=False
    )
    field = forms.ModelChoiceField(
        label=_("Field of activity"), queryset=FieldOfActivity.objects.all(), required=False
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.all(), required=False
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("municipality", "field", "target_group")):
            raise forms.ValidationError(
                _("Choose a municipality, a field of activity or a target group."), code="empty"
            )
        return data
