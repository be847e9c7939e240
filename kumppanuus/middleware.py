"""Project-wide response rules: privacy headers and the idle timeout of sessions."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from kumppanuus.places.permissions import is_official

# Refresh the session's last activity at most this often, so that a busy person
# does not cause a session write on every request.
ACTIVITY_RESOLUTION_SECONDS = 60


class PrivacyHeadersMiddleware:
    """Nothing shown to a logged-in person is stored by browsers or proxies.

    Every response also tells the browser that the portal uses no camera,
    microphone, location or payment features.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # max-age=0, no-cache, no-store, must-revalidate, private
            add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def idle_limit_seconds(user) -> int:
    minutes = (
        settings.SESSION_IDLE_MINUTES_OFFICIALS
        if is_official(user)
        else settings.SESSION_IDLE_MINUTES
    )
    return max(minutes, 1) * 60


class SessionIdleTimeoutMiddleware:
    """Log a person out after SESSION_IDLE_MINUTES without a request (officials sooner)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity")
            limit = request.session.get("idle_limit")
            if last is not None and limit is not None and now - last > limit:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)s minutes without activity.")
                    % {"minutes": limit // 60},
                )
            elif last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                limit = idle_limit_seconds(request.user)
                request.session["last_activity"] = now
                request.session["idle_limit"] = limit
                # The stored session outlives the limit, so that a person who comes
                # back soon after is told why they were logged out.
                request.session.set_expiry(2 * limit)
        return self.get_response(request)
