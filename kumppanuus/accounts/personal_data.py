"""What the portal stores about a person, gathered from every app.

Apps above accounts register a collector (in AppConfig.ready) that returns a
JSON-ready dict of their data about a user; the profile's download joins them.
"""

from collections.abc import Callable

_collectors: list[Callable] = []


def register_collector(collector: Callable) -> None:
    if collector not in _collectors:
        _collectors.append(collector)


def collect(user) -> dict:
    data = {}
    for collector in _collectors:
        data.update(collector(user))
    return data
