"""Signed links for actions without logging in.

A link carries a small value (a person's email and what the link does), signed
with the site's secret and a purpose, so it works only for what and whom it
was made for: answering an invitation, unsubscribing, a guest changing a
registration. A tampered link, one made for another purpose, or one older than
its maximum age gets one clear error page with status 400.

    token = signed_links.sign("unsubscribe", {"email": "a@b.fi", "group": "x"})
    url = reverse("notifications:unsubscribe", args=[token])

    @signed_links.signed_view("unsubscribe", max_age=timedelta(days=365))
    def unsubscribe(request, value): ...
"""

from datetime import timedelta
from functools import wraps

from django.core import signing
from django.shortcuts import render


class BadLink(Exception):
    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _salt(purpose: str) -> str:
    return f"kumppanuus.signed_links.{purpose}"


def sign(purpose: str, value) -> str:
    return signing.dumps(value, salt=_salt(purpose), compress=True)


def unsign(purpose: str, token: str, *, max_age: timedelta):
    try:
        return signing.loads(token, salt=_salt(purpose), max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink() from error


def bad_link_response(request, error: BadLink):
    return render(request, "signed_link_invalid.html", {"expired": error.expired}, status=400)


def signed_view(purpose: str, *, max_age: timedelta):
    """The view gets the signed value instead of the token; a bad link gets the 400 page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, token, *args, **kwargs):
            try:
                value = unsign(purpose, token, max_age=max_age)
            except BadLink as error:
                return bad_link_response(request, error)
            return view(request, value, *args, **kwargs)

        return wrapper

    return decorator
