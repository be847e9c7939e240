"""django-axes under a translated name in the admin ("Login records")."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginRecordsConfig(AxesAppConfig):
    verbose_name = _("Login records")
