import rules

from .kinds import get_kind


@rules.predicate
def may_manage_message_object(user, message):
    """The person may manage what the message is about (the kind names the permission)."""
    permission = get_kind(message.kind).manage_permission
    target = message.target
    return bool(permission) and target is not None and user.has_perm(permission, target)


rules.add_perm("notifications.resend_message", rules.is_superuser | may_manage_message_object)
