"""Reads of the guidelines across a region (a wellbeing services county and its municipalities)."""

from dataclasses import dataclass
from datetime import date

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from kumppanuus.compiled import CompiledQuery
from kumppanuus.places.models import Municipality, WelfarePriority, WellbeingCounty, localized

from .models import COUNTY_KIND, MUNICIPALITY_KIND, Guideline, GuidelineVersion


def _columns(model, prefix="", leave_out=()) -> list[tuple[str, str]]:
    """(values() path, attname) of the model's concrete fields, each path under prefix."""
    return [
        (prefix + field.name, field.attname)
        for field in model._meta.concrete_fields
        if field.name not in leave_out
    ]


def _owner_query(model):
    """The owner by its code with its guideline (the draft left out) and latest version, and
    a municipality's county, as values: what owner_to_read() makes instances of."""
    columns = {
        "owner": _columns(model),
        "guideline": _columns(Guideline, "guideline__", leave_out=("draft",)),
        "latest": _columns(GuidelineVersion, "guideline__latest__"),
    }
    if model is Municipality:
        columns["county"] = _columns(WellbeingCounty, "county__")
    paths = [path for fields in columns.values() for path, _attname in fields]
    query = CompiledQuery(
        lambda code: model.objects.filter(code=code).values(*paths).order_by()[:1], code=str
    )
    return query, columns


# One compiled query (kumppanuus.compiled) for each kind of owner.
_OWNERS = {model: _owner_query(model) for model in (Municipality, WellbeingCounty)}


def _instance(model, row, fields, using):
    """The model instance of the row's values of fields (None if its pk is None), as a query
    with only() would give it."""
    values = [row[path] for path, _attname in fields]
    if values[[attname for _path, attname in fields].index(model._meta.pk.attname)] is None:
        return None
    return model.from_db(using, [attname for _path, attname in fields], values)


def owner_to_read(model, code, using=DEFAULT_DB_ALIAS):
    """A municipality (with its county) or a county for the public pages, with its guideline
    and the guideline's latest version (the draft left out), as select_related() would give
    them: one query. 404 if unknown."""
    query, columns = _OWNERS[model]
    rows = query(code=code, using=using)
    if not rows:
        raise Http404
    row = rows[0]
    owner = _instance(model, row, columns["owner"], using)
    if model is Municipality:
        county = _instance(WellbeingCounty, row, columns["county"], using)
        Municipality.county.field.set_cached_value(owner, county)
    guideline = _instance(Guideline, row, columns["guideline"], using)
    model.guideline.related.set_cached_value(owner, guideline)
    if guideline is not None:
        owner_field = Guideline.municipality if model is Municipality else Guideline.county
        owner_field.field.set_cached_value(guideline, owner)
        latest = _instance(GuidelineVersion, row, columns["latest"], using)
        Guideline.latest.field.set_cached_value(guideline, latest)
    return owner


def guideline_of(owner) -> Guideline | None:
    """The guideline that owner_to_read() fetched with its owner (None if there is none)."""
    return getattr(owner, "guideline", None)


@dataclass
class RegionVersion:
    """What the region's pages show of a guideline's latest published version."""

    number: int
    published_at: object
    empty_keys: list
    sections: dict | None = None


@dataclass
class RegionRow:
    """An owner (the county or a municipality) of the region's pages, read as values: its name
    in the reader's language (``owner``), its code, whether it has a guideline and the
    guideline's latest published version (None if none is published)."""

    pk: int
    owner: str
    code: str
    kind: str
    has_guideline: bool
    latest: RegionVersion | None

    def __str__(self):
        return self.owner


# What the region's pages show of each owner, its guideline and latest version: values, as
# building the rows' objects cost more than reading them, and the drafts and texts are long.
_REGION_FIELDS = (
    "pk",
    "code",
    "name_fi",
    "name_sv",
    "guideline__pk",
    "guideline__latest__number",
    "guideline__latest__published_at",
    "guideline__latest__empty_keys",
)


def _region_fields(sections: bool) -> tuple[str, ...]:
    return (*_REGION_FIELDS, "guideline__latest__sections") if sections else _REGION_FIELDS


def _counties(sections):
    return CompiledQuery(
        lambda code: (
            WellbeingCounty.objects.filter(code=code)
            .values(*_region_fields(sections))
            .order_by()[:1]
        ),
        code=str,
    )


def _municipalities(order, sections):
    return CompiledQuery(
        lambda county, today: (
            Municipality.objects.current(today)
            .filter(county=county)
            .values(*_region_fields(sections))
            .order_by(order)
        ),
        county=int,
        today=date,
    )


# One compiled query per shape (kumppanuus.compiled): with or without the texts, and for the
# municipalities in either language's order.
_COUNTY = {sections: _counties(sections) for sections in (False, True)}
_MUNICIPALITIES = {
    (order, sections): _municipalities(order, sections)
    for order in ("name_fi", "name_sv")
    for sections in (False, True)
}


def _region_row(values, kind, sections) -> RegionRow:
    latest = None
    if values["guideline__latest__number"] is not None:
        latest = RegionVersion(
            values["guideline__latest__number"],
            values["guideline__latest__published_at"],
            values["guideline__latest__empty_keys"],
            values["guideline__latest__sections"] if sections else None,
        )
    return RegionRow(
        values["pk"],
        localized(values["name_fi"], values["name_sv"]),
        values["code"],
        kind,
        values["guideline__pk"] is not None,
        latest,
    )


def region_rows(county, order="name_fi", sections=False) -> list[RegionRow]:
    """The county first, then its municipalities in force, each with its guideline and latest
    published version: one query whatever the number of municipalities, the county coming from
    county_to_read(). The versions' texts only when asked for (sections=True)."""
    municipalities = _MUNICIPALITIES[order, sections](county=county.pk, today=timezone.localdate())
    rows = [county]
    rows += [_region_row(values, MUNICIPALITY_KIND, sections) for values in municipalities]
    return rows


def county_to_read(code, sections=False) -> RegionRow:
    """The county of the region pages with its guideline and latest version, as the first row
    of region_rows() (its str() the county's name): one query. 404 if unknown."""
    counties = _COUNTY[sections](code=code)
    if not counties:
        raise Http404
    return _region_row(counties[0], COUNTY_KIND, sections)


@dataclass
class Bar:
    value: str
    label: str
    count: int
    percent: float


def priority_counts(county, year=None):
    """Current welfare priorities of the county's municipalities by age group and by theme.

    Returns (age-group bars, theme bars, table rows by theme with a count per age group,
    column totals, total); one query.
    """
    year = year or timezone.localdate().year
    counts = (
        WelfarePriority.objects.filter(
            municipality__county=county, first_year__lte=year, last_year__gte=year
        )
        .values("age_group", "theme")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(row["age_group"], row["theme"]): row["n"] for row in counts}
    ages = WelfarePriority.AgeGroup.choices
    themes = WelfarePriority.Theme.choices
    by_age = {age: sum(n for (a, _t), n in cells.items() if a == age) for age, _l in ages}
    by_theme = {theme: sum(n for (_a, t), n in cells.items() if t == theme) for theme, _l in themes}
    total = sum(cells.values())

    def bars(totals, choices):
        top = max(totals.values(), default=0) or 1
        return [
            Bar(value, label, totals[value], round(100 * totals[value] / top, 1))
            for value, label in choices
        ]

    table = [
        (label, [cells.get((age, theme), 0) for age, _l in ages], by_theme[theme])
        for theme, label in themes
        if by_theme[theme]
    ]
    return bars(by_age, ages), bars(by_theme, themes), table, [by_age[a] for a, _l in ages], total
