"""Panels that feature apps add to the front page and to the person's own page.

The project's pages sit in the bottom layer and know no feature app. An app
registers its panels in its AppConfig.ready():

    register_home_panel("forums", template="forums/home_panel.html",
                        context=panels.home_panel, order=30, topics=("forums",))
    register_dashboard_panel("forums", template="forums/dashboard_panel.html",
                             context=panels.dashboard_panel, order=30)

``context(request)`` returns the template's context (also given to it as
``panel``), or None to show nothing.
Panels appear by ``order`` (the layers: associations 20, forums 30, grants 40,
partnerships 50). A front-page panel names the page-cache topics it shows, so
the cached front page is refreshed when they change.

The municipality's public page (its cooperation home, in the associations
app) shows the panels registered for it; their ``context(request,
municipality)`` also gets the municipality:

    register_municipality_panel("forums", template="forums/municipality_panel.html",
                                context=panels.municipality_panel, order=30,
                                topics=("forums",))

Its order: the cooperation guideline 10, forums 30, grants 40, agreements
60, premises 70; the page's own contact persons and welfare priorities come
before the panels and its associations after them. Each panel runs a fixed
number of queries, however much its municipality has, and links to the full
list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

HOME = "home"
DASHBOARD = "dashboard"
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable
    order: int = 100
    topics: tuple[str, ...] = ()


_panels: dict[str, dict[str, Panel]] = {HOME: {}, DASHBOARD: {}, MUNICIPALITY: {}}


def register_home_panel(name: str, *, template: str, context: Callable, order=100, topics=()):
    _panels[HOME][name] = Panel(name, template, context, order, tuple(topics))


def register_dashboard_panel(name: str, *, template: str, context: Callable, order=100):
    _panels[DASHBOARD][name] = Panel(name, template, context, order)


def register_municipality_panel(
    name: str, *, template: str, context: Callable, order=100, topics=()
):
    """A panel of the municipality's page; ``context(request, municipality)``."""
    _panels[MUNICIPALITY][name] = Panel(name, template, context, order, tuple(topics))


def _topics(page: str) -> tuple[str, ...]:
    return tuple(sorted({topic for panel in _panels[page].values() for topic in panel.topics}))


def home_topics() -> tuple[str, ...]:
    return _topics(HOME)


def municipality_topics() -> tuple[str, ...]:
    return _topics(MUNICIPALITY)


def render_panels(request, page: str, *args) -> list[SafeString]:
    """The page's panels that have something to show, rendered in order.

    ``args`` go to each panel's context after the request (the municipality).
    """
    rendered = []
    for panel in sorted(_panels[page].values(), key=lambda panel: (panel.order, panel.name)):
        context = panel.context(request, *args)
        if context is not None:
            # The template sees the context's keys, and the whole of it as `panel`.
            context = {**context, "panel": context}
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered
