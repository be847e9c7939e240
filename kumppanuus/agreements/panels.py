"""The agreements' panels: on the municipality's page and on the person's own page."""

from django.db.models import Prefetch, Q

from kumppanuus.places.models import Municipality

from .models import Agreement, Party

SHOWN = 5


def municipality_panel(request, municipality) -> dict:
    """The municipality's active agreements (the first few, and how many in all)."""
    active = Agreement.objects.active().filter(municipality=municipality)
    # Only what the panel shows: the fields of a row cost more to build than to read.
    parties = Party.objects.select_related("association").only(
        "agreement", "association__name", "association__name_sv"
    )
    agreements = list(
        active.prefetch_related(Prefetch("parties", queryset=parties))
        .only("title", "ends_on")
        .order_by("ends_on", "pk")[:SHOWN]
    )
    count = len(agreements) if len(agreements) < SHOWN else active.count()
    user = request.user
    return {
        "agreements": agreements,
        "count": count,
        "municipality": municipality,
        "can_manage": user.is_authenticated
        and user.has_perm("places.manage_municipality", municipality),
    }


def guideline_panel(request, owner) -> dict | None:
    """Live data of a guideline's agreements section: the municipality's active agreements."""
    if not isinstance(owner, Municipality):
        return None
    return {**municipality_panel(request, owner), "in_guideline": True}


def dashboard_panel(request) -> dict | None:
    """Drafts waiting for the person's acceptance for one of their parties."""
    user = request.user
    if not user.is_authenticated:
        return None
    waiting = list(
        Party.objects.filter(agreement__status=Agreement.Status.DRAFT, accepted_at__isnull=True)
        .filter(
            Q(association__representations__user=user)
            | Q(association__isnull=True, agreement__municipality__contact_persons__user=user)
        )
        .select_related("agreement", "agreement__municipality", "association")
        .distinct()
        .order_by("agreement__starts_on", "pk")[:20]
    )
    if not waiting:
        return None
    return {"waiting": waiting}
