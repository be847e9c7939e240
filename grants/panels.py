"""Panels for the home page and the dashboard (the integrator hooks them into a registry).

Each returns the context of its template (named under "template"), or None
when there is nothing to show.
"""

from django.db.models import Count, Q, Sum, Window
from django.utils import timezone

from .models import Application, Round


def home_panel(request) -> dict | None:
    """The rounds that close next, for everyone."""
    # The first five with the number of all open ones (a window over the matches), in one query.
    closing = list(
        Round.objects.open_at(timezone.now())
        .select_related("body")
        .only("name_fi", "name_sv", "closes_at", "body__name_fi", "body__name_sv")
        .annotate(open_count=Window(Count("*")))
        .order_by("closes_at", "pk")[:5]
    )
    if not closing:
        return None
    return {
        "template": "grants/home_panel.html",
        "closing": closing,
        "open_count": closing[0].open_count,
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


def municipality_panel(request, municipality) -> dict:
    """Open and coming rounds of the municipality's bodies and of its county."""
    bodies = Q(body__municipality=municipality)
    if municipality.county_id:
        bodies |= Q(body__county=municipality.county_id)
    listed = Round.objects.listed().filter(bodies)
    rounds = list(
        listed.select_related("body").order_by("opens_at", "closes_at", "pk")[:MUNICIPALITY_SHOWN]
    )
    return {
        "rounds": rounds,
        "count": len(rounds) if len(rounds) < MUNICIPALITY_SHOWN else listed.count(),
        "filterable": municipality.grant_bodies.exists(),
        "municipality": municipality,
        "now": timezone.now(),
    }
