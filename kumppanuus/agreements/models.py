"""Partnership agreements (kumppanuussopimukset): a municipality or the county and associations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from associations.models import Association
from kumppanuus.places.models import Municipality, WellbeingCounty
from kumppanuus.uploads import StoredFile
from kumppanuus.validators import validate_plain_text


class AgreementQuerySet(models.QuerySet):
    def public(self):
        """What everyone may read: every agreement past its draft."""
        return self.exclude(status=Agreement.Status.DRAFT)

    def active(self):
        return self.filter(status=Agreement.Status.ACTIVE)


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("agreement status", "draft")
        AGREED = "agreed", pgettext_lazy("agreement status", "agreed")
        ACTIVE = "active", pgettext_lazy("agreement status", "active")
        ENDED = "ended", pgettext_lazy("agreement status", "ended")
        TERMINATED = "terminated", pgettext_lazy("agreement status", "terminated")

    title = models.CharField(
        pgettext_lazy("heading", "title"), max_length=200, validators=[validate_plain_text]
    )
    goals = models.TextField(
        _("goals"),
        max_length=5000,
        validators=[validate_plain_text],
        help_text=_("The shared goal of the parties and what the cooperation aims at."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agreements",
        null=True,
        blank=True,
    )
    county = models.ForeignKey(
        WellbeingCounty,
        verbose_name=_("wellbeing services county"),
        on_delete=models.PROTECT,
        related_name="agreements",
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    termination_note = models.TextField(
        _("reason for terminating"), blank=True, max_length=2000, validators=[validate_plain_text]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["ends_on", "pk"]
        indexes = [models.Index(fields=["status", "ends_on"], name="agreement_status_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, county__isnull=True)
                | Q(municipality__isnull=True, county__isnull=False),
                name="agreement_municipality_or_county",
                violation_error_message=_(
                    "The public party is a municipality or a wellbeing services county, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("The agreement must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def public_body(self):
        """The municipality or the county."""
        return self.municipality or self.county

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_in_force(self):
        """Agreed or active: its dates still matter and reminders go out."""
        return self.status in (self.Status.AGREED, self.Status.ACTIVE)

    @property
    def days_left(self) -> int:
        return (self.ends_on - timezone.localdate()).days


class Party(models.Model):
    """One side of an agreement: the public body (no association) or an association."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        null=True,
        blank=True,
        help_text=_("Empty for the municipality or the county."),
    )
    responsibilities = models.TextField(
        _("responsibilities"), blank=True, max_length=5000, validators=[validate_plain_text]
    )
    money_per_year = models.DecimalField(
        _("money a year (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    premises = models.TextField(
        _("premises"), blank=True, max_length=2000, validators=[validate_plain_text]
    )
    work = models.TextField(
        _("work"),
        blank=True,
        max_length=2000,
        validators=[validate_plain_text],
        help_text=_("Work the party puts in, for example volunteer hours or staff."),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "association", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "association"], name="agreement_party_once"
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(association__isnull=True),
                name="agreement_one_public_party",
            ),
        ]

    def __str__(self):
        return str(self.association or self.agreement.public_body)

    @property
    def is_public_body(self):
        return self.association_id is None


class ReviewDate(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="reviews"
    )
    date = models.DateField(_("review date"))

    class Meta:
        verbose_name = _("review date")
        verbose_name_plural = _("review dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "date"], name="agreement_review_once")
        ]

    def __str__(self):
        return str(self.date)


class Attachment(StoredFile):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="attachments"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
