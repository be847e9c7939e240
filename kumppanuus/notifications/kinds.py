"""Kinds of messages and the groups a person can turn off.

The notifications app sits at the bottom layer and knows no feature. A feature
app registers each kind of message it sends (in its AppConfig.ready), saying
what the kind needs at send time:

- ``still_wanted(message) -> bool``: asked just before sending; False marks the
  message cancelled instead of sending it (a reminder for a meeting that was
  cancelled, a draft that was submitted meanwhile).
- ``prepare(message) -> Extras``: made at send time from the object's current
  state: extra template context (links with tokens are made here, so the
  stored context holds no secret), attachments, a calendar part, Reply-To.
- ``group``: the name of an optional group (``register_group``); a person who
  turned the group off gets no message of the kind. Kinds without a group
  (invitations, receipts, decisions) always go.
- ``bulk``: sent to many people at once; gets ``Precedence: bulk`` and a
  one-click ``List-Unsubscribe`` link for its group.
- ``shared_render``: the templates use ``recipient_email`` and
  ``unsubscribe_url`` only as they are (no filters), so a batch renders them
  once per language and object and puts each person's values in.
- ``manage_permission``: the rules permission on the message's object that lets
  a person see its delivery status and send a failed message again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    content: bytes | str


@dataclass(frozen=True)
class Extras:
    """What a kind adds to a message at send time."""

    context: dict = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    # (method, iCalendar text): a text/calendar alternative part, and the same
    # bytes attached as a .ics file.
    calendar: tuple[str, str] | None = None
    reply_to: list[str] = field(default_factory=list)
    headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    name: str
    label: object
    group: str = ""
    bulk: bool = False
    still_wanted: Callable | None = None
    prepare: Callable | None = None
    manage_permission: str = ""
    shared_render: bool = False


@dataclass(frozen=True)
class Group:
    name: str
    label: object
    help_text: object = ""
    # Unlisted groups (the benchmark's) are not offered on the profile page.
    listed: bool = True


_kinds: dict[str, Kind] = {}
_groups: dict[str, Group] = {}


def register_kind(name: str, *, label, **options) -> Kind:
    kind = Kind(name=name, label=label, **options)
    _kinds[name] = kind
    return kind


def register_group(name: str, *, label, help_text="", listed=True) -> Group:
    group = Group(name=name, label=label, help_text=help_text, listed=listed)
    _groups[name] = group
    return group


def get_kind(name: str) -> Kind:
    """The registered kind, or a plain one (always sent, nothing extra)."""
    return _kinds.get(name) or Kind(name=name, label=name)


def kind_label(name: str):
    return get_kind(name).label


def kind_choices() -> list[tuple[str, object]]:
    return [(kind.name, kind.label) for kind in _kinds.values()]


def get_group(name: str) -> Group | None:
    return _groups.get(name)


def groups() -> list[Group]:
    """The groups a person can turn off on their profile page."""
    return [group for group in _groups.values() if group.listed]


def unregister(name: str) -> None:
    """Forget a kind or group (for tests that register their own)."""
    _kinds.pop(name, None)
    _groups.pop(name, None)
