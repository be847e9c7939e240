"""Roles that a person can be invited to.

The accounts app sits at the bottom layer and knows nothing of associations or
forums. A higher app registers each of its roles here (in its AppConfig.ready),
with a function that grants the role when an invitation is accepted and
returns the URL where the new member lands.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    accept: Callable  # (invitation, user) -> landing URL
    # (title) -> translated label, when an invitation's title names a sub-role
    # (an association's chair or secretary); None keeps the role's own label.
    title_label: Callable | None = None


_roles: dict[str, Role] = {}


def register_role(name: str, *, label, accept: Callable, title_label: Callable | None = None):
    _roles[name] = Role(name=name, label=label, accept=accept, title_label=title_label)


def get_role(name: str) -> Role:
    return _roles[name]


def role_label(name: str):
    role = _roles.get(name)
    return role.label if role else name


def invitation_role_label(name: str, title: str = ""):
    """What the invitee is invited as: the sub-role the title names, or the role itself."""
    role = _roles.get(name)
    if role is not None and role.title_label is not None and title:
        label = role.title_label(title)
        if label:
            return label
    return role_label(name)
