"""Totals of published grants by round, body, municipality, field of activity and the
welfare priorities (theme, age group) they were counted to serve."""

from django.db.models import Count, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kumppanuus.places.models import WelfarePriority

from .models import Application

MAX_ROWS = 30


def published_grants(year=None):
    grants = Application.objects.filter(
        published_at__isnull=False, decision=Application.Decision.GRANTED
    )
    if year:
        grants = grants.filter(published_at__year=year)
    return grants


def years() -> list[int]:
    return sorted(
        {moment.year for moment in published_grants().datetimes("published_at", "year")},
        reverse=True,
    )


def _localized(row, prefix):
    swedish = (get_language() or "fi").startswith("sv")
    return (swedish and row.get(f"{prefix}_sv")) or row.get(f"{prefix}_fi") or ""


def _rows(grants, keys, label):
    rows = list(
        grants.values(*keys)
        .annotate(count=Count("pk", distinct=True), total=Sum("granted_amount"))
        .order_by("-total", *keys)
    )
    top = max((row["total"] or 0 for row in rows), default=0)
    shown = [
        {
            "label": label(row),
            "count": row["count"],
            "total": row["total"] or 0,
            "percent": round(100 * (row["total"] or 0) / top) if top else 0,
        }
        for row in rows[:MAX_ROWS]
    ]
    return {"rows": shown, "more": max(0, len(rows) - MAX_ROWS)}


def _priority_rows(grants, field, choices):
    """Grants by a welfare priority's theme or age group: each grant once per value it was
    counted to serve (the officer's check), however many of its priorities share it."""
    pairs = (
        grants.filter(priority_links__accepted=True)
        .values_list("pk", "granted_amount", f"priority_links__priority__{field}")
        .distinct()
    )
    sums = {}
    for _pk, amount, value in pairs:
        count, total = sums.get(value, (0, 0))
        sums[value] = (count + 1, total + (amount or 0))
    top = max((total for _count, total in sums.values()), default=0)
    rows = sorted(sums.items(), key=lambda item: (-item[1][1], item[0]))
    return {
        "rows": [
            {
                "label": str(choices(value).label),
                "count": count,
                "total": total,
                "percent": round(100 * total / top) if top else 0,
            }
            for value, (count, total) in rows
        ],
        "more": 0,
    }


def totals(year=None) -> dict:
    grants = published_grants(year)
    overall = grants.aggregate(count=Count("pk"), total=Sum("granted_amount"))

    def place(row):
        if row["round__body__municipality__name_fi"]:
            return _localized(row, "round__body__municipality__name")
        return _localized(row, "round__body__county__name")

    return {
        "count": overall["count"],
        "total": overall["total"] or 0,
        "charts": [
            {
                "id": "by-round",
                "title": _("By round"),
                "dimension": _("Round"),
                **_rows(
                    grants,
                    ["round__pk", "round__name_fi", "round__name_sv"],
                    lambda row: _localized(row, "round__name"),
                ),
            },
            {
                "id": "by-body",
                "title": _("By grant-giving body"),
                "dimension": _("Grant-giving body"),
                **_rows(
                    grants,
                    ["round__body__pk", "round__body__name_fi", "round__body__name_sv"],
                    lambda row: _localized(row, "round__body__name"),
                ),
            },
            {
                "id": "by-municipality",
                "title": _("By municipality or county"),
                "dimension": _("Municipality or county"),
                **_rows(
                    grants,
                    [
                        "round__body__municipality__name_fi",
                        "round__body__municipality__name_sv",
                        "round__body__county__name_fi",
                        "round__body__county__name_sv",
                    ],
                    place,
                ),
            },
            {
                "id": "by-field",
                "title": _("By the association's field of activity"),
                "dimension": _("Field of activity"),
                "note": _("A grant counts under each field of its association."),
                **_rows(
                    grants.filter(association__fields__isnull=False),
                    ["association__fields__name_fi", "association__fields__name_sv"],
                    lambda row: _localized(row, "association__fields__name"),
                ),
            },
            {
                "id": "by-priority-theme",
                "title": _("By the theme of the welfare priorities served"),
                "dimension": _("Theme"),
                "note": _(
                    "A grant counts under each theme of the municipality's welfare priorities "
                    "that its application was counted to serve (in the welfare bonus)."
                ),
                **_priority_rows(grants, "theme", WelfarePriority.Theme),
            },
            {
                "id": "by-priority-age-group",
                "title": _("By the age group of the welfare priorities served"),
                "dimension": _("Age group"),
                "note": _(
                    "A grant counts under each age group of the welfare priorities that its "
                    "application was counted to serve."
                ),
                **_priority_rows(grants, "age_group", WelfarePriority.AgeGroup),
            },
        ],
    }


def association_history(association) -> list[dict]:
    """An association's published grants, newest year first, with each year's total."""
    grants = list(
        published_grants()
        .filter(association=association)
        .select_related("round", "round__body")
        .order_by("-published_at", "pk")
    )
    by_year = {}
    for grant in grants:
        year = grant.published_at.year
        by_year.setdefault(year, {"year": year, "grants": [], "total": 0})
        by_year[year]["grants"].append(grant)
        by_year[year]["total"] += grant.granted_amount
    return list(by_year.values())
