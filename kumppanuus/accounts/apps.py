from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kumppanuus.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from kumppanuus.notifications.kinds import register_kind

        from . import services

        register_kind(
            "invitation",
            label=_("Invitation to a role"),
            still_wanted=services.invitation_still_open,
        )
        register_kind(
            "password_reset", label=_("Password reset"), prepare=services.password_reset_link
        )
