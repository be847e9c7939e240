"""The premises' panel on the municipality's page and below its guideline's premises section."""

from django.db.models import Count, Window

from kumppanuus.compiled import CompiledQuery

from .models import Municipality, Premises

SHOWN = 5

# The first premises by name with the number of all (a window over them), compiled once.
_PREMISES = CompiledQuery(
    lambda municipality: (
        Premises.objects.filter(municipality=municipality)
        .values("name", "address", "capacity", "is_free", "price")
        .annotate(total=Window(Count("*")))
        .order_by("name", "pk")[:SHOWN]
    ),
    municipality=int,
)


def municipality_panel(request, municipality) -> dict:
    premises = _PREMISES(municipality=municipality.pk)
    count = premises[0]["total"] if premises else 0
    return {"premises": premises, "count": count, "municipality": municipality}


def guideline_panel(request, owner) -> dict | None:
    """Live data of a guideline's premises section: the municipality's premises."""
    if not isinstance(owner, Municipality):
        return None
    return {**municipality_panel(request, owner), "in_guideline": True}
