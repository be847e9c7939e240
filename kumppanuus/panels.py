"""Panels that feature apps add to the front page and to the person's own page.

The project's pages sit in the bottom layer and know no feature app. An app
registers its panels in its AppConfig.ready():

    register_home_panel("forums", template="forums/home_panel.html",
                        context=panels.home_panel, order=30, topics=("forums",))
    register_dashboard_panel("forums", template="forums/dashboard_panel.html",
                             context=panels.dashboard_panel, order=30)

``context(request)`` returns the template's context (also given to it as
``panel``), or None to show nothing.
A page about one object (an association's public page) shows the panels
registered for it with ``register_object_panel("association", name, template=…,
context=…, order=…, topics=…)``; there ``context(request, obj)`` is given the
object, and the page's cache follows ``object_topics("association")``.
Panels appear by ``order`` (the layers: associations 20, forums 30, grants 40,
partnerships 50). A front-page panel names the page-cache topics it shows, so
the cached front page is refreshed when they change.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

HOME = "home"
DASHBOARD = "dashboard"


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable
    order: int = 100
    topics: tuple[str, ...] = ()


_panels: dict[str, dict[str, Panel]] = {HOME: {}, DASHBOARD: {}}
_object_panels: dict[str, dict[str, Panel]] = {}


def register_home_panel(name: str, *, template: str, context: Callable, order=100, topics=()):
    _panels[HOME][name] = Panel(name, template, context, order, tuple(topics))


def register_dashboard_panel(name: str, *, template: str, context: Callable, order=100):
    _panels[DASHBOARD][name] = Panel(name, template, context, order)


def home_topics() -> tuple[str, ...]:
    return tuple(sorted({topic for panel in _panels[HOME].values() for topic in panel.topics}))


def render_panels(request, page: str) -> list[SafeString]:
    """The page's panels that have something to show, rendered in order."""
    rendered = []
    for panel in sorted(_panels[page].values(), key=lambda panel: (panel.order, panel.name)):
        context = panel.context(request)
        if context is not None:
            # The template sees the context's keys, and the whole of it as `panel`.
            context = {**context, "panel": context}
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered


def register_object_panel(
    page: str, name: str, *, template: str, context: Callable, order=100, topics=()
):
    _object_panels.setdefault(page, {})[name] = Panel(name, template, context, order, tuple(topics))


def object_topics(page: str) -> tuple[str, ...]:
    panels = _object_panels.get(page, {}).values()
    return tuple(sorted({topic for panel in panels for topic in panel.topics}))


def render_object_panels(request, page: str, obj) -> list[SafeString]:
    """The panels of a page about obj that have something to show, rendered in order."""
    rendered = []
    panels = sorted(_object_panels.get(page, {}).values(), key=lambda p: (p.order, p.name))
    for panel in panels:
        context = panel.context(request, obj)
        if context is not None:
            context = {**context, "panel": context}
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered
