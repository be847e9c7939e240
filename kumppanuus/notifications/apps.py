from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kumppanuus.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import permissions  # noqa: F401 (registers the rules)
        from .kinds import register_kind

        register_kind("feedback", label=_("Accessibility feedback"))
