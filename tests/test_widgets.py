"""The form renderer draws the plain <input> widgets in Python, exactly as Django's templates."""

import copy
import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kumppanuus.widgets import _INPUT_TEMPLATES, FormRenderer

pytestmark = pytest.mark.django_db

WIDGETS = [
    forms.TextInput(attrs={"class": "form-control", "type": "search", "maxlength": 200}),
    forms.EmailInput(attrs={"autocomplete": "email", "placeholder": gettext_lazy("Email")}),
    forms.NumberInput(attrs={"min": 0, "step": Decimal("0.01")}),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.URLInput(),
    forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    forms.CheckboxInput(attrs={"class": "form-check-input"}),
    forms.TextInput(attrs={"required": True, "disabled": False, "data-x": mark_safe("<b>")}),
]
VALUES = [None, "", "Liperin <Liikunta> & \"seura\" 'ry'", 0, 12, Decimal("3.50"), True, False]
VALUES += [datetime.date(2026, 11, 25), datetime.datetime(2026, 11, 25, 13, 5, tzinfo=datetime.UTC)]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
def test_inputs_are_drawn_as_djangos_templates_draw_them(widget):
    assert widget.template_name in _INPUT_TEMPLATES
    for value in VALUES:
        for attrs in ({}, {"id": "id_x", "aria-describedby": "id_x_helptext"}, {"autofocus": True}):
            ours = widget.render("kentta", value, attrs=attrs, renderer=FormRenderer())
            django = widget.render("kentta", value, attrs=attrs, renderer=TemplatesSetting())
            assert ours == django, (value, attrs)


SELECTS = [
    forms.Select(choices=[("a", "A <b>"), ("", "---------"), (1, "Yksi"), (None, "Ei")]),
    forms.Select(
        choices=[("Ryhmä <1>", [("a", "A"), ("b", "B & C")]), ("c", "C"), ("Toinen", [(2, "2")])],
        attrs={"class": "form-select", "aria-describedby": "id_s_helptext", "required": True},
    ),
    forms.SelectMultiple(choices=[("a", "A"), ("b", mark_safe("<i>B</i>")), ("c", "C")]),
    forms.NullBooleanSelect(),
    forms.Select(choices=[]),
]


@pytest.mark.parametrize("widget", SELECTS, ids=lambda widget: type(widget).__name__)
def test_selects_are_drawn_as_djangos_templates_draw_them(widget):
    values = [None, "", "a", 1, 2, True, False, "unknown", "<b>"]
    if widget.allow_multiple_selected:
        values.append(["a", "c"])
    for value in values:
        for attrs in ({}, {"id": "id_s"}, {"disabled": True, "data-x": '"y"'}):
            ours = widget.render("valinta", value, attrs=attrs, renderer=FormRenderer())
            django = widget.render("valinta", value, attrs=attrs, renderer=TemplatesSetting())
            assert ours == django, (value, attrs)


def test_other_widgets_keep_their_templates():
    radios = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    assert radios.render("r", "b", renderer=FormRenderer()) == radios.render(
        "r", "b", renderer=TemplatesSetting()
    )


def test_a_filter_forms_error_and_help_text_are_named_by_their_field(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/kalenteri/", {"month": "2026-13", "q": "<b>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_month_error" id="id_month"' in html
    error = html.index('<div id="id_month_error">')
    assert html.index("Syötä oikea päivämäärä.", error) < html.index("</form>")
    assert 'aria-describedby="id_q_helptext" id="id_q"' in html and 'id="id_q_helptext"' in html
    assert 'value="&lt;b&gt;"' in html
    assert '<label for="id_kind" class="form-label">Tapaamisen laji</label><select' in html


def _dom(html: str) -> list[tuple]:
    """The markup's tags with their attributes and its texts, whitespace collapsed:
    what two drawings of a form must share (crispy-forms leaves blank lines between tags)."""
    from html.parser import HTMLParser

    found = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(("start", tag, tuple(attrs)))

        def handle_endtag(self, tag):
            found.append(("end", tag))

        def handle_data(self, data):
            text = " ".join(data.split())
            if text:
                found.append(("text", text))

    Reader(convert_charrefs=True).feed(html)
    return found


def _portal_forms() -> list[type]:
    import importlib
    import inspect

    from django.apps import apps

    found = []
    for app in apps.get_app_configs():
        if app.module.__file__ is None or "site-packages" in app.module.__file__:
            continue
        try:
            module = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == module.__name__
        ]
    return found


def _forms_to_draw():
    """Each form of the portal, as a maker of fresh instances: empty, sent empty and sent
    with nonsense (errors on every field that checks anything). Forms that need their
    object get one from the factories."""
    from associations.forms import InviteRepresentativeForm, RepresentationRequestForm
    from kumppanuus.places.forms import InviteContactPersonForm
    from tests import factories

    association = factories.make_association()
    user = factories.make_user()
    needs = {
        InviteRepresentativeForm: {"association": association, "invited_by": user},
        RepresentationRequestForm: {"association": association, "user": user},
        InviteContactPersonForm: {
            "municipality": factories.make_municipality(),
            "invited_by": user,
        },
    }
    nonsense = {"email": "ei-osoite", "name": "x" * 500, "amount": "-1", "month": "joulukuu"}
    drawn = 0
    for form_class in _portal_forms():
        kwargs = needs.get(form_class, {})
        try:
            form_class(**kwargs)
        except TypeError:
            continue  # It needs an object of its own: its page's tests draw it.
        drawn += 1
        for data in (None, {}, nonsense):
            yield lambda form_class=form_class, data=data, kwargs=kwargs: form_class(data, **kwargs)
    assert drawn >= 45


def test_every_portal_form_is_drawn_as_crispy_forms_draws_it(db):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    from kumppanuus.widgets import form_fields

    for make in _forms_to_draw():
        ours = make()
        # A copy: crispy-forms adds its classes to the widgets it draws.
        theirs = copy.deepcopy(ours)
        drawn = _dom(form_fields(ours))
        assert drawn == _dom(as_crispy_form(theirs)), type(ours).__name__
