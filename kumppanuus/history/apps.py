from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    """Who changed what and when, for any object (see services.py)."""

    name = "kumppanuus.history"
    label = "history"
    verbose_name = _("History of changes")
