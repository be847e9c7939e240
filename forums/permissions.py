import rules

from kumppanuus.places.permissions import is_official


def forum_of(obj):
    """The forum an object belongs to: a forum, a meeting, a document or an invitee."""
    from .models import Forum, Meeting

    if obj is None:
        return None
    if isinstance(obj, Forum):
        return obj
    if isinstance(obj, Meeting):
        return obj.forum
    if hasattr(obj, "forum_id"):  # a survey or a survey template (empty: shared)
        return obj.forum
    if hasattr(obj, "meeting"):
        return obj.meeting.forum
    return None


@rules.predicate
def is_coordinator(user, obj):
    forum = forum_of(obj)
    if not user.is_authenticated or forum is None:
        return False
    return forum.coordinators.filter(user=user).exists()


@rules.predicate
def is_member(user, obj):
    forum = forum_of(obj)
    if not user.is_authenticated or forum is None:
        return False
    return forum.memberships.current().filter(user=user).exists()


@rules.predicate
def is_invitee(user, obj):
    from .models import Meeting

    if not user.is_authenticated or not isinstance(obj, Meeting):
        return False
    return obj.invitees.filter(user=user).exists()


@rules.predicate
def is_public_document(user, document):
    return document is not None and document.is_public


can_manage = is_coordinator | rules.is_superuser
can_see_members_things = is_member | can_manage

rules.add_perm("forums.manage_forum", can_manage)
rules.add_perm("forums.create_forum", is_official | rules.is_superuser)
rules.add_perm("forums.view_rhythm", is_official | rules.is_superuser)
rules.add_perm("forums.view_meeting_documents", can_see_members_things)
rules.add_perm("forums.view_document", is_public_document | can_see_members_things)
rules.add_perm("forums.answer_meeting", is_member | is_invitee)
