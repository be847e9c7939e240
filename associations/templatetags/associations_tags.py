from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
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
    without an include, a template context and a lookup per value. The links
    are made from one reversed URL.
    """
    url = url_maker("associations:detail", arity=2)
    unverified = format_html(
        ' <span class="badge text-bg-warning fs-6 align-middle">{}</span>', _("Not yet verified")
    )
    cards = []
    for association in associations:
        facts = ", ".join(association.place_names)
        if association.field_names:
            facts += " · " + ", ".join(association.field_names)
        description = ""
        if association.description:
            description = format_html(
                '<p class="mb-0">{}</p>', Truncator(association.description).words(30)
            )
        cards.append(
            format_html(
                '<li class="association-card list-group-item py-3"><h2><a href="{}">{}</a>{}</h2>'
                '<p class="mb-1 small">{}</p>{}</li>',
                url(association.pk, association.slug),
                association,
                "" if association.is_verified else unverified,
                facts,
                description,
            )
        )
    return mark_safe("\n".join(cards))  # noqa: S308 (each card is built by format_html)
