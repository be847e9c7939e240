"""Totals of published grants by round, body, municipality, field of activity and the
welfare priorities (theme, age group) they were counted to serve.

The totals are computed once per change, not per request. Aggregating every published
grant takes a quarter of a second at national scale (40 000 grants), and the numbers
change only when decisions are published, so `aggregate(year)` (the live aggregation)
runs once per change and its result, numbers and names in both languages but no
translated text, is kept in the default cache beside the generation of the page-cache
topic TOPIC (`kumppanuus.pagecache.generation`). A request reads it and draws the
charts in its own language; when the stored generation is not the current one, the
request aggregates and stores anew, so the page never shows totals older than the last
committed change.

The topic moves on (after the transaction commits, through `changed()`):
- when decisions are published (`services.decisions_publish`), which also recomputes
  the totals of every year in the background (`tasks.refresh_statistics`), so the
  first visitor after a publication does not wait for the aggregation;
- on the other writes the numbers or labels come from (`grants/signals.py`): a
  published application saved or deleted (the admin), the welfare priorities counted
  for a published application, the fields of activity of an association with
  published grants, the names of rounds, bodies, municipalities, counties and fields
  of activity, a welfare priority's theme or age group;
- on `pagecache.invalidate()` without topics (a municipal merger, for instance).
Bulk writes that send no signals (the association import replaces the fields of
activity row by row in bulk) are caught by the next change or by STORE_SECONDS, after
which an entry is aggregated anew whatever its generation.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kumppanuus import pagecache
from kumppanuus.places.models import WelfarePriority

from .models import Application, Round

MAX_ROWS = 30
TOPIC = "grant-statistics"
STORE_SECONDS = 24 * 60 * 60


def published_grants(year=None):
    grants = Application.objects.filter(
        published_at__isnull=False, decision=Application.Decision.GRANTED
    )
    if year:
        grants = grants.filter(published_at__year=year)
    return grants


def _rows(grants, keys, names):
    """The rows of one chart, largest total first; names(row) gives (Finnish, Swedish).

    Each grant is one row of the join: the round, body and place are foreign keys, and
    an association has a field of activity once, so a plain count (grouped by hashing)
    counts each grant once per group."""
    rows = list(
        grants.values(*keys)
        .annotate(count=Count("pk"), total=Sum("granted_amount"))
        .order_by("-total", *keys)
    )
    top = max((row["total"] or 0 for row in rows), default=0)
    shown = [
        {
            "label": names(row),
            "count": row["count"],
            "total": row["total"] or 0,
            "percent": round(100 * (row["total"] or 0) / top) if top else 0,
        }
        for row in rows[:MAX_ROWS]
    ]
    return {"rows": shown, "more": max(0, len(rows) - MAX_ROWS)}


def _priority_rows(grants, field):
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
                "label": value,
                "count": count,
                "total": total,
                "percent": round(100 * total / top) if top else 0,
            }
            for value, (count, total) in rows
        ],
        "more": 0,
    }


def _pair(prefix):
    return lambda row: (row[f"{prefix}_fi"] or "", row[f"{prefix}_sv"] or "")


def _place(row):
    if row["round__body__municipality__name_fi"]:
        return _pair("round__body__municipality__name")(row)
    return _pair("round__body__county__name")(row)


def aggregate(year=None) -> dict:
    """The live aggregation of the published grants (of one year): numbers and names in
    both languages, nothing translated, so that one result serves every language."""
    grants = published_grants(year)
    overall = grants.aggregate(count=Count("pk"), total=Sum("granted_amount"))
    result = {
        "count": overall["count"],
        "total": overall["total"] or 0,
        "charts": {
            "by-round": _rows(
                grants, ["round__pk", "round__name_fi", "round__name_sv"], _pair("round__name")
            ),
            "by-body": _rows(
                grants,
                ["round__body__pk", "round__body__name_fi", "round__body__name_sv"],
                _pair("round__body__name"),
            ),
            "by-municipality": _rows(
                grants,
                [
                    "round__body__municipality__name_fi",
                    "round__body__municipality__name_sv",
                    "round__body__county__name_fi",
                    "round__body__county__name_sv",
                ],
                _place,
            ),
            "by-field": _rows(
                grants.filter(association__fields__isnull=False),
                ["association__fields__name_fi", "association__fields__name_sv"],
                _pair("association__fields__name"),
            ),
            "by-priority-theme": _priority_rows(grants, "theme"),
            "by-priority-age-group": _priority_rows(grants, "age_group"),
        },
    }
    if year is None:
        result["years"] = sorted(
            {moment.year for moment in grants.datetimes("published_at", "year")}, reverse=True
        )
    return result


def _key(year):
    return f"grant-statistics:{year or 'all'}"


def stored(year=None, *, generation=None) -> dict:
    """The aggregation of the current generation: from the cache, or computed and stored."""
    generation = generation or pagecache.generation(TOPIC)
    entry = cache.get(_key(year))
    if entry is None or entry["generation"] != generation:
        entry = {"generation": generation, "result": aggregate(year)}
        cache.set(_key(year), entry, STORE_SECONDS)
    return entry["result"]


def refresh() -> None:
    """Compute anew what is out of date: all years and each year (the background task)."""
    generation = pagecache.generation(TOPIC)
    for year in [None, *stored(None, generation=generation)["years"]]:
        stored(year, generation=generation)


def changed(*, recompute=False) -> None:
    """The published grants or the names they are counted under changed: once the
    transaction commits, the totals are out of date (recomputed in the background too,
    with recompute=True; a broker that cannot be reached leaves it to the next visitor)."""
    pagecache.invalidate(TOPIC)
    if recompute:
        transaction.on_commit(_recompute_later, robust=True)


def _recompute_later():
    from .tasks import refresh_statistics

    refresh_statistics.delay()


def _localized(names):
    fi, sv = names
    swedish = (get_language() or "fi").startswith("sv")
    return (swedish and sv) or fi or ""


def _chart_texts():
    """Each chart's id, title, the name of its dimension, a note, and how rows are named."""

    def choice(choices):
        return lambda value: str(choices(value).label)

    return [
        ("by-round", _("By round"), _("Round"), "", _localized),
        ("by-body", _("By grant-giving body"), _("Grant-giving body"), "", _localized),
        (
            "by-municipality",
            _("By municipality or county"),
            _("Municipality or county"),
            "",
            _localized,
        ),
        (
            "by-field",
            _("By the association's field of activity"),
            _("Field of activity"),
            _("A grant counts under each field of its association."),
            _localized,
        ),
        (
            "by-priority-theme",
            _("By the theme of the welfare priorities served"),
            _("Theme"),
            _(
                "A grant counts under each theme of the municipality's welfare priorities "
                "that its application was counted to serve (in the welfare bonus)."
            ),
            choice(WelfarePriority.Theme),
        ),
        (
            "by-priority-age-group",
            _("By the age group of the welfare priorities served"),
            _("Age group"),
            _(
                "A grant counts under each age group of the welfare priorities that its "
                "application was counted to serve."
            ),
            choice(WelfarePriority.AgeGroup),
        ),
    ]


def charts(result: dict) -> dict:
    """An aggregation as the page shows it, in the active language."""
    return {
        "count": result["count"],
        "total": result["total"],
        "charts": [
            {
                "id": chart_id,
                "title": title,
                "dimension": dimension,
                "note": note,
                "rows": [
                    {**row, "label": label(row["label"])}
                    for row in result["charts"][chart_id]["rows"]
                ],
                "more": result["charts"][chart_id]["more"],
            }
            for chart_id, title, dimension, note, label in _chart_texts()
        ],
    }


def association_history(association) -> list[dict]:
    """An association's published grants, newest year first, with each year's total.

    Most associations have none: the first query reads only the applications (on their
    association index, no joins, as values); the rounds' and bodies' names are read
    in a second query only when there are grants."""
    grants = list(
        published_grants()
        .filter(association=association)
        .order_by("-published_at", "pk")
        .values_list("published_at", "granted_amount", "round_id")
    )
    if not grants:
        return []
    rounds = {
        pk: (_localized(names[0:2]), _localized(names[2:4]))
        for pk, *names in Round.objects.filter(pk__in={round_id for *_, round_id in grants})
        .order_by()
        .values_list("pk", "name_fi", "name_sv", "body__name_fi", "body__name_sv")
    }
    by_year = {}
    zone = timezone.get_current_timezone()
    for published_at, amount, round_id in grants:
        year = published_at.astimezone(zone).year
        by_year.setdefault(year, {"year": year, "grants": [], "total": 0})
        by_year[year]["grants"].append(
            {
                "round_id": round_id,
                "round": rounds[round_id][0],
                "body": rounds[round_id][1],
                "granted_amount": amount,
            }
        )
        by_year[year]["total"] += amount
    return list(by_year.values())
