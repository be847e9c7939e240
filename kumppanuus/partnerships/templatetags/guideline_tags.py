from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def section_html(value):
    """A published section's text as markup: GuidelineVersion.prepare() sanitised it when the
    version was stored (every version is, migration 0002 included), so it is shown as it is."""
    return mark_safe(value or "")  # noqa: S308 (nh3 removed everything unsafe when stored)
