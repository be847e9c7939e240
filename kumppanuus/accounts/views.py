import json

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kumppanuus.http import BadRequestOnInvalidFormMixin, form_status, posted
from kumppanuus.notifications.forms import MessageSettingsForm
from kumppanuus.notifications.kinds import groups as notification_groups
from kumppanuus.notifications.services import opted_out_groups

from . import personal_data, services
from .forms import EmailAuthenticationForm, ProfileForm, QueuedPasswordResetForm, SignupForm
from .models import Invitation, User
from .roles import invitation_role_label, role_label


class LoginView(BadRequestOnInvalidFormMixin, auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The portal speaks the person's own language from the moment they log in.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.get_user().language, samesite="Lax")
        return response


class PasswordResetView(BadRequestOnInvalidFormMixin, auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(BadRequestOnInvalidFormMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(BadRequestOnInvalidFormMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {"cancel_url": reverse_lazy("accounts:profile")}

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("You have logged out."))
    return redirect("home")


@login_required
def profile(request):
    form = ProfileForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.instance.language, samesite="Lax")
        return response
    context = {"form": form, "cancel_url": reverse("dashboard")}
    if groups := notification_groups():
        context["message_form"] = MessageSettingsForm(
            groups=groups, opted_out=opted_out_groups(request.user.email)
        )
    return render(request, "accounts/profile.html", context, status=form_status(form))


def _login_records(user) -> dict:
    """The person's login records kept by django-axes (LOGIN_LOG_DAYS), by their login name."""

    def when(moment):
        return moment.isoformat() if moment else None

    username = user.email.lower()
    return {
        "logins": [
            {
                "time": when(log.attempt_time),
                "logout_time": when(log.logout_time),
                "ip_address": log.ip_address,
                "user_agent": log.user_agent,
            }
            for log in AccessLog.objects.filter(username=username).order_by("attempt_time")
        ],
        # Only when AXES_ENABLE_ACCESS_FAILURE_LOG is on.
        "failed_logins": [
            {
                "time": when(log.attempt_time),
                "ip_address": log.ip_address,
                "user_agent": log.user_agent,
                "locked_out": log.locked_out,
            }
            for log in AccessFailureLog.objects.filter(username=username).order_by("attempt_time")
        ],
        "failed_login_attempts": [
            {
                "time": when(attempt.attempt_time),
                "ip_address": attempt.ip_address,
                "user_agent": attempt.user_agent,
                "failures": attempt.failures_since_start,
            }
            for attempt in AccessAttempt.objects.filter(username=username).order_by("attempt_time")
        ],
    }


@login_required
def my_data(request):
    """Everything the portal stores about the person, as JSON they can keep."""
    user = request.user
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "invitations": [
            {
                "role": str(role_label(i.role)),
                "target": str(i.target),
                "created_at": i.created_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(email=user.email).prefetch_related("target")
        ],
    }
    data.update(_login_records(user))
    data.update(personal_data.collect(user))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="omat-tiedot.json"'
    return response


def invitation(request, token):
    """Accept an invitation: set a password if new, log in, land in the role."""
    invitation = get_object_or_404(Invitation.objects.select_related("content_type"), token=token)
    context = {
        "invitation": invitation,
        "role_label": invitation_role_label(invitation.role, invitation.title),
    }
    if not invitation.is_open:
        return render(request, "accounts/invitation_closed.html", context, status=410)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    user = request.user
    if user.is_authenticated and user.email.lower() != invitation.email:
        return render(request, "accounts/invitation_other_user.html", context, status=403)

    if user.is_authenticated or existing:
        if not user.is_authenticated:
            context["needs_login"] = True
            return render(request, "accounts/invitation.html", context)
        if request.method == "POST":
            try:
                landing = services.invitation_accept(invitation=invitation, user=user)
            except services.InvitationClosed:
                return render(request, "accounts/invitation_closed.html", context, status=410)
            messages.success(request, _("Welcome! You now have the role you were invited to."))
            return redirect(landing)
        return render(request, "accounts/invitation.html", context)

    form = SignupForm(posted(request), email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user, landing = services.invitation_accept_as_new_user(
                invitation=invitation,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except services.InvitationClosed:
            return render(request, "accounts/invitation_closed.html", context, status=410)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect(landing)
    context["form"] = form
    return render(request, "accounts/invitation.html", context, status=form_status(form))
