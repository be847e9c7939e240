"""Totals of published grants by round, body, municipality and field of activity."""

from django.db.models import Count, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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
