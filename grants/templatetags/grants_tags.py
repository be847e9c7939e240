from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()
NBSP = "\u00a0"


@register.filter
def euros(value):
    """1 234,50 € (Finnish format, a no-break space between groups and before €)."""
    if value is None or value == "":
        return "–"
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    sign = "−" if amount < 0 else ""
    return sign + NBSP.join(groups) + f",{cents}{NBSP}€"


@register.filter
def iban(value):
    """FI21 1234 5600 0007 85: the stored compact IBAN in groups of four."""
    from kumppanuus.validators import format_iban

    return format_iban(value) if value else ""
