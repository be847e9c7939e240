"""The associations' panels on the front page and on the person's own page (kumppanuus.panels)."""

from django.core.cache import cache

from kumppanuus.places.models import Municipality

from .forms import DirectoryFilterForm
from .models import Association, RepresentationRequest


def home_panel(request) -> dict:
    """The directory search and its size, or how associations join an empty portal."""
    counts = cache.get("home_counts")
    if counts is None:
        counts = {
            "associations": Association.objects.public().count(),
            "municipalities": Municipality.objects.current().count(),
        }
        cache.set("home_counts", counts, 300)
    return {"counts": counts, "form": DirectoryFilterForm()}


def _unverified_for(user):
    """Registered associations waiting for this person's check: their municipalities', or all."""
    unverified = Association.objects.filter(is_verified=False).prefetch_related("municipalities")
    if not user.is_superuser:
        unverified = unverified.filter(municipalities__contact_persons__user=user).distinct()
    return unverified.order_by("created_at")[:100]


def dashboard_panel(request) -> dict:
    user = request.user
    representations = user.representations.select_related("association")
    pending = RepresentationRequest.objects.filter(
        association__representations__user=user, status=RepresentationRequest.Status.PENDING
    ).select_related("association", "user")
    # Requests to represent an association no one represents wait for the
    # contact persons of its municipalities.
    municipal_requests = (
        RepresentationRequest.objects.filter(
            status=RepresentationRequest.Status.PENDING,
            association__municipalities__contact_persons__user=user,
            association__representations__isnull=True,
        )
        .select_related("association", "user")
        .distinct()
    )
    return {
        "representations": representations,
        "contact_roles": user.contact_roles.select_related("municipality"),
        "pending_requests": pending,
        "municipal_requests": municipal_requests,
        "unverified": _unverified_for(user),
        "my_requests": user.representation_requests.filter(
            status=RepresentationRequest.Status.PENDING
        ).select_related("association"),
    }
