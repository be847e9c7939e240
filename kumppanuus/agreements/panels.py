"""The agreements' panels: on the municipality's page and on the person's own page."""

from types import SimpleNamespace

from django.db.models import Count, Q, Window

from kumppanuus.compiled import CompiledQuery
from kumppanuus.links import url_maker
from kumppanuus.places.models import Municipality, localized

from .models import Agreement, Party

SHOWN = 5


def _shown(municipality):
    """The municipality's active agreements in the panel's order."""
    return Agreement.objects.active().filter(municipality=municipality).order_by("ends_on", "pk")


# The first agreements with the number of all (a window over them), and their
# associations, each compiled once (kumppanuus.compiled).
_AGREEMENTS = CompiledQuery(
    lambda municipality: (
        _shown(municipality).values("pk", "title", "ends_on").annotate(total=Window(Count("*")))
    )[:SHOWN],
    municipality=int,
)
_PARTIES = CompiledQuery(
    lambda municipality: (
        Party.objects.filter(
            agreement__in=_shown(municipality).values("pk")[:SHOWN], association__isnull=False
        )
        .values("agreement_id", "association__name", "association__name_sv")
        .order_by("agreement", "association", "pk")
    ),
    municipality=int,
)


def municipality_panel(request, municipality) -> dict:
    """The municipality's active agreements (the first few, and how many in all)."""
    rows = _AGREEMENTS(municipality=municipality.pk)
    parties = {}
    for party in _PARTIES(municipality=municipality.pk) if rows else ():
        name = localized(party["association__name"], party["association__name_sv"])
        parties.setdefault(party["agreement_id"], []).append(name)
    url = url_maker("agreements:detail")
    agreements = [
        SimpleNamespace(
            url=url(row["pk"]),
            title=row["title"],
            ends_on=row["ends_on"],
            parties=parties.get(row["pk"], []),
        )
        for row in rows
    ]
    user = request.user
    return {
        "agreements": agreements,
        "count": rows[0]["total"] if rows else 0,
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
