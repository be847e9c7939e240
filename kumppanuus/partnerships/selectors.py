"""Reads of the guidelines across a region (a wellbeing services county and its municipalities)."""

from dataclasses import dataclass

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kumppanuus.places.models import Municipality, WelfarePriority, WellbeingCounty

from .models import Guideline


def owner_to_read(model, **lookup):
    """A municipality (with its county) or a county for the public pages, with its guideline
    and the guideline's latest version (the draft left out): one query. 404 if unknown."""
    owners = model.objects.select_related("guideline__latest").defer("guideline__draft")
    if model is Municipality:
        owners = owners.select_related("county")  # the link to the region's guidelines
    return get_object_or_404(owners, **lookup)


def guideline_of(owner) -> Guideline | None:
    """The guideline that owner_to_read() fetched with its owner (None if there is none)."""
    return getattr(owner, "guideline", None)


@dataclass
class RegionRow:
    owner: object
    guideline: Guideline | None

    @property
    def latest(self):
        return self.guideline.latest if self.guideline else None

    @property
    def age_days(self):
        if self.latest is None:
            return None
        return (timezone.localdate() - timezone.localdate(self.latest.published_at)).days


# What the region's pages show of each owner, its guideline and latest version: building the
# rows' objects cost more than reading them, and the drafts and texts are long.
_REGION_FIELDS = (
    "code",
    "name_fi",
    "name_sv",
    "guideline__municipality",
    "guideline__county",
    "guideline__latest__number",
    "guideline__latest__published_at",
    "guideline__latest__empty_keys",
)


def _region_fields(sections: bool) -> tuple[str, ...]:
    return (*_REGION_FIELDS, "guideline__latest__sections") if sections else _REGION_FIELDS


def region_rows(county, order="name_fi", sections=False) -> list[RegionRow]:
    """The county first, then its municipalities in force, each with its guideline and latest
    published version: one query whatever the number of municipalities, the county coming from
    county_to_read(). The versions' texts only when asked for (sections=True)."""
    municipalities = (
        Municipality.objects.current()
        .filter(county=county)
        .select_related("guideline__latest")
        .only(*_region_fields(sections))
        .order_by(order)
    )
    rows = [RegionRow(county, guideline_of(county))]
    for municipality in municipalities:
        rows.append(RegionRow(municipality, guideline_of(municipality)))
    return rows


def county_to_read(code, sections=False):
    """The county of the region pages with its guideline and latest version: one query."""
    counties = WellbeingCounty.objects.select_related("guideline__latest")
    return get_object_or_404(counties.only(*_region_fields(sections)), code=code)


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
