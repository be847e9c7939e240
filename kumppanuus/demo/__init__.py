"""The demo: each app registers a loader of its made-up data; `load_demo` runs them in order.

    register_demo_loader("forums", forums.demo.load_demo, order=30)

A loader is idempotent (a second run changes nothing) and returns lines to
print (what it made, the demo logins). Loaders run by ``order``, the layers:
associations 20, forums 30, grants 40, partnerships 50. The official places
are not demo data: `migrate` loads them.
"""

from collections.abc import Callable
from dataclasses import dataclass


class DemoError(Exception):
    """The demo cannot be loaded (say why, and what to do)."""


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable[[], list[str]]
    order: int


_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(name: str, load: Callable[[], list[str]], *, order: int) -> None:
    _loaders[name] = DemoLoader(name, load, order)


def loaders() -> list[DemoLoader]:
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.name))


def load_all() -> list[str]:
    """Run every registered loader in order; returns what they said."""
    lines = []
    for loader in loaders():
        lines.extend(loader.load() or [])
    return lines
