from html import escape

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from associations.models import Association, AssociationChange, Representation
from kumppanuus.links import url_maker

register = template.Library()

EXTRA_LABELS = {"person": _("person"), "email": _("email address"), "role": _("role")}
# History entries of these actions name people, not the association's fields.
PEOPLE_ACTIONS = {
    AssociationChange.Action.REPRESENTATIVE_ADDED,
    AssociationChange.Action.REPRESENTATIVE_REMOVED,
    AssociationChange.Action.REPRESENTATIVE_INVITED,
    AssociationChange.Action.REQUEST_APPROVED,
    AssociationChange.Action.REQUEST_REJECTED,
}


@register.filter
def field_label(name, action=""):
    """The translated label of an association field (or of a person) named in the history."""
    if action in PEOPLE_ACTIONS:
        return EXTRA_LABELS.get(name, name)
    try:
        return Association._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return EXTRA_LABELS.get(name, name)


@register.filter
def representative_role(code):
    """The translated name of a representative's role code (chair, secretary, …)."""
    try:
        return Representation.Role(code).label
    except ValueError:
        return code


@register.simple_tag
def association_cards(associations):
    """The cards of a list page (Association.objects.for_listing), built in Python.

    A directory page draws twenty of them; this is the markup of one card
    without an include, a template context and a lookup per value, every text
    escaped with html.escape (as format_html would). The links are made from
    one reversed URL.
    """
    url = url_maker("associations:detail", arity=2)
    unverified = (
        ' <span class="badge text-bg-warning fs-6 align-middle">'
        f"{escape(str(_('Not yet verified')))}</span>"
    )
    cards = []
    for association in associations:
        facts = ", ".join(association.place_names)
        if association.field_names:
            facts += " · " + ", ".join(association.field_names)
        description = ""
        if association.description:
            words = Truncator(association.description).words(30)
            description = f'<p class="mb-0">{escape(words)}</p>'
        cards.append(
            '<li class="association-card list-group-item py-3"><h2>'
            f'<a href="{escape(url(association.pk, association.slug))}">'
            f"{escape(str(association))}</a>{'' if association.is_verified else unverified}</h2>"
            f'<p class="mb-1 small">{escape(facts)}</p>{description}</li>'
        )
    return mark_safe("\n".join(cards))  # noqa: S308 (every text in the cards is escaped)
