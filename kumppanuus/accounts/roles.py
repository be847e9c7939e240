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


_roles: dict[str, Role] = {}


def register_role(name: str, *, label, accept: Callable) -> None:
    _roles[name] = Role(name=name, label=label, accept=accept)


def get_role(name: str) -> Role:
    return _roles[name]


def role_label(name: str):
    role = _roles.get(name)
    return role.label if role else name
