from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "kumppanuus.places"
    label = "places"
    verbose_name = _("Municipalities and counties")

    def ready(self):
        from kumppanuus.accounts.personal_data import register_collector

        from . import permissions  # noqa: F401 (registers the rules)
        from .services import personal_data_of

        register_collector(personal_data_of)
