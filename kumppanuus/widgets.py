from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


class QuickSelect(forms.Select):
    """A select that renders its options in Python instead of a template per option.

    Django includes a template per option; with 300 municipalities that was most
    of a page's rendering time, and the pages with the municipality filter are
    the busiest. Options carry only value, label and selected; no optgroups.

    With a cache_key the options (values and labels, per language) are kept in
    the cache for cache_seconds, so a page does not load 300 rows to draw them;
    validation still uses the field's queryset.
    """

    def __init__(self, attrs=None, choices=(), *, cache_key=None, cache_seconds=300):
        super().__init__(attrs, choices)
        self.cache_key = cache_key
        self.cache_seconds = cache_seconds

    def _options(self):
        def escaped():
            return [
                ("" if value is None else str(value), conditional_escape(label))
                for value, label in self.choices
            ]

        if not self.cache_key:
            return escaped()
        key = f"quickselect:{self.cache_key}:{get_language()}"
        options = cache.get(key)
        if options is None:
            options = escaped()
            cache.set(key, options, self.cache_seconds)
        return options

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        parts = [f"<select{flatatt(final_attrs)}>"]
        for text, label in self._options():
            mark = " selected" if text in selected else ""
            parts.append(f'<option value="{conditional_escape(text)}"{mark}>{label}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass
