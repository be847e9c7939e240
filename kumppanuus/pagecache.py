"""A short-lived cache of public pages for anonymous visitors.

Only GET requests of visitors with no session and no pending messages are
served from it, and a response that used a CSRF token (a page with a form) is
never stored, so nothing personal and no one's token can be cached.

Each cached view names the topics it shows (``@cache_for_anonymous("associations",
"places")``, or ``topics_from=`` a callable). A change calls
``invalidate("associations")`` after it is saved: once the transaction
commits, the topic moves to a new generation, and only the pages that show it
are built anew (an answer to a meeting does not empty
the association directory). ``invalidate()`` without topics refreshes every
page. The generations live in the default cache, which every process shares:
Redis in production, a file cache under var/ on the embedded default.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction

EVERYTHING = "*"


def _generation_key(topic: str) -> str:
    return f"pagecache:generation:{topic}"


def _bump(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            # Missing (or evicted): a value no earlier generation can have had.
            cache.set(key, time.time_ns(), None)


def invalidate(*topics: str, now: bool = False) -> None:
    """Refresh the pages that show these topics (every page without topics), after commit.

    ``now=True`` moves the topics to a new generation at once too, for data kept with
    ``kept()`` that the same transaction reads again after its change (a value computed
    meanwhile by another transaction, which cannot see the change yet, is computed anew
    after the commit's own refresh)."""
    keys = [_generation_key(topic) for topic in (topics or (EVERYTHING,))]
    if now:
        _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _storable(request, response) -> bool:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        # A page whose form carries a CSRF token would hand the first
        # visitor's token to everyone else.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _generations(topics) -> str:
    keys = [_generation_key(topic) for topic in (EVERYTHING, *topics)]
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    for key, value in missing.items():
        if cache.add(key, value, None):
            found[key] = value
        else:
            found[key] = cache.get(key, value)
    return ".".join(str(found[key]) for key in keys)


def generation(*topics: str) -> str:
    """The topics' current generation (with that of every page), as one string.

    It changes when a committed change calls ``invalidate()`` with one of the
    topics, or without topics. Data kept computed between changes (the grant
    statistics) store it beside the result and compute anew when it differs.
    """
    return _generations(topics)


def kept(key: str, topics, compute, timeout=None):
    """compute(), kept in the cache under key until one of the topics changes.

    The stored value carries the generation of its topics (read before it is computed,
    in the same round trip as the value): a change committed meanwhile makes the next
    reader compute it anew. The value must be picklable and the same for every reader
    (no language, no person).
    """
    current, value = read_kept(key, topics)
    if value is MISSING:
        value = compute()
        cache.set(key, (current, value), timeout)
    return value


MISSING = object()


def read_kept(key: str, topics) -> tuple[str, object]:
    """The topics' current generation and the value stored under key as (generation,
    value), or MISSING if none is stored under this generation: one round trip."""
    keys = [_generation_key(topic) for topic in (EVERYTHING, *topics)]
    found = cache.get_many([*keys, key])
    if all(name in found for name in keys):
        current = ".".join(str(found[name]) for name in keys)
    else:
        current = _generations(topics)
    entry = found.get(key)
    return current, entry[1] if entry is not None and entry[0] == current else MISSING


def cache_for_anonymous(*topics, topics_from=None):
    """Cache a public view for anonymous visitors; name the topics it shows.

    ``topics_from`` is a callable that gives the topics at request time (the
    front page shows what the registered panels show). Without any topics the
    page is refreshed only by ``invalidate()`` without topics.
    """
    if len(topics) == 1 and callable(topics[0]):
        return cache_for_anonymous()(topics[0])

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not settings.PAGE_CACHE_SECONDS or not _cacheable(request):
                return view(request, *args, **kwargs)
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            shown = topics_from() if topics_from else topics
            key = f"pagecache:{_generations(shown)}:{request.LANGUAGE_CODE}:{path}"
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if _storable(request, response):
                    cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            return response

        return wrapped

    return decorator


class RefreshPublicPagesAdmin(admin.ModelAdmin):
    """An admin whose saves and deletes (one or many) refresh the pages of its topics."""

    page_cache_topics: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate(*self.page_cache_topics)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invalidate(*self.page_cache_topics)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate(*self.page_cache_topics)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidate(*self.page_cache_topics)
