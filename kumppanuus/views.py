"""Project-level pages: the front page, the person's own page and the statements."""

import hashlib

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kumppanuus import panels
from kumppanuus.celery import app as celery_app
from kumppanuus.http import form_status, posted
from kumppanuus.notifications.forms import FeedbackForm
from kumppanuus.notifications.services import feedback_submit
from kumppanuus.pagecache import cache_for_anonymous
from kumppanuus.panels import render_panels


@cache_for_anonymous(topics_from=panels.home_topics)
def home(request):
    return render(request, "home.html", {"panels": render_panels(request, panels.HOME)})


@login_required
def dashboard(request):
    return render(request, "dashboard.html", {"panels": render_panels(request, panels.DASHBOARD)})


def _organisation() -> dict:
    """The deploying organisation's facts (settings) for the statements."""
    return {
        "name": settings.ORGANISATION_NAME,
        "address": settings.ORGANISATION_ADDRESS,
        "privacy_email": settings.PRIVACY_EMAIL,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }


def _supervisory_authority() -> dict:
    return {
        "name": settings.ACCESSIBILITY_AUTHORITY_NAME
        or _("Regional State Administrative Agency for Southern Finland"),
        "unit": settings.ACCESSIBILITY_AUTHORITY_UNIT or _("Accessibility monitoring unit"),
        "website": settings.ACCESSIBILITY_AUTHORITY_WEBSITE,
        "email": settings.ACCESSIBILITY_AUTHORITY_EMAIL,
        "phone": settings.ACCESSIBILITY_AUTHORITY_PHONE,
    }


def _feedback_allowed(request) -> bool:
    """Count anonymous feedback per client address; FEEDBACK_PER_HOUR are allowed in an hour."""
    address = get_client_ip_address(request) or "unknown"
    key = "feedback:" + hashlib.sha256(address.encode()).hexdigest()
    cache.add(key, 0, 3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        sent = 1
    return sent <= settings.FEEDBACK_PER_HOUR


def accessibility(request):
    form = FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid() and not _feedback_allowed(request):
        form.add_error(
            None,
            forms.ValidationError(
                _("Too much feedback has been sent from your address. Please try again later."),
                code="throttled",
            ),
        )
    if request.method == "POST" and form.is_valid():
        feedback_submit(data=form.cleaned_data, language=request.LANGUAGE_CODE)
        messages.success(request, _("Thank you. Your feedback has been sent."))
        return redirect("accessibility")
    context = {
        "form": form,
        "organisation": _organisation(),
        "authority": _supervisory_authority(),
        "fully_compliant": settings.ACCESSIBILITY_COMPLIANCE == "full",
        "made": settings.ACCESSIBILITY_STATEMENT_MADE,
        "reviewed": settings.ACCESSIBILITY_STATEMENT_REVIEWED,
        "site_url": settings.SITE_URL,
    }
    return render(request, "accessibility.html", context, status=form_status(form))


def language(request, code):
    """Switch the interface language with a plain link and return to the page."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    # Only a path on this site: never a URL name to reverse, another host or a relative path.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


def privacy(request):
    return render(
        request,
        "privacy.html",
        {"organisation": _organisation(), "login_log_days": settings.LOGIN_LOG_DAYS},
    )


@never_cache
def health(request):
    """Database and broker status for load balancers: 200 when both answer."""
    status = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        status["database"] = "error"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        status["broker"] = "error"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503
    )
