from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kumppanuus.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from kumppanuus.notifications.kinds import register_kind

        register_kind("invitation", label=_("invitation"))
        register_kind("password_reset", label=_("password reset"))
