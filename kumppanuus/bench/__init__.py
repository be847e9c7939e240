"""What `make bench` fills and measures: each app registers its part in ready().

    register_filler("forums", forums.benchdata.fill, order=30, tables=["forums_forum"])
    register_pages("forums", forums.benchdata.bench_pages, order=30)

A filler is ``fill(rng, ctx, progress, options)``: ``rng`` a seeded
random.Random, ``ctx`` a dict the fillers share in order (the places filler
puts the municipalities there), ``progress(what, done, total)``, and
``options`` the command's options (``options["associations"]``). ``tables``
are emptied before a refill; ``filled(options)``, if given, says whether the
data is there already. Pages are ``pages() -> [(name, url, login email or "")]``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Filler:
    name: str
    fill: Callable
    order: int
    tables: tuple[str, ...] = ()
    filled: Callable | None = None


@dataclass(frozen=True)
class Pages:
    name: str
    pages: Callable
    order: int


_fillers: dict[str, Filler] = {}
_pages: dict[str, Pages] = {}


def register_filler(name, fill, *, order, tables=(), filled=None) -> None:
    _fillers[name] = Filler(name, fill, order, tuple(tables), filled)


def register_pages(name, pages, *, order) -> None:
    _pages[name] = Pages(name, pages, order)


def fillers() -> list[Filler]:
    return sorted(_fillers.values(), key=lambda filler: (filler.order, filler.name))


def bench_pages() -> list[tuple[str, str, str]]:
    found = []
    for entry in sorted(_pages.values(), key=lambda entry: (entry.order, entry.name)):
        found.extend(entry.pages())
    return found
