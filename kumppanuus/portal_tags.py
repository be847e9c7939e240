"""Template tags of the base template (the "portal_tags" library, registered in settings).

The site header is the same on every page but for the language, the menu's
current section, the script prefix, whether someone is logged in (and is
staff), and what is put in it on each page: the page's own address in the
language links and a logged-in person's name and CSRF token. It is drawn once
per language, section, prefix and kind of reader in each process (its text and
links change only with a deploy), with stand-ins for those three.
"""

import re
from urllib.parse import quote

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from kumppanuus import widgets

register = template.Library()

HEADER = "includes/site_header.html"
# Stand for the page's address (quoted as the urlencode filter quotes it), the logged-in
# person's name and their CSRF token in a drawn header; put in their places in one pass,
# so that none of them can bring in another's stand-in.
_NEXT_PATH = "__next_path__"
_USER = "__header_user__"
_CSRF = "__header_csrf__"
_STAND_INS = re.compile(f"{_NEXT_PATH}|{_USER}|{_CSRF}")
_headers: dict[tuple, str] = {}


class _Someone:
    """A logged-in person as the header shows them: a name to put in later."""

    is_authenticated = True

    def __init__(self, is_staff):
        self.is_staff = is_staff

    def __str__(self):
        return _USER


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    path = quote(request.get_full_path(), safe="/") if request is not None else ""
    user = context.get("user")
    person = user is not None and user.is_authenticated
    key = (
        context.get("LANGUAGE_CODE"),
        context.get("NAV_SECTION"),
        get_script_prefix(),
        person,
        person and user.is_staff,
    )
    drawn = _headers.get(key)
    if drawn is None:
        header = context.template.engine.get_template(HEADER)
        stand_ins = {"next_path": _NEXT_PATH}
        if person:
            stand_ins.update(user=_Someone(user.is_staff), csrf_token=_CSRF)
        with context.push(**stand_ins):
            drawn = _headers[key] = header.render(context)
    values = {_NEXT_PATH: path}
    if person:
        values[_USER] = str(conditional_escape(user))
        values[_CSRF] = str(conditional_escape(context.get("csrf_token") or ""))
    # Each stand-in gets its value: a quoted path, the escaped name, the token.
    return mark_safe(_STAND_INS.sub(lambda found: values[found.group()], drawn))  # noqa: S308


@receiver(setting_changed)
def _forget_headers(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _headers.clear()


@register.simple_tag
def filter_fields(fields):
    """A list page's GET filter form's fields (a form, or a list of its bound fields) in
    Bootstrap's markup: label, widget, help text and errors; a checkbox before its label.

    Drawn in Python: list pages draw it on every visit. Django adds aria-describedby
    (help text, errors) and aria-invalid (errors) to the widgets; the ids are here.
    """
    parts = []
    for field in fields:
        checkbox = field.widget_type == "checkbox"
        label = (
            f'<label for="{conditional_escape(field.id_for_label)}"'
            f' class="{"form-check-label" if checkbox else "form-label"}">'
            f"{conditional_escape(field.label)}</label>"
        )
        if checkbox:
            parts.append(f'<div class="form-check mb-3">{field}{label}')
        else:
            parts.append(f'<div class="mb-3">{label}{field}')
        if field.help_text:
            parts.append(
                f'<div id="{conditional_escape(field.auto_id)}_helptext" class="form-text">'
                f"{conditional_escape(field.help_text)}</div>"
            )
        if field.errors:
            # The widget's aria-describedby names {auto_id}_error.
            parts.append(f'<div id="{conditional_escape(field.auto_id)}_error">')
            parts.extend(
                f'<div class="invalid-feedback d-block">{conditional_escape(error)}</div>'
                for error in field.errors
            )
            parts.append("</div>")
        parts.append("</div>")
    return mark_safe("\n".join(parts))  # noqa: S308 (every text in it is escaped)


@register.filter
def form_fields(form):
    """{{ form|form_fields }}: as {{ form|crispy }}, drawn in Python (kumppanuus.widgets)."""
    return widgets.form_fields(form)
