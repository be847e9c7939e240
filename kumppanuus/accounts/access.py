"""The one helper every private view uses to fetch its object."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def get_object_for_user(request, queryset_or_model, perm: str, **lookup):
    """Fetch an object and check `perm` on it for the request's user.

    Unknown objects are 404 and objects the user may not touch are 403. Views
    put @login_required first, so an anonymous visitor is sent to log in.
    """
    obj = get_object_or_404(queryset_or_model, **lookup)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


# The queryset form of a permission, for lists: "the associations I may edit"
# is one query, not a has_perm check per row. An app registers it beside its
# rules predicate; a test checks that both agree.
_queryset_filters: dict[str, Callable] = {}


def register_queryset_filter(perm: str, filter_for_user: Callable) -> None:
    """filter_for_user(user, queryset) -> the part of queryset on which user has perm."""
    _queryset_filters[perm] = filter_for_user


def objects_for_user(user, perm: str, queryset):
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return _queryset_filters[perm](user, queryset)
