from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "kumppanuus.places"
    label = "places"
    verbose_name = _("Municipalities and counties")

    def ready(self):
        from kumppanuus.accounts.personal_data import register_collector
        from kumppanuus.accounts.roles import register_role

        from . import permissions, services  # noqa: F401 (permissions registers the rules)

        register_role(
            services.CONTACT_PERSON_ROLE,
            label=_("municipal contact person"),
            accept=services.contact_person_invitation_accept,
        )
        register_collector(services.personal_data_of)
