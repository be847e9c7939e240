from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kumppanuus.notifications.services import message_queue
from kumppanuus.validators import validate_phone_number

from .models import User
from .services import invitation_limit_reached


def check_invitation_limit(form, user) -> None:
    """Refuse an invitation form once its sender has reached the hourly limit."""
    if invitation_limit_reached(user):
        form.add_error(
            None,
            forms.ValidationError(
                _(
                    "You have sent the most invitations allowed in one hour. "
                    "Please try again later."
                ),
                code="throttled",
            ),
        )


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The email address or password is wrong. Check both and try again."),
        "inactive": _("This account is not in use."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()


def _quarter_hour(moment):
    """The start of the quarter hour: one reset email per person in each.

    Repeated requests within it return the message already recorded under the
    same key instead of flooding the inbox.
    """
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset link through the portal's message mechanism."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        message_queue(
            kind="password_reset",
            target=user,
            recipient_email=to_email,
            language=user.language,
            due_at=_quarter_hour(timezone.now()),
            # The link with its token is made when the email is sent (accounts.apps).
            context={"name": user.get_short_name() or user.email},
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["phone"].validators.append(validate_phone_number)


class SignupForm(forms.Form):
    """Sets the name and password of a person who arrives through an invitation."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2",
                forms.ValidationError(_("The two passwords differ."), code="password_mismatch"),
            )
        if p1:
            user = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
