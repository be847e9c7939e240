"""Panels for the front page and the dashboard (the integrator hooks them in)."""

from datetime import timedelta

from django.db.models import Count, Q, Window
from django.utils import timezone

from .models import Forum, Invitee, Meeting, forum_ids_of_municipality

HOME_MEETINGS = 5


def home_panel(request) -> dict | None:
    """The next public meetings across forums."""
    meetings = list(
        Meeting.objects.coming()
        .select_related("forum")
        .only("title", "starts_at", "ends_at", "status", "forum__name", "forum__name_sv")
        .order_by("starts_at", "pk")[:HOME_MEETINGS]
    )
    if not meetings:
        return None
    return {"template": "forums/home_panel.html", "meetings": meetings}


def dashboard_panel(request) -> dict | None:
    """A coordinator's forums with their coming meetings, missing answers and overdue minutes."""
    if not request.user.is_authenticated:
        return None
    forums = list(Forum.objects.filter(coordinators__user=request.user).order_by("name"))
    if not forums:
        return None
    now = timezone.now()
    overdue = now - timedelta(days=14)
    meetings = (
        Meeting.objects.filter(forum__in=forums)
        .filter(
            Q(ends_at__gte=now) | Q(status=Meeting.Status.HELD, minutes="", starts_at__lt=overdue)
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(missing_answers=Count("invitees", filter=Q(invitees__answer=Invitee.Answer.NONE)))
        .select_related("forum")
        .order_by("starts_at")
    )
    coming = [m for m in meetings if m.ends_at >= now]
    minutes_overdue = [m for m in meetings if m.ends_at < now]
    return {
        "template": "forums/dashboard_panel.html",
        "forums": forums,
        "coming": coming,
        "minutes_overdue": minutes_overdue,
    }


MUNICIPALITY_SHOWN = 5


def municipality_panel(request, municipality) -> dict:
    """The forums that the municipality organises or that work in it, and their next meetings."""
    ids = forum_ids_of_municipality(municipality)
    # The first forums by name with the number of all of them (a window over the matches).
    shown = list(
        Forum.objects.filter(pk__in=ids)
        .only("name", "name_sv", "kind")
        .annotate(total=Window(Count("*")))
        .order_by("name", "pk")[:MUNICIPALITY_SHOWN]
    )
    meetings = list(
        Meeting.objects.coming()
        .filter(forum__in=ids)
        .select_related("forum")
        .only("title", "starts_at", "forum__name", "forum__name_sv")
        .order_by("starts_at", "pk")[:MUNICIPALITY_SHOWN]
    )
    return {
        "forums": shown,
        "forum_count": shown[0].total if shown else 0,
        "meetings": meetings,
        "municipality": municipality,
    }
