from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kumppanuus.validators import validate_plain_text


def localized(finnish, swedish):
    """A name in the reader's language: the Swedish one to Swedish readers where it exists."""
    if swedish and (get_language() or "fi").startswith("sv"):
        return swedish
    return finnish


class LocalizedNameMixin:
    """Shows name_sv to Swedish readers where it exists, name_fi otherwise."""

    @property
    def name(self):
        return localized(self.name_fi, self.name_sv)

    def __str__(self):
        return self.name


class WellbeingCounty(LocalizedNameMixin, models.Model):
    """Hyvinvointialue (or Helsinki, which arranges the services itself)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)

    class Meta:
        verbose_name = _("wellbeing services county")
        verbose_name_plural = _("wellbeing services counties")
        ordering = ["name_fi"]


class MunicipalityQuerySet(models.QuerySet):
    def current(self, today=None):
        """The municipalities in force today (or on the given day)."""
        today = today or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=today),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today),
        )


class Municipality(LocalizedNameMixin, models.Model):
    """Kunta, identified by its official three-digit code."""

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        BILINGUAL = "bilingual", _("bilingual (Finnish and Swedish)")

    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    language = models.CharField(
        _("official language"),
        max_length=10,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("Unilingual Finnish or Swedish, or bilingual, as the language act sets it."),
    )
    region_code = models.CharField(
        _("region code"),
        max_length=2,
        blank=True,
        help_text=_("The two-digit code of the region (maakunta)."),
    )
    region_name_fi = models.CharField(_("region in Finnish"), max_length=100, blank=True)
    region_name_sv = models.CharField(_("region in Swedish"), max_length=100, blank=True)
    county = models.ForeignKey(
        WellbeingCounty,
        verbose_name=_("wellbeing services county"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
        help_text=_("Empty for the municipalities of Åland, which belong to no county."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        related_name="predecessors",
        null=True,
        blank=True,
        help_text=_("The municipality that this one became part of when it ended."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{3}$"),
                name="municipality_code_three_digits",
                violation_error_message=_("A municipality code is three digits."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="municipality_valid_period",
                violation_error_message=_("The validity must start before it ends."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("associations:municipality", args=[self.code])

    @property
    def region_name(self):
        return localized(self.region_name_fi, self.region_name_sv)

    @property
    def other_name(self):
        """The name in the other national language, when it differs from the one shown."""
        other = self.name_fi if self.name == self.name_sv else self.name_sv
        return other if other and other != self.name else ""

    @property
    def has_ended(self):
        return self.valid_to is not None and self.valid_to < timezone.localdate()


class ContactPerson(models.Model):
    """Kunnan järjestöyhteyshenkilö: a person who keeps a municipality's cooperation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="contact_roles",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="contact_persons",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    public_email = models.EmailField(_("public email"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("shown publicly"),
        default=True,
        help_text=_("The person has agreed that their name and contact details are public."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("municipal contact person")
        verbose_name_plural = _("municipal contact persons")
        ordering = ["municipality__name_fi", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="contact_person_once_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.municipality})"


class WelfarePriority(models.Model):
    """A priority of the municipality's welfare report (hyvinvointikertomus) for a period.

    Grant rounds may give extra points to applications that serve these (porkkana).
    """

    class AgeGroup(models.TextChoices):
        CHILDREN = "children", _("children and families with children")
        YOUTH = "youth", _("young people")
        WORKING_AGE = "working_age", _("working-age people")
        OLDER = "older", _("older people")
        ALL = "all", _("all age groups")

    class Theme(models.TextChoices):
        HEALTH = "health", _("health")
        SERVICES = "services", _("services")
        COMMUNITY = "community", _("community and participation")
        EMPLOYMENT = "employment", _("employment")
        EXERCISE = "exercise", _("exercise and activity")
        MENTAL_HEALTH = "mental_health", _("mental health and substance abuse")
        LONELINESS = "loneliness", _("loneliness")
        SAFETY = "safety", _("safety")
        LIVING = "living", _("living environment")
        OTHER = "other", _("other")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="welfare_priorities",
    )
    title = models.CharField(_("priority"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=2000,
        help_text=_("What the municipality aims at and how associations can take part."),
    )
    age_group = models.CharField(_("age group"), max_length=20, choices=AgeGroup.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    first_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("to year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("welfare priority")
        verbose_name_plural = _("welfare priorities")
        ordering = ["-last_year", "age_group", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_year__lte=models.F("last_year")),
                name="welfare_priority_period",
                violation_error_message=_("The period must start before it ends."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_current(self) -> bool:
        return self.first_year <= timezone.localdate().year <= self.last_year


class PremisesQuerySet(models.QuerySet):
    def search(self, *, municipality=None, min_capacity=None, name=""):
        premises = self
        if municipality is not None:
            premises = premises.filter(municipality=municipality)
        if min_capacity:
            premises = premises.filter(capacity__gte=min_capacity)
        if name:
            premises = premises.filter(name__icontains=name)
        return premises


class Premises(models.Model):
    """Toimitila: a room or building the municipality offers to associations."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="premises",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_plain_text])
    address = models.CharField(_("address"), max_length=200, validators=[validate_plain_text])
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text=_("How many people fit in at once."),
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    is_free = models.BooleanField(_("free of charge for associations"), default=False)
    price = models.CharField(
        _("price"),
        max_length=200,
        blank=True,
        validators=[validate_plain_text],
        help_text=_("For example “25 € an hour, 100 € a day”. Leave empty when it is free."),
    )
    booking = models.TextField(
        _("how to book"),
        max_length=2000,
        validators=[validate_plain_text],
        help_text=_("How and how far ahead an association books the premises."),
    )
    booking_url = models.URLField(_("booking page"), blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PremisesQuerySet.as_manager()

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["municipality", "capacity"], name="premises_place_capacity")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.is_free and not self.price:
            raise ValidationError(
                {"price": _("Give the price, or mark the premises free of charge.")},
                code="price_or_free",
            )

    @property
    def accessibility(self) -> list:
        """The accessibility features it has, by their names."""
        return [
            str(self._meta.get_field(field).verbose_name)
            for field in ("step_free", "induction_loop", "accessible_toilet")
            if getattr(self, field)
        ]
