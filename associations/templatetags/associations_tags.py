from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from associations.models import Association, AssociationChange, Representation

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
