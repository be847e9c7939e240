from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kumppanuus import signed_links
from kumppanuus.accounts.access import get_object_for_user

from . import kinds, services
from .forms import MessageSettingsForm
from .models import Message

UNSUBSCRIBE_VALID = timedelta(days=400)


# RFC 8058: the mail client posts "List-Unsubscribe=One-Click" to the link
# without a session or a CSRF token; the signature is the proof instead. A GET
# (a person following the link) only asks, so that link scanners change nothing.
@csrf_exempt
@signed_links.signed_view(services.UNSUBSCRIBE_PURPOSE, max_age=UNSUBSCRIBE_VALID)
def unsubscribe(request, value):
    group = kinds.get_group(value.get("group", ""))
    email = value.get("email", "")
    if group is None or not email:
        return signed_links.bad_link_response(request, signed_links.BadLink())
    context = {"group": group, "email": email}
    if request.method == "POST":
        services.optout_set(email=email, groups_off=[group.name])
        return render(request, "notifications/unsubscribed.html", context)
    context["done"] = group.name in services.opted_out_groups(email)
    return render(request, "notifications/unsubscribe.html", context)


@login_required
@require_POST
def message_settings(request):
    groups = kinds.groups()
    form = MessageSettingsForm(
        request.POST,
        groups=groups,
        opted_out=services.opted_out_groups(request.user.email),
    )
    if form.is_valid():
        services.optout_set(
            email=request.user.email, groups_off=form.groups_off(), groups_on=form.groups_on()
        )
        messages.success(request, _("Your message settings have been saved."))
    return redirect("accounts:profile")


@login_required
@require_POST
def resend(request, pk):
    """Send a failed message again, from a feature's delivery-status page."""
    message = get_object_for_user(request, Message, "notifications.resend_message", pk=pk)
    with transaction.atomic():
        resent = services.message_resend(message)
    if resent:
        messages.success(
            request,
            _("The message to %(email)s will be sent again.") % {"email": message.recipient_email},
        )
    else:
        messages.info(request, _("The message has already been sent."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return redirect(back)
