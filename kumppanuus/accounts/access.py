"""The one helper every private view uses to fetch its object."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from kumppanuus.compiled import get_one


def get_object_for_user(request, queryset_or_model, perm: str, *, related=(), **lookup):
    """Fetch an object and check `perm` on it for the request's user.

    Unknown objects are 404 and objects the user may not touch are 403. Views
    put @login_required first, so an anonymous visitor is sent to log in.
    ``related`` names foreign keys to load with it, as select_related() does (a
    model by its number with direct keys: one compiled query, kumppanuus.compiled.get_one).
    """
    if _by_number(queryset_or_model, lookup) and not any("__" in path for path in related):
        # The common case, a model by its number from the URL: a compiled query.
        obj = get_one(queryset_or_model, pk=lookup["pk"], related=related)
        if obj is None:
            raise Http404
    else:
        if related:
            queryset_or_model = _queryset(queryset_or_model).select_related(*related)
        obj = get_object_or_404(queryset_or_model, **lookup)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def _queryset(queryset_or_model):
    if isinstance(queryset_or_model, type):
        return queryset_or_model._default_manager.all()
    return queryset_or_model


def _by_number(queryset_or_model, lookup) -> bool:
    """A model (not a queryset) with an integer primary key, asked for by a number."""
    if not isinstance(queryset_or_model, type) or lookup.keys() != {"pk"}:
        return False
    pk = lookup["pk"]
    return (
        isinstance(queryset_or_model._meta.pk, models.IntegerField)
        and isinstance(pk, int)
        and not isinstance(pk, bool)
        and 0 < pk < 2**63
    )


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
