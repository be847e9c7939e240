"""Municipal mergers: the ended municipality stays, everything moves to its successor.

Higher layers may want to record a merger in their own history (an association's
municipalities changed). They register a listener here in their AppConfig.ready;
the places app never imports them.
"""

import datetime
from collections.abc import Callable

from django.db import transaction

from kumppanuus import pagecache

from .models import Municipality

_listeners: list[Callable] = []


def register_merge_listener(listener: Callable) -> None:
    """listener(ended=Municipality, successor=Municipality) runs before anything moves."""
    if listener not in _listeners:
        _listeners.append(listener)


@transaction.atomic
def municipality_merge(
    *, ended: Municipality, successor: Municipality, ended_on: datetime.date, report=None
) -> tuple[dict, dict]:
    """End a municipality as merged into successor and move what points at it."""
    from .classification import move_references

    if ended.pk == successor.pk:
        raise ValueError("A municipality cannot merge into itself.")
    for listener in _listeners:
        listener(ended=ended, successor=successor)
    moved, kept = move_references(model=Municipality, old=ended, new=successor)
    ended.valid_to = ended_on
    if ended.valid_from and ended.valid_from > ended_on:
        ended.valid_from = ended_on
    ended.successor = successor
    ended.save(update_fields=["valid_from", "valid_to", "successor"])
    if report is not None:
        for label, count in moved.items():
            report.moved[label] = report.moved.get(label, 0) + count
        for label, count in kept.items():
            report.kept[label] = report.kept.get(label, 0) + count
    pagecache.invalidate()
    return moved, kept
