"""The history of changes of any object: record, compare, read.

    before = history_snapshot(meeting, ["title", "starts_at", "place"])
    … change and save meeting …
    history_record_diff(target=meeting, user=request.user, action="updated", before=before,
                        after=history_snapshot(meeting, ["title", "starts_at", "place"]))
    history_record(target=guideline, user=user, action="published", note="Version 2")

An app registers the translated names of its actions once, in ready():
``register_actions({"published": _("published a version")})``. Field names
are shown with the model field's translated verbose name.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import Change

_action_labels: dict[str, object] = {}


def register_actions(labels: dict) -> None:
    _action_labels.update(labels)


def action_label(action: str):
    return _action_labels.get(action, action)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "–"
    return str(value)


def history_snapshot(obj, fields: Iterable[str]) -> dict[str, str]:
    """The named fields as text (many-to-many as a sorted list), to compare before and after."""
    snapshot = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            related = getattr(obj, name).all() if obj.pk else []
            snapshot[name] = ", ".join(sorted(str(item) for item in related))
        elif field.choices:
            value = getattr(obj, name)
            snapshot[name] = _text(dict(field.flatchoices).get(value, value))
        else:
            snapshot[name] = _text(getattr(obj, name))
    return snapshot


def history_diff(before: dict, after: dict) -> dict[str, list[str]]:
    return {
        key: [before.get(key, ""), value]
        for key, value in after.items()
        if before.get(key, "") != value
    }


def history_record(*, target, user, action: str, changes: dict | None = None, note="") -> Change:
    return Change.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        changes=changes or {},
        note=note,
    )


def history_record_diff(*, target, user, action: str, before: dict, after: dict, note=""):
    """Record what changed between two snapshots; nothing when nothing changed."""
    changes = history_diff(before, after)
    if changes:
        return history_record(target=target, user=user, action=action, changes=changes, note=note)
    return None


def history_for(target) -> models.QuerySet:
    """The object's history, newest first, with who made each change."""
    return Change.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("user")


def field_label(model, name: str, extra: dict | None = None):
    """A field's translated name for showing a change (extra names for non-field keys)."""
    if extra and name in extra:
        return extra[name]
    try:
        return model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name
