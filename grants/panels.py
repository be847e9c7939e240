"""Panels for the home page and the dashboard (the integrator hooks them into a registry).

Each returns the context of its template (named under "template"), or None
when there is nothing to show.
"""

from datetime import datetime
from types import SimpleNamespace

from django.db.models import Count, Q, Sum, Window
from django.utils import timezone

from kumppanuus.compiled import CompiledQuery, CompiledShapes
from kumppanuus.links import url_maker
from kumppanuus.places.models import localized

from .models import Application, GrantBody, Round

# What a panel shows of a round, as values, with the number of all the matches (a
# window over them) in the same query.
ROUND_VALUES = (
    "pk",
    "name_fi",
    "name_sv",
    "opens_at",
    "closes_at",
    "body__name_fi",
    "body__name_sv",
)


def round_rows(rows) -> list[SimpleNamespace]:
    """Rows of ROUND_VALUES with the names in the reader's language and a url."""
    url = url_maker("grants:round")
    return [
        SimpleNamespace(
            url=url(row["pk"]),
            name=localized(row["name_fi"], row["name_sv"]),
            body=localized(row["body__name_fi"], row["body__name_sv"]),
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
        )
        for row in rows
    ]


# The first five with the number of all open ones, compiled once (kumppanuus.compiled).
_HOME_ROUNDS = CompiledQuery(
    lambda now: (
        Round.objects.open_at(now)
        .values(*ROUND_VALUES)
        .annotate(total=Window(Count("*")))
        .order_by("closes_at", "pk")[:5]
    ),
    now=datetime,
)


def home_panel(request) -> dict | None:
    """The rounds that close next, for everyone."""
    rows = _HOME_ROUNDS(now=timezone.now())
    if not rows:
        return None
    return {
        "template": "grants/home_panel.html",
        "closing": round_rows(rows),
        "open_count": rows[0]["total"],
    }


def dashboard_panel(request) -> dict | None:
    """A representative's applications and an officer's rounds."""
    user = request.user
    if not user.is_authenticated:
        return None
    applications = list(
        Application.objects.filter(association__representations__user=user)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("round", "association")
        .order_by("round__closes_at", "pk")[:20]
    )
    officer_rounds = list(
        Round.objects.filter(body__officers__user=user, closes_at__gt=timezone.now() - _YEAR)
        .select_related("body")
        .annotate(
            sent=Count("applications", filter=~Q(applications__status="draft")),
            asked=Sum(
                "applications__amount_requested",
                filter=Q(applications__status__in=["submitted", "returned_for_info", "decided"]),
            ),
        )
        .order_by("closes_at")
    )
    if not applications and not officer_rounds:
        return None
    return {
        "template": "grants/dashboard_panel.html",
        "applications": applications,
        "officer_rounds": officer_rounds,
    }


_YEAR = timezone.timedelta(days=365)


def association_panel(request, association) -> dict | None:
    """The association's public grant history: published grants by year."""
    from .statistics import association_history

    years = association_history(association)
    if not years:
        return None
    return {"template": "grants/association_panel.html", "years": years}


MUNICIPALITY_SHOWN = 5


def _listed_rounds(now, bodies):
    return (
        Round.objects.listed(now)
        .filter(bodies)
        .values(*ROUND_VALUES)
        .annotate(total=Window(Count("*")))
        .order_by("opens_at", "closes_at", "pk")[:MUNICIPALITY_SHOWN]
    )


def _municipality_rounds(now, municipality, county=None):
    bodies = Q(body__municipality=municipality)
    if county is not None:
        bodies |= Q(body__county=county)
    return _listed_rounds(now, bodies)


# Open and coming rounds of the municipality's bodies, and of its county's where it has one.
_MUNICIPALITY_ROUNDS = CompiledShapes(
    _municipality_rounds, now=datetime, municipality=int, county=int
)
_HAS_BODIES = CompiledQuery(
    lambda municipality: GrantBody.objects.filter(municipality=municipality).values("pk")[:1],
    municipality=int,
)


def municipality_panel(request, municipality) -> dict:
    """Open and coming rounds of the municipality's bodies and of its county."""
    now = timezone.now()
    rows = _MUNICIPALITY_ROUNDS(
        now=now, municipality=municipality.pk, county=municipality.county_id
    )
    return {
        "rounds": round_rows(rows),
        "count": rows[0]["total"] if rows else 0,
        "filterable": bool(_HAS_BODIES(municipality=municipality.pk)),
        "municipality": municipality,
        "now": now,
    }
