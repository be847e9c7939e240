"""A short-lived cache of public pages for anonymous visitors.

Only GET requests of visitors with no session and no pending messages are
served from it, so nothing personal can be cached. Every change to what the
public pages show calls invalidate(), which moves all keys to a new generation.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "pagecache:generation"


def invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def cache_for_anonymous(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        generation = cache.get_or_set(GENERATION_KEY, 1, None)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pagecache:{generation}:{request.LANGUAGE_CODE}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapped
