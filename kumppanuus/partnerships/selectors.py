"""Reads of the guidelines across a region (a wellbeing services county and its municipalities)."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from kumppanuus.places.models import Municipality, WelfarePriority

from .models import Guideline


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


def region_rows(county, order="name_fi") -> list[RegionRow]:
    """The county first, then its municipalities in force, each with its guideline and latest
    published version: two queries whatever the number of municipalities."""
    municipalities = (
        Municipality.objects.current()
        .filter(county=county)
        .select_related("guideline__latest")
        .order_by(order)
    )
    county_guideline = Guideline.objects.filter(county=county).select_related("latest").first()
    rows = [RegionRow(county, county_guideline)]
    for municipality in municipalities:
        rows.append(RegionRow(municipality, getattr(municipality, "guideline", None)))
    return rows


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
