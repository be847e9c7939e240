"""The year view: application periods of a year across departments, per municipality.

A county's rounds show under each municipality of the county (as on the
listing), so that a municipality's row group shows every period its
associations can apply in.
"""

from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kumppanuus.places.models import Municipality

from .models import Round


def month_names() -> list[str]:
    return [str(MONTHS[number]) for number in range(1, 13)]


def _moment(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))


def _months_covered(round: Round, year: int) -> list[bool]:
    months = []
    for month in range(1, 13):
        start = _moment(date(year, month, 1))
        end = _moment(date(year + (month == 12), month % 12 + 1, 1))
        months.append(round.opens_at < end and round.closes_at > start)
    return months


def _summary(rounds: list) -> tuple[str, bool]:
    """A sentence on how harmonised the closing months are, and whether they are."""
    closing = sorted({timezone.localtime(r.closes_at).month for r in rounds})
    if len(rounds) < 2:
        return _("One application period."), True
    names = month_names()
    if len(closing) == 1:
        return (
            _("Harmonised: all %(count)s periods close in %(month)s.")
            % {"count": len(rounds), "month": names[closing[0] - 1]},
            True,
        )
    return (
        ngettext(
            "Scattered: the %(count)s periods close in %(months)s different month (%(names)s).",
            "Scattered: the %(count)s periods close in %(months)s different months (%(names)s).",
            len(closing),
        )
        % {
            "count": len(rounds),
            "months": len(closing),
            "names": ", ".join(names[m - 1] for m in closing),
        },
        False,
    )


def year_groups(year: int, municipality: Municipality | None = None) -> list[dict]:
    """[{municipality, rows: [{round, months, text}], counts, summary, harmonised}]."""
    start, end = _moment(date(year, 1, 1)), _moment(date(year + 1, 1, 1))
    rounds = list(
        Round.objects.filter(opens_at__lt=end, closes_at__gt=start)
        .select_related("body", "body__municipality", "body__county")
        .order_by("opens_at", "pk")
    )
    municipal = {}
    county_rounds = {}
    for round in rounds:
        if round.body.municipality_id:
            municipal.setdefault(round.body.municipality_id, []).append(round)
        else:
            county_rounds.setdefault(round.body.county_id, []).append(round)
    places = Municipality.objects.filter(
        Q(pk__in=list(municipal)) | Q(county__in=list(county_rounds))
    ).order_by("name_fi")
    if municipality is not None:
        places = places.filter(pk=municipality.pk)
    groups = []
    for place in places:
        own = municipal.get(place.pk, []) + county_rounds.get(place.county_id, [])
        if not own:
            continue
        own.sort(key=lambda r: (r.opens_at, r.pk))
        rows = []
        for round in own:
            months = _months_covered(round, year)
            rows.append(
                {
                    "round": round,
                    "months": months,
                    "text": _("open %(opens)s – %(closes)s")
                    % {
                        "opens": timezone.localtime(round.opens_at).strftime("%-d.%-m.%Y"),
                        "closes": timezone.localtime(round.closes_at).strftime("%-d.%-m.%Y"),
                    },
                }
            )
        counts = [sum(row["months"][m] for row in rows) for m in range(12)]
        summary, harmonised = _summary(own)
        groups.append(
            {
                "municipality": place,
                "rows": rows,
                "counts": counts,
                "summary": summary,
                "harmonised": harmonised,
            }
        )
    return groups
