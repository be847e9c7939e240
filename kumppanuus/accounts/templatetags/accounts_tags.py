from django import template

from kumppanuus.accounts.roles import invitation_role_label
from kumppanuus.accounts.roles import role_label as _role_label

register = template.Library()


@register.filter
def role_label(name):
    return _role_label(name)


@register.simple_tag
def invitation_role(role, title=""):
    """The translated name of what an invitation invites to (see roles.invitation_role_label)."""
    return invitation_role_label(role, title)
