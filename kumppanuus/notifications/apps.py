from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kumppanuus.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from .kinds import register_kind

        register_kind("feedback", label=_("accessibility feedback"))
