"""Translated names of message kinds, for the admin's list of messages.

Each app that sends a kind of message registers its name here (in its
AppConfig.ready), as roles are registered in accounts.roles.
"""

_labels: dict[str, object] = {}


def register_kind(name: str, *, label) -> None:
    _labels[name] = label


def kind_label(name: str):
    return _labels.get(name, name)


def kinds() -> dict[str, object]:
    return dict(_labels)
