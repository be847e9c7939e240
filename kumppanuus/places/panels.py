"""The premises' panel on the municipality's page (kumppanuus.panels)."""

SHOWN = 5


def municipality_panel(request, municipality) -> dict:
    premises = list(municipality.premises.order_by("name", "pk")[:SHOWN])
    count = len(premises) if len(premises) < SHOWN else municipality.premises.count()
    return {"premises": premises, "count": count, "municipality": municipality}
