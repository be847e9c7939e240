from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association, FieldOfActivity
from kumppanuus.jobs import BackgroundJob
from kumppanuus.places.models import Municipality, WelfarePriority, WellbeingCounty, localized
from kumppanuus.uploads import StoredFile
from kumppanuus.validators import validate_iban
from kumppanuus.widgets import forget_options


class LocalizedName:
    @property
    def name(self):
        return localized(self.name_fi, self.name_sv)

    def __str__(self):
        return self.name


# The cache key of the municipalities that have grant bodies (the listing's filter options).
GRANT_MUNICIPALITIES = "grant-municipalities"


class GrantBody(LocalizedName, models.Model):
    """A grant-giving body: a municipality's department or the wellbeing county."""

    class Kind(models.TextChoices):
        EDUCATION = "sivistystoimi", _("education and culture (sivistystoimi)")
        SPORTS = "liikuntatoimi", _("sports (liikuntatoimi)")
        CULTURE = "kulttuuritoimi", _("culture (kulttuuritoimi)")
        YOUTH = "nuorisotoimi", _("youth (nuorisotoimi)")
        WELLBEING = "hyvinvointi", _("wellbeing (hyvinvointi)")
        COUNTY = "county", _("wellbeing services county")
        OTHER = "other", _("other")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="grant_bodies",
        null=True,
        blank=True,
    )
    county = models.ForeignKey(
        WellbeingCounty,
        verbose_name=_("wellbeing services county"),
        on_delete=models.PROTECT,
        related_name="grant_bodies",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    board = models.CharField(
        _("deciding board"),
        max_length=200,
        blank=True,
        help_text=_("The board (lautakunta) or office holder that decides the grants."),
    )

    class Meta:
        verbose_name = _("grant-giving body")
        verbose_name_plural = _("grant-giving bodies")
        ordering = ["name_fi"]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, county__isnull=True)
                | Q(municipality__isnull=True, county__isnull=False),
                name="grant_body_municipality_or_county",
                violation_error_message=_(
                    "A grant-giving body belongs to a municipality or to a wellbeing "
                    "services county, not both."
                ),
            )
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The grant listing's municipality filter draws its options from the bodies.
        transaction.on_commit(lambda: forget_options(GRANT_MUNICIPALITIES))

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: forget_options(GRANT_MUNICIPALITIES))
        return deleted

    @property
    def owner(self):
        return self.municipality or self.county


class GrantOfficer(models.Model):
    """A person who prepares a body's grants (avustusvalmistelija); a role by invitation."""

    body = models.ForeignKey(
        GrantBody,
        verbose_name=_("grant-giving body"),
        on_delete=models.CASCADE,
        related_name="officers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="grant_officer_roles",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant officer")
        verbose_name_plural = _("grant officers")
        constraints = [
            models.UniqueConstraint(fields=["body", "user"], name="grant_officer_once_per_body")
        ]

    def __str__(self):
        return f"{self.user} – {self.body}"


class AttachmentType(models.TextChoices):
    ACTION_PLAN = "toimintasuunnitelma", _("action plan (toimintasuunnitelma)")
    BUDGET = "talousarvio", _("budget (talousarvio)")
    FINANCIAL_STATEMENT = "tilinpaatos", _("financial statements (tilinpäätös)")
    ANNUAL_REPORT = "toimintakertomus", _("annual report (toimintakertomus)")
    AUDIT_REPORT = "tarkastuskertomus", _("audit report (toiminnantarkastus- or tilintarkastus)")
    RULES = "saannot", _("rules (säännöt)")
    ANNUAL_MEETING = "vuosikokous", _("minutes of the annual meeting")
    OTHER = "other", _("other attachment")


class RoundQuerySet(models.QuerySet):
    def listed(self, now=None):
        """Open and coming rounds."""
        return self.filter(closes_at__gt=now or timezone.now())

    def open_at(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Round(LocalizedName, models.Model):
    """A grant round (hakukierros) with its application period."""

    class Kind(models.TextChoices):
        OPERATING = "toiminta-avustus", _("operating grant (toiminta-avustus)")
        TARGETED = "kohdeavustus", _("targeted grant (kohdeavustus)")
        PROJECT = "projektiavustus", _("project grant (projektiavustus)")
        PREMISES = "tila-avustus", _("premises grant (tila-avustus)")
        START = "starttiavustus", _("start-up grant (starttiavustus)")
        OTHER = "other", _("other grant")

    class Eligibility(models.TextChoices):
        REGISTERED = "registered", _("registered associations only")
        ALSO_UNREGISTERED = "also_unregistered", _("also unregistered groups")

    body = models.ForeignKey(
        GrantBody,
        verbose_name=_("grant-giving body"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    kind = models.CharField(_("kind of grant"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    criteria = models.TextField(_("criteria"), blank=True, max_length=10000)
    eligibility = models.CharField(
        _("who may apply"),
        max_length=20,
        choices=Eligibility.choices,
        default=Eligibility.REGISTERED,
    )
    money_available = models.DecimalField(
        _("money available (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    required_attachments = models.JSONField(_("required attachments"), default=list, blank=True)
    usage_report_due = models.DateField(_("usage report due"), null=True, blank=True)
    fields = models.ManyToManyField(
        FieldOfActivity,
        verbose_name=_("fields of activity"),
        related_name="grant_rounds",
        blank=True,
        help_text=_("Leave empty if the round is open to every field of activity."),
    )
    bonus_per_priority = models.PositiveSmallIntegerField(
        _("bonus points per welfare priority"),
        default=0,
        help_text=_(
            "Extra points (porkkana) for each of the municipality's welfare priorities "
            "that an application serves."
        ),
    )
    bonus_cap = models.PositiveSmallIntegerField(_("bonus points at most"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant round")
        verbose_name_plural = _("grant rounds")
        ordering = ["closes_at", "pk"]
        indexes = [models.Index(fields=["closes_at"], name="round_closes_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_it_opens",
                violation_error_message=_("A round must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(money_available__gte=0),
                name="round_money_not_negative",
                violation_error_message=_("The money available cannot be negative."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("grants:round", args=[self.pk])

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_coming(self, now=None):
        return (now or timezone.now()) < self.opens_at

    def required_attachment_labels(self):
        labels = dict(AttachmentType.choices)
        return [labels.get(value, value) for value in self.required_attachments]

    def bonus_for(self, priorities_served: int) -> int:
        """The welfare bonus: points per priority served, at most the cap."""
        return min(self.bonus_cap, self.bonus_per_priority * priorities_served)

    def welfare_priorities(self, association=None):
        """The welfare priorities in force for the round's period, of its body's municipality.

        A county's round uses the priorities of the county's municipalities where
        the association operates (all of the county's, without an association).
        """
        year = timezone.localtime(self.closes_at).year
        priorities = WelfarePriority.objects.filter(first_year__lte=year, last_year__gte=year)
        if self.body.municipality_id:
            priorities = priorities.filter(municipality_id=self.body.municipality_id)
        else:
            priorities = priorities.filter(municipality__county_id=self.body.county_id)
            if association is not None:
                priorities = priorities.filter(municipality__associations=association)
        return priorities.select_related("municipality").order_by(
            "municipality__name_fi", "age_group", "title", "pk"
        )


class ScoringCriterion(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("grant round"), on_delete=models.CASCADE, related_name="criteria_set"
    )
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ApplicationQuerySet(models.QuerySet):
    """Writes of many applications report the rounds whose totals they change
    (grants/totals.py; saves and deletes of one report themselves in signals.py)."""

    def update(self, **kwargs):
        from . import totals

        rounds = set()
        if totals.COUNTED_FIELDS & kwargs.keys():
            rounds = set(self.order_by().values_list("round_id", flat=True).distinct())
            # The round the rows move to, too.
            moved_to = kwargs.get("round_id", kwargs.get("round"))
            rounds.add(getattr(moved_to, "pk", moved_to))
        updated = super().update(**kwargs)
        totals.changed(rounds)
        return updated

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        from . import totals

        created = super().bulk_create(objs, *args, **kwargs)
        totals.changed({application.round_id for application in created})
        return created

    bulk_create.alters_data = True

    # bulk_update() writes through update() (one per batch).


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RETURNED = "returned_for_info", _("returned for more information")
        DECIDED = "decided", _("decided")

    class Decision(models.TextChoices):
        GRANTED = "granted", _("granted")
        REJECTED = "rejected", _("rejected")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    round = models.ForeignKey(
        Round, verbose_name=_("grant round"), on_delete=models.PROTECT, related_name="applications"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="grant_applications",
    )
    # A copy of the association's name that an index on (round, name) keeps in order:
    # the officer's table of a round sorts by it without reading every association of
    # the round. Set on save; grants/signals.py follows the association's renames.
    association_name = models.CharField(
        _("association's name (sort key)"), max_length=200, editable=False, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    amount_requested = models.DecimalField(
        _("amount requested (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    other_funding = models.TextField(
        _("other funding applied for or received"), blank=True, max_length=2000
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    reference = models.CharField(
        _("reference number"), max_length=30, unique=True, null=True, blank=True
    )
    bank_account = models.CharField(
        _("bank account (IBAN)"), max_length=34, blank=True, validators=[validate_iban]
    )
    responsible_people = models.TextField(
        _("people responsible"),
        blank=True,
        max_length=2000,
        help_text=_("The chair, the treasurer and others who answer for the use of the grant."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    welfare_priorities = models.ManyToManyField(
        WelfarePriority,
        verbose_name=_("welfare priorities served"),
        through="ApplicationPriority",
        related_name="grant_applications",
        blank=True,
    )
    late_reason = models.TextField(
        _("reason for accepting a late application"), blank=True, max_length=2000
    )
    late_accepted_at = models.DateTimeField(_("late application accepted"), null=True, blank=True)
    proposed_amount = models.DecimalField(
        _("proposed amount (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    granted_amount = models.DecimalField(
        _("amount granted (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    conditions = models.TextField(_("conditions"), blank=True, max_length=4000)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=4000)
    decided_at = models.DateTimeField(_("decision recorded"), null=True, blank=True)
    published_at = models.DateTimeField(_("decision published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["round", "association_name", "id"], name="application_round_by_name"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "association"],
                condition=~Q(status="withdrawn"),
                name="one_application_per_round_and_association",
                violation_error_message=_(
                    "The association already has an application in this round."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(decision="granted") | Q(granted_amount__gte=0),
                name="granted_application_has_an_amount",
                violation_error_message=_("A grant needs an amount."),
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gte=0),
                name="application_amount_not_negative",
                violation_error_message=_("The amount requested cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.association} – {self.round}"

    def save(self, *args, **kwargs):
        name = self.association.name
        if self.association_name != name:
            self.association_name = name
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "association_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("grants:application", args=[self.pk])

    @property
    def is_editable_status(self):
        return self.status in self.EDITABLE

    def deadline_holds(self, now=None) -> bool:
        """Whether the representatives may still change and send the application.

        The round's deadline, except for an application returned for more
        information or one that an officer accepted late.
        """
        if self.status == self.Status.RETURNED:
            return True
        if self.status == self.Status.DRAFT and self.late_accepted_at:
            return True
        return self.round.is_open(now)

    def open_info_request(self):
        return self.info_requests.filter(answered_at__isnull=True).first()

    def totals(self):
        sums = dict(
            self.budget_lines.values("kind")
            .annotate(total=Sum("amount"))
            .values_list("kind", "total")
        )
        income = sums.get(BudgetLine.Kind.INCOME) or Decimal("0")
        expenses = sums.get(BudgetLine.Kind.EXPENSE) or Decimal("0")
        return {"income": income, "expenses": expenses, "difference": income - expenses}

    def missing(self):
        """What still stops the application from being submitted, as translated sentences."""
        problems = []
        if not self.purpose.strip():
            problems.append(_("The purpose is missing."))
        if not self.description.strip():
            problems.append(_("The description is missing."))
        if self.amount_requested is None:
            problems.append(_("The amount requested is missing."))
        if not self.contact_name.strip() or not self.contact_email.strip():
            problems.append(_("The contact person's name and email are missing."))
        if not self.budget_lines.filter(kind=BudgetLine.Kind.EXPENSE).exists():
            problems.append(_("The budget has no expenses."))
        have = set(self.attachments.values_list("type", flat=True))
        labels = dict(AttachmentType.choices)
        for value in self.round.required_attachments:
            if value not in have:
                problems.append(
                    _("Attachment missing: %(type)s.") % {"type": labels.get(value, value)}
                )
        if (
            self.round.eligibility == Round.Eligibility.REGISTERED
            and not self.association.is_registered
        ):
            problems.append(_("Only registered associations may apply in this round."))
        return problems


class ApplicationPriority(models.Model):
    """A welfare priority of the municipality that the application says it serves, and how."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("grant application"),
        on_delete=models.CASCADE,
        related_name="priority_links",
    )
    priority = models.ForeignKey(
        WelfarePriority,
        verbose_name=_("welfare priority"),
        on_delete=models.PROTECT,
        related_name="application_links",
    )
    how = models.TextField(_("how the application serves it"), max_length=2000)
    accepted = models.BooleanField(
        _("counted in the bonus"),
        default=True,
        help_text=_("The officer can leave out a priority that the application does not serve."),
    )

    class Meta:
        verbose_name = _("welfare priority served")
        verbose_name_plural = _("welfare priorities served")
        ordering = ["priority__title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "priority"], name="application_priority_once"
            )
        ]

    def __str__(self):
        return str(self.priority)


class InfoRequest(models.Model):
    """An officer asks the applicant for more information; the application reopens for it."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("grant application"),
        on_delete=models.CASCADE,
        related_name="info_requests",
    )
    message = models.TextField(_("what is asked"), max_length=4000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for more information")
        verbose_name_plural = _("requests for more information")
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(answered_at__isnull=True),
                name="one_open_info_request_per_application",
            )
        ]

    def __str__(self):
        return self.message[:60]


class RoundMessage(models.Model):
    """An officer's message to every applicant of a round, sent once."""

    round = models.ForeignKey(
        Round, verbose_name=_("grant round"), on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    token = models.UUIDField(_("form token"), unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to applicants")
        verbose_name_plural = _("messages to applicants")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        INCOME = "income", _("income")
        EXPENSE = "expense", _("expense")

    application = models.ForeignKey(
        Application,
        verbose_name=_("grant application"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    kind = models.CharField(_("income or expense"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self):
        return self.description


class ApplicationAttachment(StoredFile):
    application = models.ForeignKey(
        Application,
        verbose_name=_("grant application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    type = models.CharField(_("type"), max_length=30, choices=AttachmentType.choices)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Confidential parts are left out of public documents."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["type", "pk"]


class Reviewer(models.Model):
    """A person an officer asked to score the applications of a round (arvioija)."""

    round = models.ForeignKey(
        Round, verbose_name=_("grant round"), on_delete=models.CASCADE, related_name="reviewers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="grant_reviews",
    )
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="reviewer_once_per_round")
        ]

    def __str__(self):
        return str(self.user)


class Score(models.Model):
    """One reviewer's points (0–3) for one criterion of one application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("grant application"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="grant_scores",
    )
    criterion = models.ForeignKey(
        ScoringCriterion,
        verbose_name=_("scoring criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    points = models.PositiveSmallIntegerField(_("points"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(points__lte=3),
                name="score_points_0_to_3",
                violation_error_message=_("Points are from 0 to 3."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class UsageReport(models.Model):
    """Käyttöselvitys: what the association did with a grant, accepted by the officer."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for the officer")
        MORE_ASKED = "more_asked", _("more information asked")
        ACCEPTED = "accepted", _("accepted")

    application = models.OneToOneField(
        Application,
        verbose_name=_("grant application"),
        on_delete=models.CASCADE,
        related_name="usage_report",
    )
    what_was_done = models.TextField(_("what was done"), max_length=10000)
    money_used = models.DecimalField(
        _("money used (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    officer_comment = models.TextField(_("officer's comment"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("sent"), auto_now=True)

    class Meta:
        verbose_name = _("usage report")
        verbose_name_plural = _("usage reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(money_used__gte=0),
                name="usage_report_money_not_negative",
                violation_error_message=_("The money used cannot be negative."),
            )
        ]

    def __str__(self):
        return str(self.application)


class Payment(models.Model):
    """A payment of a grant (maksatus), one instalment of the amount granted."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("grant application"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField(_("date of payment"))
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    instalment = models.PositiveSmallIntegerField(_("instalment"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["instalment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "instalment"],
                name="payment_instalment_once",
                violation_error_message=_("This instalment has already been recorded."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("A payment must be more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.instalment}"


class ExportJob(BackgroundJob):
    """The proposed amounts of a large round, written to a file in the background."""

    round = models.ForeignKey(
        Round, verbose_name=_("grant round"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    format = models.CharField(_("format"), max_length=4)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return self.file_name or f"{self.round} ({self.format})"
