from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Representation

register = template.Library()

EXTRA_LABELS = {"person": _("person"), "email": _("email address")}


@register.filter
def field_label(name):
    """The translated label of an association field named in the history."""
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
