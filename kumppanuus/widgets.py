from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from kumppanuus.compiled import get_one


def _options_key(cache_key, language):
    return f"quickselect-html:{cache_key}:{language}"


def forget_options(cache_key) -> None:
    """Draw a QuickSelect's cached options anew (after its choices changed), in every language."""
    cache.delete_many([_options_key(cache_key, code) for code, _name in settings.LANGUAGES])


class QuickSelect(forms.Select):
    """A select that renders its options in Python instead of a template per option.

    Django includes a template per option; with 300 municipalities that was most
    of a page's rendering time, and the pages with the municipality filter are
    the busiest. Options carry only value, label and selected; no optgroups.

    With a cache_key the options' HTML (per language, nothing selected) is kept
    in the cache for cache_seconds, so a page neither loads 300 rows nor escapes
    300 labels to draw them; the chosen values are marked in that string.
    Validation still uses the field's queryset.
    """

    def __init__(self, attrs=None, choices=(), *, cache_key=None, cache_seconds=300):
        super().__init__(attrs, choices)
        self.cache_key = cache_key
        self.cache_seconds = cache_seconds

    def _options(self) -> str:
        """The options' HTML with nothing selected (cached with a cache_key)."""

        def joined():
            return "".join(
                f'<option value="{conditional_escape("" if value is None else value)}">'
                f"{conditional_escape(label)}</option>"
                for value, label in self.choices
            )

        if not self.cache_key:
            return joined()
        key = _options_key(self.cache_key, get_language())
        options = cache.get(key)
        if options is None:
            options = joined()
            cache.set(key, options, self.cache_seconds)
        return options

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        options = self._options()
        for chosen in {str(v) for v in self.format_value(value)}:
            option = f'<option value="{conditional_escape(chosen)}">'
            options = options.replace(option, option[:-1] + " selected>", 1)
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass


class QuickModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose chosen row is read by a CompiledQuery.

    A list page's filter form checks each chosen value (a municipality's code, a
    field's slug) against the database on every visit; Django builds that query
    anew each time. With the field's queryset the model's whole table (the
    usual case), this reads the row by a query compiled once; a queryset with
    filters, set on a form, is checked by Django as before.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        model = self.queryset.model
        if self.queryset.query.has_filters() or isinstance(value, model):
            return super().to_python(value)
        key = self.to_field_name or "pk"
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        try:
            if isinstance(field, models.IntegerField):
                chosen = int(value)
                if not -(2**63) < chosen < 2**63:
                    raise ValueError(value)
            else:
                chosen = str(value)
            found = get_one(model, using=self.queryset.db, **{key: chosen})
        except (ValueError, TypeError, model.MultipleObjectsReturned):
            found = None
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


# Django's widget templates that only include django/forms/widgets/input.html.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
        "password", "search", "tel", "text", "time", "url",
    )
)  # fmt: skip


def _string(value):
    """As the template's stringformat:'s' gives it (safe text stays safe)."""
    if isinstance(value, tuple):
        value = str(value)
    return mark_safe(str(value)) if isinstance(value, SafeData) else str(value)  # noqa: S308


def _attrs(attrs) -> str:
    """As django/forms/widgets/attrs.html draws a widget's attributes."""
    html = ""
    for name, value in attrs.items():
        if value is not False:
            html += f" {conditional_escape(name)}"
            if value is not True:
                html += f'="{conditional_escape(_string(value))}"'
    return html


_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(TemplatesSetting):
    """The form renderer (settings.FORM_RENDERER): the project's templates, as
    TemplatesSetting, but the plain <input> widgets and the selects drawn in Python.

    Every field of every form draws a widget, and the template of an <input>
    (input.html with attrs.html) cost about 40 µs a field, a select's a template
    per option; the markup is the same (tests/test_widgets.py compares the two).
    """

    def render(self, template_name, context, request=None):
        if template_name == _SELECT:
            return self._select(context["widget"]) or super().render(
                template_name, context, request
            )
        if template_name not in _INPUT_TEMPLATES:
            return super().render(template_name, context, request)
        widget = context["widget"]
        html = (
            f'<input type="{conditional_escape(widget["type"])}"'
            f' name="{conditional_escape(widget["name"])}"'
        )
        if widget["value"] is not None:
            html += f' value="{conditional_escape(_string(widget["value"]))}"'
        return html + _attrs(widget["attrs"]) + ">"

    @staticmethod
    def _select(widget) -> str | None:
        """As select.html and select_option.html draw it (None: an option of another kind)."""
        html = f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html += f'\n  <optgroup label="{conditional_escape(group_name)}">'
            for option in options:
                if option["template_name"] != _OPTION:
                    return None
                html += (
                    f'\n  <option value="{conditional_escape(_string(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html += "\n  </optgroup>"
        return html + "\n</select>"


# A form as crispy-forms' bootstrap5 pack draws it with {{ form|crispy }}, drawn in Python
# for the fields every form has (kumppanuus.portal_tags.form_fields).
_CRISPY_FIELD = "bootstrap5/field.html"
_ASTERISK = '<span class="asteriskField">*</span>'


def _crispy_classes(widget, extra: str) -> None:
    """Add to the widget's class what crispy-forms' {% crispy_field %} adds: the widget's
    class name (lowercase, through CRISPY_CLASS_CONVERTERS), then each of extra's."""
    name = type(widget).__name__.lower()
    name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(name, name)
    css = widget.attrs.get("class", "")
    if css:
        if css.find(name) == -1:
            css += f" {name}"
    else:
        css = name
    for extra_class in extra.split():
        if extra_class not in css.split():
            css += f" {extra_class}"
    widget.attrs["class"] = css


def _plain(field) -> bool:
    """A field whose markup is a label, one control, errors and help text."""
    widget = field.field.widget
    return not (
        field.is_hidden
        or field.use_fieldset
        or isinstance(
            widget, forms.CheckboxInput | forms.RadioSelect | forms.FileInput | forms.MultiWidget
        )
        or hasattr(widget, "widget")
    )


def _field_html(field) -> str:
    required = field.field.required
    parts = [f'<div id="div_{conditional_escape(field.auto_id)}" class="mb-3']
    css_classes = field.css_classes()
    if css_classes:
        parts.append(f" {conditional_escape(css_classes)}")
    parts.append('">')
    if field.label:
        label_for = f' for="{conditional_escape(field.id_for_label)}"' if field.id_for_label else ""
        parts.append(
            f'<label{label_for} class="form-label{" requiredField" if required else ""}">'
            f"{conditional_escape(field.label)}{_ASTERISK if required else ''}</label>"
        )
    control = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    _crispy_classes(field.field.widget, f"{control} is-invalid" if field.errors else control)
    parts.append(str(field))
    if field.errors:
        error_id = conditional_escape(field.errors.field_id)
        parts.append(f'<div id="{error_id}_error" class="invalid-feedback">')
        parts.extend(
            f'<p id="error_{number}_{conditional_escape(field.auto_id)}">'
            f"<strong>{conditional_escape(error)}</strong></p>"
            for number, error in enumerate(field.errors, 1)
        )
        parts.append("</div>")
    if field.help_text:
        help_id = f'id="{conditional_escape(field.auto_id)}_helptext" ' if field.auto_id else ""
        # crispy-forms marks help text safe, as Django's own form templates do.
        parts.append(f'<div {help_id}class="form-text">{field.help_text}</div>')
    parts.append("</div>")
    return "".join(parts)


def form_fields(form) -> SafeData:
    """The form's fields in the markup of crispy-forms' bootstrap5 pack.

    Text, number, email, date, select and textarea fields are drawn here (crispy's
    templates took about half a millisecond a field); checkboxes, radio buttons,
    files, fieldsets and hidden fields go through crispy's own field template.
    tests/test_widgets.py compares the two on every form of the portal.
    """
    from django.template.loader import get_template

    # Errors of the whole form are listed in the error summary above every form
    # (templates/bootstrap5/errors.html draws nothing).
    parts = []
    crispy = None
    for field in form:
        if _plain(field):
            parts.append(_field_html(field))
            continue
        if crispy is None:
            crispy = get_template(_CRISPY_FIELD)
        parts.append(
            crispy.render(
                {
                    "field": field,
                    "form_show_errors": True,
                    "form_show_labels": True,
                    "field_class": "",
                    "label_class": "",
                }
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text in it is escaped)
