"""Panels that feature apps add to the front page and to the person's own page.

The project's pages sit in the bottom layer and know no feature app. An app
registers its panels in its AppConfig.ready():

    register_home_panel("forums", template="forums/home_panel.html",
                        context=panels.home_panel, order=30, topics=("forums",))
    register_dashboard_panel("forums", template="forums/dashboard_panel.html",
                             context=panels.dashboard_panel, order=30)

``context(request)`` returns the template's context (also given to it as
``panel``), or None to show nothing.

Other pages take panels too, registered with ``register_panel(page, name, …)``:
a municipality's public page (``MUNICIPALITY``), an association's public page
(``ASSOCIATION``) and each section of a cooperation guideline
(``guideline_section("premises")``), where live data appears below the
section's text. The page passes its object on to ``context`` (``render_panels(
request, ASSOCIATION, association)`` calls ``context(request, association)``),
and its page cache follows ``page_topics(page)``.
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

from django.template import Context, engines
from django.template.loader import get_template
from django.utils.safestring import SafeString

HOME = "home"
DASHBOARD = "dashboard"
MUNICIPALITY = "municipality"
ASSOCIATION = "association"


def guideline_section(section: str) -> str:
    """The page name of a guideline section's live data (see the module's docstring)."""
    return f"guideline:{section}"


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


def register_municipality_panel(name: str, **options):
    """A panel of the municipality's page: ``register_panel(MUNICIPALITY, name, …)``."""
    register_panel(MUNICIPALITY, name, **options)


def register_panel(page: str, name: str, *, template: str, context: Callable, order=100, topics=()):
    _panels.setdefault(page, {})[name] = Panel(name, template, context, order, tuple(topics))


def page_topics(page: str) -> tuple[str, ...]:
    """The page-cache topics that the page's panels show."""
    panels = _panels.get(page, {}).values()
    return tuple(sorted({topic for panel in panels for topic in panel.topics}))


def home_topics() -> tuple[str, ...]:
    return page_topics(HOME)


def has_panels(page: str) -> bool:
    return bool(_panels.get(page))


def render_panels(request, page: str, *args, **kwargs) -> list[SafeString]:
    """The page's panels that have something to show, rendered in order.

    Further arguments (such as ``owner=municipality``) go on to each panel's context.
    """
    rendered = []
    processed = None
    panels = _panels.get(page, {}).values()
    for panel in sorted(panels, key=lambda panel: (panel.order, panel.name)):
        context = panel.context(request, *args, **kwargs)
        if context is not None:
            if processed is None:
                processed = _processed(request)
            # The template sees the context's keys, and the whole of it as `panel`.
            template = get_template(panel.template).template
            rendered.append(template.render(Context({**processed, **context, "panel": context})))
    return rendered


def _processed(request) -> dict:
    """What the context processors give the request's templates, run once for all of a
    page's panels (render_to_string runs them for each), kept on the request for its
    other groups of panels (the guideline's sections)."""
    processed = getattr(request, "_panels_processed", None)
    if processed is None:
        processed = {}
        for processor in engines["django"].engine.template_context_processors:
            processed.update(processor(request))
        request._panels_processed = processed
    return processed
