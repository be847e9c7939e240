from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kumppanuus.places.models import Municipality, WellbeingCounty

from .sections import SECTION_KEYS, SECTIONS
from .text import clean_html, is_empty

MUNICIPALITY_KIND = "kunta"
COUNTY_KIND = "hyvinvointialue"


class Guideline(models.Model):
    """Järjestöyhteistyön ohje: one per municipality or wellbeing services county.

    Its contact persons edit the draft; publishing copies it into an immutable
    GuidelineVersion, and the public reads the latest one.
    """

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="guideline",
        null=True,
        blank=True,
    )
    county = models.OneToOneField(
        WellbeingCounty,
        verbose_name=_("wellbeing services county"),
        on_delete=models.CASCADE,
        related_name="guideline",
        null=True,
        blank=True,
    )
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    draft_version = models.PositiveIntegerField(
        _("draft version"),
        default=1,
        help_text=_("Raised on every save, so that two editors cannot overwrite each other."),
    )
    draft_updated_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("draft saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    latest = models.ForeignKey(
        "GuidelineVersion",
        verbose_name=_("latest published version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation guideline")
        verbose_name_plural = _("cooperation guidelines")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, county__isnull=True)
                | Q(municipality__isnull=True, county__isnull=False),
                name="guideline_municipality_or_county",
                violation_error_message=_(
                    "A guideline belongs to a municipality or to a wellbeing services county."
                ),
            )
        ]

    def __str__(self):
        return str(_("Cooperation guideline of %(owner)s") % {"owner": self.owner})

    def get_absolute_url(self):
        return reverse("partnerships:guideline", args=[self.kind, self.owner.code])

    @property
    def owner(self):
        return self.municipality or self.county

    @property
    def kind(self):
        return MUNICIPALITY_KIND if self.municipality_id else COUNTY_KIND

    def draft_differs_from_latest(self) -> bool:
        if self.latest is None:
            return True
        return any(
            self.draft.get(s.key, "") != self.latest.sections.get(s.key, "") for s in SECTIONS
        )


class GuidelineVersion(models.Model):
    """A published version: never changed once saved; each has a permanent link."""

    guideline = models.ForeignKey(
        Guideline, verbose_name=_("guideline"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections"), default=dict)
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("What changed and why, in a sentence or two."),
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by_name = models.CharField(_("published by"), max_length=300, blank=True)
    from_draft = models.PositiveIntegerField(
        _("from draft version"),
        help_text=_("The draft version it was published from (a second submit publishes once)."),
    )
    empty_keys = models.JSONField(
        _("empty sections"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The keys of the sections without text, noted when the version is stored."),
    )

    class Meta:
        verbose_name = _("published guideline version")
        verbose_name_plural = _("published guideline versions")
        ordering = ["guideline", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guideline", "number"], name="guideline_version_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="guideline_version_positive"),
        ]

    def __str__(self):
        return str(_("version %(number)s") % {"number": self.number})

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published version cannot be changed."), code="immutable")
        self.prepare()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        guideline = self.guideline
        return reverse(
            "partnerships:version", args=[guideline.kind, guideline.owner.code, self.number]
        )

    def prepare(self) -> None:
        """Sanitise the sections and note the empty ones, once, when the version is stored:
        the pages show the stored text as it is (bulk_create callers call this themselves)."""
        self.sections = {key: clean_html(self.sections.get(key, "")) for key in SECTION_KEYS}
        self.empty_keys = [key for key in SECTION_KEYS if is_empty(self.sections[key])]

    def empty_sections(self) -> list:
        return [s for s in SECTIONS if s.key in self.empty_keys]
