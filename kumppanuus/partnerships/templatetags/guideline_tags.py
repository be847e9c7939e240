from django import template
from django.utils.safestring import mark_safe

from ..text import clean_html

register = template.Library()


@register.filter
def section_html(value):
    """Section text as markup: it was sanitised on save, and is again on the way out."""
    return mark_safe(clean_html(value or ""))  # noqa: S308 (nh3 removed everything unsafe)
