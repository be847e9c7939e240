from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kumppanuus.compiled import CompiledQuery
from kumppanuus.history.models import Change
from kumppanuus.places.models import Municipality, localized
from kumppanuus.validators import validate_iban

from .search import search_text


class ListEntry(models.Model):
    """An entry of a managed list, named in all three languages."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name_fi"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        language = (get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi


class FieldOfActivity(ListEntry):
    """Toimiala: sosiaali- ja terveys, liikunta, kulttuuri, …"""

    class Meta(ListEntry.Meta):
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")


class TargetGroup(ListEntry):
    """Kohderyhmä by age: lapset ja lapsiperheet, nuoret, työikäiset, ikäihmiset, kaikki."""

    class Meta(ListEntry.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class AssociationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True)

    def for_listing(self, ids):
        """The associations of a list page, in the order of ids, ready for its cards.

        Each is a ListedAssociation with place_names and field_names in the
        reader's language, read as plain values with the association's own in
        one compiled query (_listing_query): a card needs no related objects.
        """
        ids = list(ids)
        if not ids:
            return []
        query = _listing_query(len(ids))
        # The query takes a fixed number of ids: the first one fills the rest.
        slots = ids + ids[:1] * (query.slots - len(ids))
        rows = query.tuples(**{f"id{slot}": pk for slot, pk in enumerate(slots)})
        language = (get_language() or "fi")[:2]
        listed = {}
        relations = []
        for row in rows:
            if row[1] == _LISTED:
                owner, _kind, name, name_sv, slug, description, verified = row
                listed[owner] = ListedAssociation(
                    owner, name, name_sv, slug, description, bool(verified)
                )
            else:
                relations.append(row)
        # Places by their Finnish name, fields in the list's order (then by name):
        # rows (owner, kind, Finnish, Swedish, English, -, order).
        relations.sort(key=lambda row: (row[6], row[2]))
        for owner, kind, finnish, swedish, english, _empty, _order in relations:
            association = listed.get(owner)
            if association is None:
                continue
            if kind == _PLACE:
                association.place_names.append(localized(finnish, swedish))
            else:
                by_language = {"fi": finnish, "sv": swedish, "en": english}
                association.field_names.append(by_language.get(language) or finnish)
        return [listed[pk] for pk in ids if pk in listed]


# The kinds of rows of _listing_query.
_LISTED, _PLACE, _FIELD = 0, 1, 2
_LISTING_SLOTS = 20
_listing_queries = {}


def _listing_query(count):
    """The CompiledQuery of for_listing for up to `count` ids, rounded up to a multiple of 20.

    A UNION ALL of the associations' own columns, their municipalities' names
    and their fields' names, each row (owner, kind, a, b, c, d, n).
    """
    slots = -(-count // _LISTING_SLOTS) * _LISTING_SLOTS
    query = _listing_queries.get(slots)
    if query is None:
        names = [f"id{slot}" for slot in range(slots)]

        def build(**ids):
            ids = [ids[name] for name in names]
            empty = models.Value("", output_field=models.TextField())
            own = (
                Association.objects.filter(pk__in=ids)
                .order_by()
                .annotate(
                    owner=F("pk"),
                    kind=models.Value(_LISTED),
                    a=F("name"),
                    b=F("name_sv"),
                    c=F("slug"),
                    d=F("description"),
                    n=models.Case(
                        models.When(is_verified=True, then=models.Value(1)),
                        default=models.Value(0),
                    ),
                )
            )
            places = (
                Association.municipalities.through.objects.filter(association_id__in=ids)
                .order_by()
                .annotate(
                    owner=F("association_id"),
                    kind=models.Value(_PLACE),
                    a=F("municipality__name_fi"),
                    b=F("municipality__name_sv"),
                    c=empty,
                    d=empty,
                    n=models.Value(0),
                )
            )
            fields = (
                Association.fields.through.objects.filter(association_id__in=ids)
                .order_by()
                .annotate(
                    owner=F("association_id"),
                    kind=models.Value(_FIELD),
                    a=F("fieldofactivity__name_fi"),
                    b=F("fieldofactivity__name_sv"),
                    c=F("fieldofactivity__name_en"),
                    d=empty,
                    n=F("fieldofactivity__order"),
                )
            )
            columns = ("owner", "kind", "a", "b", "c", "d", "n")
            return (
                own.values(*columns)
                .union(places.values(*columns), fields.values(*columns), all=True)
                .order_by()
            )

        query = _listing_queries[slots] = CompiledQuery(build, **dict.fromkeys(names, int))
        query.slots = slots
    return query


class ListedAssociation:
    """An association as a list's card shows it (AssociationQuerySet.for_listing)."""

    __slots__ = (
        "pk",
        "name",
        "name_sv",
        "slug",
        "description",
        "is_verified",
        "place_names",
        "field_names",
    )

    def __init__(self, pk, name, name_sv, slug, description, is_verified):
        self.pk = pk
        self.name = name
        self.name_sv = name_sv
        self.slug = slug
        self.description = description
        self.is_verified = is_verified
        self.place_names = []
        self.field_names = []

    @property
    def localized_name(self):
        return localized(self.name, self.name_sv)

    def __str__(self):
        return self.localized_name

    def get_absolute_url(self):
        return reverse("associations:detail", args=[self.pk, self.slug])


class Association(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    slug = models.SlugField(max_length=220, editable=False, blank=True)
    is_registered = models.BooleanField(
        _("registered association"),
        default=True,
        help_text=_("An unregistered group (rekisteröimätön yhteisö) has no business ID."),
    )
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, unique=True, null=True, blank=True
    )
    register_number = models.CharField(
        _("association register number"),
        max_length=20,
        blank=True,
        help_text=_("The old number in the register of associations, if known."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities of operation"),
        related_name="associations",
        blank=True,
    )
    fields = models.ManyToManyField(
        FieldOfActivity,
        verbose_name=_("fields of activity"),
        related_name="associations",
        blank=True,
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="associations", blank=True
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    # Not public: shown to the representatives and filled into grant applications.
    bank_account = models.CharField(
        _("bank account (IBAN)"),
        max_length=34,
        blank=True,
        validators=[validate_iban],
        help_text=_("Not shown publicly; grant applications are filled with it."),
    )
    member_count = models.PositiveIntegerField(
        _("number of members"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    # An association that a person registers is checked by a contact person of
    # its municipality or an administrator; until then its pages say so.
    is_verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_("A contact person of its municipality or an administrator has checked it."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    # Made by save() from the fields above (associations.search); never edited.
    search_name = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The history of changes (kumppanuus.history), newest first.
    changes = GenericRelation(Change, related_query_name="association")

    objects = AssociationQuerySet.as_manager()

    # What a representative keeps up to date: the profile form and the history.
    PROFILE_FIELDS = [
        "name", "name_sv", "is_registered", "business_id", "register_number",
        "municipalities", "fields", "target_groups", "description", "website", "email",
        "phone", "street_address", "postal_code", "post_office", "member_count",
        "founded_year", "bank_account",
    ]  # fmt: skip
    SEARCHED_FIELDS = ["name", "name_sv", "description", "business_id"]

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="association_lower_name"),
            # The directory's order, covering: a deep page reads ids from the index alone.
            models.Index(
                Lower("name"),
                F("id"),
                name="association_public_order",
                condition=models.Q(is_active=True),
                include=["name"],
            ),
            # Counting a filtered list (up to the directory's limit) reads ids from here alone.
            models.Index(
                fields=["id"], condition=models.Q(is_active=True), name="association_active_id"
            ),
            models.Index(fields=["-created_at"], name="association_created"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(is_verified=False),
                name="association_unverified",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_registered=False) | models.Q(business_id__isnull=False),
                name="registered_association_has_business_id",
                violation_error_message=_("A registered association needs a business ID."),
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1800, founded_year__lte=2100),
                name="association_founded_year_range",
                violation_error_message=_("The year founded must be between 1800 and 2100."),
            ),
        ]

    def __str__(self):
        return self.localized_name

    def save(self, *args, **kwargs):
        self.slug = slugify(self.name)[:220] or "yhdistys"
        self.update_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "slug", "search_name", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("associations:detail", args=[self.pk, self.slug])

    def update_search_text(self):
        """Fill search_name and search_text from the searched fields (bulk_create calls this)."""
        self.search_name = search_text(self.name, self.name_sv)
        self.search_text = search_text(
            self.name, self.name_sv, self.description, business_id=self.business_id
        )

    @property
    def localized_name(self):
        return localized(self.name, self.name_sv)


class Representation(models.Model):
    """A person who may act for an association (yhdistyksen yhteyshenkilö)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        SECRETARY = "secretary", _("secretary")
        TREASURER = "treasurer", _("treasurer")
        CONTACT = "contact", _("contact person")
        MEMBER = "member", _("board member")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTACT)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["association", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user"], name="representation_once_per_association"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.association} ({self.get_role_display()})"


class RepresentationRequest(models.Model):
    """A person asks to represent an association; a representative or an admin decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="representation_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="representation_requests",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Representation.Role.choices,
        default=Representation.Role.CONTACT,
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("request to represent")
        verbose_name_plural = _("requests to represent")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.association}"


class AssociationChangeManager(models.Manager):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(content_type=ContentType.objects.get_for_model(Association))
        )


class AssociationChange(Change):
    """The history of associations, kept in the portal's one history of changes."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        REPRESENTATIVE_ADDED = "representative_added", _("representative added")
        REPRESENTATIVE_REMOVED = "representative_removed", _("representative removed")
        REPRESENTATIVE_INVITED = "representative_invited", _("representative invited")
        REQUEST_APPROVED = "request_approved", _("request to represent approved")
        REQUEST_REJECTED = "request_rejected", _("request to represent rejected")
        IMPORTED = "imported", _("imported from a file")

    objects = AssociationChangeManager()

    class Meta:
        proxy = True
        verbose_name = _("change")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-pk"]

    def get_action_display(self):
        return self.action_label


class ImportJob(models.Model):
    """An import of a file, run in the background; the page shows its progress and report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+"
    )
    # Private storage under a random name; deleted when the import has run.
    file = models.FileField(_("file"), max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    dry_run = models.BooleanField(_("check only"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED)
