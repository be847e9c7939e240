"""The one helper every private view uses to fetch its object."""

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
