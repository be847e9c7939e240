"""The premises' panel on the municipality's page and below its guideline's premises section."""

from .models import Municipality

SHOWN = 5


def municipality_panel(request, municipality) -> dict:
    shown = municipality.premises.only(
        "municipality", "name", "address", "capacity", "is_free", "price"
    )
    premises = list(shown.order_by("name", "pk")[:SHOWN])
    count = len(premises) if len(premises) < SHOWN else municipality.premises.count()
    return {"premises": premises, "count": count, "municipality": municipality}


def guideline_panel(request, owner) -> dict | None:
    """Live data of a guideline's premises section: the municipality's premises."""
    if not isinstance(owner, Municipality):
        return None
    return {**municipality_panel(request, owner), "in_guideline": True}
