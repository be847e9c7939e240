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
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from kumppanuus import widgets

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
