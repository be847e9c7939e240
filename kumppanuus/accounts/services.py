from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kumppanuus.notifications.kinds import Extras
from kumppanuus.notifications.services import message_queue

from .models import Invitation, User
from .roles import get_role


def invitation_limit_reached(user) -> bool:
    """Whether user has sent INVITATIONS_PER_HOUR invitations within the last hour."""
    if user is None or not user.is_authenticated:
        return False
    since = timezone.now() - timedelta(hours=1)
    sent = Invitation.objects.filter(invited_by=user, created_at__gte=since).count()
    return sent >= settings.INVITATIONS_PER_HOUR


@transaction.atomic
def invitation_create(
    *, email: str, role: str, target, invited_by: User | None, title: str = "", language: str = ""
) -> Invitation:
    """Invite a person by email to a role on target and queue the invitation email.

    An open invitation to the same role on the same object is replaced, so the
    newest link is the one that works.
    """
    email = email.strip().lower()
    Invitation.objects.for_target(target).open().filter(email=email, role=role).update(
        revoked_at=timezone.now()
    )
    existing_user = User.objects.filter(email=email).first()
    # A person with an account gets their own language; a newcomer the inviter's.
    language = existing_user.language if existing_user else (language or "fi")
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        title=title,
        target=target,
        invited_by=invited_by,
        language=language,
    )
    message_queue(
        kind="invitation",
        target=invitation,
        recipient_email=email,
        language=language,
        due_at=invitation.created_at,
        context={
            "invited_by": str(invited_by) if invited_by else "",
            "target_name": str(target),
            "role": role,
            "title": title,
        },
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    """Cancel an invitation: its link stops working."""
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


class InvitationClosed(Exception):
    """The invitation was used, replaced or expired meanwhile."""


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> str:
    """Grant the invited role to user and return the URL where they land."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise InvitationClosed
    landing_url = get_role(invitation.role).accept(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return landing_url


@transaction.atomic
def invitation_accept_as_new_user(
    *, invitation: Invitation, password: str, first_name: str, last_name: str
) -> tuple[User, str]:
    """Create the invitee's account and grant the role, both or neither."""
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        language=invitation.language,
    )
    return user, invitation_accept(invitation=invitation, user=user)


def password_reset_link(message) -> Extras:
    """The reset link is made when the email is sent, so the message log holds no token."""
    user = message.target
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return Extras(context={"url": reverse("accounts:password_reset_confirm", args=[uid, token])})


def invitation_still_open(message) -> bool:
    return message.target.is_open
