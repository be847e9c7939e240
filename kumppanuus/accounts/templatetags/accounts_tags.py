from django import template

from kumppanuus.accounts.roles import role_label as _role_label

register = template.Library()


@register.filter
def role_label(name):
    return _role_label(name)
