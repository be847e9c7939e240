"""Template tags of the base template (the "portal_tags" library, registered in settings).

The site header is the same on every page for a visitor who is not logged in,
but for the language, the menu's current section, the script prefix and the
page's own address in the language links. It is drawn once per language,
section and prefix in each process (its text and links change only with a
deploy), and the address is put in its place on each page.
"""

from urllib.parse import quote

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

register = template.Library()

HEADER = "includes/site_header.html"
# Stands for the page's address (quoted as the urlencode filter quotes it) in a drawn header.
_NEXT_PATH = "__next_path__"
_headers: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    path = quote(request.get_full_path(), safe="/") if request is not None else ""
    header = context.template.engine.get_template(HEADER)
    user = context.get("user")
    if user is not None and user.is_authenticated:
        with context.push(next_path=path):
            return header.render(context)
    key = (context.get("LANGUAGE_CODE"), context.get("NAV_SECTION"), get_script_prefix())
    drawn = _headers.get(key)
    if drawn is None:
        with context.push(next_path=_NEXT_PATH):
            drawn = _headers[key] = header.render(context)
    return mark_safe(drawn.replace(_NEXT_PATH, path))  # noqa: S308 (a quoted path in a drawn header)


@receiver(setting_changed)
def _forget_headers(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _headers.clear()
