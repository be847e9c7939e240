"""The association's management page's rows: its representatives, the pending requests to
represent it and the open invitations, each one compiled query (kumppanuus.compiled)."""

from datetime import datetime
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kumppanuus.accounts.models import Invitation, person_name
from kumppanuus.compiled import CompiledQuery

from .models import Association, Representation, RepresentationRequest

PERSON = ("user__first_name", "user__last_name", "user__email")

_REPRESENTATIVES = CompiledQuery(
    lambda association: (
        Representation.objects.filter(association=association)
        .values("pk", "role", *PERSON)
        .order_by("user__last_name", "user__first_name", "pk")
    ),
    association=int,
)

_REQUESTS = CompiledQuery(
    lambda association: (
        RepresentationRequest.objects.filter(
            association=association, status=RepresentationRequest.Status.PENDING
        )
        .values("pk", "role", "message", *PERSON)
        .order_by("created_at", "pk")
    ),
    association=int,
)

_INVITATIONS = CompiledQuery(
    lambda content_type, association, role, now: (
        Invitation.objects.filter(content_type=content_type, object_id=association, role=role)
        .open(now)
        .values("pk", "email", "title", "expires_at")
        .order_by("-created_at", "pk")
    ),
    content_type=int,
    association=int,
    role=str,
    now=datetime,
)


def _people(rows):
    roles = dict(Representation.Role.choices)
    return [
        SimpleNamespace(
            **row,
            name=person_name(row["user__first_name"], row["user__last_name"], row["user__email"]),
            email=row["user__email"],
            role_label=roles.get(row["role"], row["role"]),
        )
        for row in rows
    ]


def representatives(association) -> list[SimpleNamespace]:
    """Each with name, email and role_label (translated)."""
    return _people(_REPRESENTATIVES(association=association.pk))


def pending_requests(association) -> list[SimpleNamespace]:
    return _people(_REQUESTS(association=association.pk))


def open_invitations(association, role) -> list[dict]:
    """The invitations to the role whose link still works (Invitation.objects.open())."""
    return _INVITATIONS(
        content_type=ContentType.objects.get_for_model(Association).pk,
        association=association.pk,
        role=role,
        now=timezone.now(),
    )
