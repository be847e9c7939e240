from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from associations.models import Association
from kumppanuus.places.models import Municipality, WellbeingCounty, localized
from kumppanuus.uploads import StoredFile


def name_search_text(*names: str) -> str:
    """The names in one case-folded text, for a search by a part of a name.

    Folded in Python: SQLite's LIKE folds only ASCII letters ("HYTINÄT" would
    not find "hytinät") and PostgreSQL's follows its locale.
    """
    return " ".join(name.casefold() for name in names if name)


class Forum(models.Model):
    """A cooperation forum: JANE, Kumppanuuspöytä, a Hyvinvointihytinä, a thematic group."""

    class Kind(models.TextChoices):
        ADVISORY_BOARD = "neuvottelukunta", _("advisory board (neuvottelukunta)")
        PARTNERSHIP_TABLE = "kumppanuuspoyta", _("partnership table (kumppanuuspöytä)")
        ASSOCIATION_FORUM = "jarjestofoorumi", _("association forum (järjestöfoorumi)")
        WELLBEING_GATHERING = "hyvinvointihytina", _("wellbeing gathering (hyvinvointihytinä)")
        THEMATIC_GROUP = "teematyoryhma", _("thematic working group (teematyöryhmä)")
        DEVELOPMENT_NETWORK = "kehittamisverkosto", _("development network")
        CLUB_FORUM = "seurafoorumi", _("club and association forum")
        PARTNERSHIP_BREAKFAST = "kumppanuusaamiainen", _("partnership breakfast")
        ASSOCIATION_PANEL = "jarjestoraati", _("association panel (järjestöraati)")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    organiser_municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("organising municipalities"),
        blank=True,
        related_name="organised_forums",
    )
    organiser_counties = models.ManyToManyField(
        WellbeingCounty,
        verbose_name=_("organising wellbeing services counties"),
        blank=True,
        related_name="organised_forums",
    )
    organiser_associations = models.ManyToManyField(
        Association,
        verbose_name=_("organising associations"),
        blank=True,
        related_name="organised_forums",
    )
    organiser_other = models.CharField(
        _("other organisers"),
        max_length=200,
        blank=True,
        help_text=_("For example the regional council."),
    )
    area_municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("area"), blank=True, related_name="forums"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent forum"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    meetings_per_year = models.PositiveSmallIntegerField(_("target meetings a year"), default=4)
    is_open = models.BooleanField(
        _("open to everyone"),
        default=False,
        help_text=_("Anyone may register for an open forum's meetings; otherwise members only."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # name and name_sv case-folded (name_search_text), kept by save(): the calendar's search.
    name_search = models.CharField(max_length=401, blank=True, editable=False)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name"]

    def __str__(self):
        return self.localized_name

    def save(self, *args, **kwargs):
        self.name_search = name_search_text(self.name, self.name_sv)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "name_sv"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_search"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forums:detail", args=[self.pk])

    @property
    def localized_name(self):
        return localized(self.name, self.name_sv)

    def is_coordinated_by(self, user) -> bool:
        return user.is_authenticated and self.coordinators.filter(user=user).exists()


def forum_ids_of_municipality(municipality):
    """The ids of the forums the municipality organises or works in, as a subquery.

    A UNION of the two through tables reads only the municipality's rows of each
    (by their municipality index) and counts a forum that is both once; an OR over
    the two joins made the database join both tables against every forum.
    """
    organised = Forum.organiser_municipalities.through.objects.filter(municipality=municipality)
    area = Forum.area_municipalities.through.objects.filter(municipality=municipality)
    return organised.values("forum_id").union(area.values("forum_id"))


class Coordinator(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="coordinators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="forum_coordinator_roles",
    )

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="forums_one_coordinator_role")
        ]

    def __str__(self):
        return f"{self.user} ({self.forum})"


class MembershipQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(term_start__lte=today).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=today)
        )


class Membership(models.Model):
    """A person's seat in a forum for a term; past memberships stay as history."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair (puheenjohtaja)")
        VICE_CHAIR = "vice_chair", _("vice chair (varapuheenjohtaja)")
        SECRETARY = "secretary", _("secretary (sihteeri)")
        MEMBER = "member", _("member (jäsen)")
        SUBSTITUTE = "substitute", _("substitute member (varajäsen)")
        EXPERT = "expert", _("expert member (asiantuntijajäsen)")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="forum_memberships",
    )
    organisation = models.CharField(
        _("represented organisation"),
        max_length=200,
        blank=True,
        help_text=_("The association, municipality or county the person represents."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("substitute for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutes",
    )
    term_start = models.DateField(_("term starts"), default=timezone.localdate)
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["forum", "role", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="forums_membership_term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.term_start <= today and (self.term_end is None or self.term_end >= today)


# The longest meeting or event (a development day over several days fits); see coming().
MAX_DURATION = timedelta(days=14)


def not_over(now=None, since=None) -> Q:
    """The condition of a meeting not yet over (see MeetingQuerySet.coming); since is
    now - MAX_DURATION (a parameter of its own for a CompiledQuery)."""
    now = now or timezone.now()
    return Q(starts_at__gte=since or now - MAX_DURATION, ends_at__gte=now)


class MeetingQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Meeting.Status.DRAFT)

    def coming(self, now=None, since=None):
        """Meetings not yet over, soonest first in any order_by("starts_at").

        A meeting lasts at most MAX_DURATION, so one that is not over started
        after now - MAX_DURATION: the database walks the start index from there
        instead of reading every past meeting. now and since (now - MAX_DURATION)
        are given by a CompiledQuery's builder (see not_over).
        """
        return self.public().filter(not_over(now, since))


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "kokous", _("meeting (kokous)")
        WORKSHOP = "tyopaja", _("workshop (työpaja)")
        FORUM = "foorumi", _("forum event (foorumi)")
        DEVELOPMENT_DAY = "kehittamispaiva", _("development day (kehittämispäivä)")
        WEBINAR = "webinaari", _("webinar (webinaari)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class MinutesVisibility(models.TextChoices):
        NONE = "", _("not published")
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before"),
        null=True,
        blank=True,
        default=2,
        help_text=_("Empty: no reminder."),
    )

    class MinutesKind(models.TextChoices):
        FORMAL = "poytakirja", _("minutes (pöytäkirja)")
        MEMO = "muistio", _("memo (muistio)")

    minutes_kind = models.CharField(
        _("kind of minutes"),
        max_length=10,
        choices=MinutesKind.choices,
        default=MinutesKind.FORMAL,
        help_text=_("Formal minutes (pöytäkirja) of a meeting with decisions, or a memo."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_visibility = models.CharField(
        _("minutes published"),
        max_length=10,
        choices=MinutesVisibility.choices,
        default=MinutesVisibility.NONE,
        blank=True,
    )
    head_count = models.PositiveIntegerField(
        _("head count"),
        null=True,
        blank=True,
        help_text=_("How many came, counted at the door, with or without names."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # The coming meetings (coming()) in start order, drafts left out; the
            # end in the index skips the meetings of the last days already over
            # without reading them.
            models.Index(
                fields=["starts_at", "ends_at"],
                condition=~Q(status="draft"),
                name="forums_meeting_public_span",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="forums_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("starts_at")),
                name="forums_meeting_deadline_before_start",
                violation_error_message=_("Registration must close before the meeting starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="forums_meeting_capacity_positive",
                violation_error_message=_("Capacity must be at least one."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:meeting", args=[self.pk])

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > MAX_DURATION:
            raise ValidationError(
                {
                    "ends_at": _("A meeting can last at most %(days)d days.")
                    % {"days": MAX_DURATION.days}
                },
                code="too_long",
            )

    @property
    def uid(self):
        return f"meeting-{self.pk}@kumppanuus"

    @property
    def reminder_at(self):
        if self.reminder_days is None:
            return None
        # Days on the Helsinki wall clock: across a change of daylight saving
        # time the reminder keeps the meeting's hour instead of moving by one.
        return timezone.localtime(self.starts_at) - timedelta(days=self.reminder_days)

    @property
    def registration_open(self):
        if self.status not in (self.Status.DRAFT, self.Status.INVITED):
            return False
        deadline = self.registration_deadline or self.starts_at
        return timezone.now() < deadline

    @property
    def minutes_published(self):
        return bool(self.minutes) and self.minutes_visibility != self.MinutesVisibility.NONE


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    decision = models.TextField(
        _("decision"), blank=True, help_text=_("What the meeting decided on this item.")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title


class MeetingDocument(StoredFile):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Otherwise only members and coordinators see it.")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:document", args=[self.meeting_id, self.pk])


class Invitee(models.Model):
    """A person invited to a meeting, or a guest who registered, and their answer."""

    class Answer(models.TextChoices):
        NONE = "", _("no answer")
        YES = "yes", _("yes")
        NO = "no", _("no")
        MAYBE = "maybe", _("maybe")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    is_guest = models.BooleanField(_("guest"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.NONE, blank=True
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("For example diet or accessibility needs."),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    waiting_position = models.PositiveIntegerField(
        _("place on the waiting list"), null=True, blank=True
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["meeting", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"], name="forums_one_invitee_per_email"
            )
        ]

    def __str__(self):
        return self.name or self.email

    @property
    def is_waiting(self):
        return self.waiting_position is not None


# Feedback and surveys --------------------------------------------------------


class QuestionKind(models.TextChoices):
    RATING = "rating", _("rating 1–5")
    TEXT = "text", _("open answer")


class LocalizedTextMixin:
    """The Swedish text to a Swedish reader when there is one, otherwise the Finnish."""

    def _localized(self, field):
        return localized(getattr(self, field), getattr(self, f"{field}_sv"))


class Question(LocalizedTextMixin, models.Model):
    """A question of a survey or of a survey template: its order, kind and text."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.RATING
    )
    text = models.CharField(_("question"), max_length=300)
    text_sv = models.CharField(_("question in Swedish"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.localized_text

    @property
    def localized_text(self):
        return self._localized("text")


class SurveyTemplate(LocalizedTextMixin, models.Model):
    """Reusable questions: a forum's own, or shared with every forum (forum empty)."""

    forum = models.ForeignKey(
        Forum,
        verbose_name=_("forum"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_templates",
        help_text=_("Empty: shared with every forum."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        return self._localized("name")

    @property
    def is_shared(self):
        return self.forum_id is None


class SurveyTemplateQuestion(Question):
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("survey template"),
        on_delete=models.CASCADE,
        related_name="questions",
    )

    class Meta:
        verbose_name = _("template question")
        verbose_name_plural = _("template questions")
        ordering = ["template", "order", "pk"]


class Survey(LocalizedTextMixin, models.Model):
    """A meeting's feedback survey, or a survey sent to a forum's members between meetings."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="surveys"
    )
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_survey",
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    days_open = models.PositiveSmallIntegerField(
        _("open for days after the meeting"),
        default=14,
        help_text=_("Answers are taken for this many days after the meeting ends."),
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.localized_title

    @property
    def localized_title(self):
        return self._localized("title")

    @property
    def closing_time(self):
        """When the survey stops taking answers: set for a forum survey, after a meeting's end."""
        if self.meeting_id is not None:
            return self.meeting.ends_at + timedelta(days=self.days_open)
        return self.closes_at

    @property
    def is_open(self):
        closing = self.closing_time
        if self.meeting_id is not None and self.meeting.status == Meeting.Status.CANCELLED:
            return False
        if self.meeting_id is None and self.sent_at is None:
            return False
        return closing is None or timezone.now() < closing


class SurveyQuestion(Question):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "pk"]

    @property
    def is_rating(self):
        return self.kind == QuestionKind.RATING


class SurveyResponse(models.Model):
    """One person's answers to a survey: one per email address, changeable until it closes."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    submitted_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"], name="forums_one_survey_response_per_email"
            )
        ]

    def __str__(self):
        return f"{self.survey} – {self.email}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["response", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="forums_one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="forums_survey_rating_1_to_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
        ]

    def __str__(self):
        return str(self.rating) if self.rating is not None else self.text[:50]
