from django import template
from django.utils.html import format_html

from kumppanuus import phones

register = template.Library()


@register.filter
def phone_link(value):
    """A phone number shown in national form and linked as tel: in E.164."""
    if not value:
        return ""
    number = phones.e164(value)
    if not number:
        return value
    return format_html('<a href="tel:{}">{}</a>', number, phones.national(value))


@register.filter
def phone_e164(value):
    return phones.e164(value or "")
