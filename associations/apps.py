from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Associations")

    def ready(self):
        from kumppanuus.accounts.personal_data import register_collector
        from kumppanuus.accounts.roles import register_role
        from kumppanuus.notifications.kinds import register_kind

        from . import permissions, services  # noqa: F401 (permissions registers the rules)

        register_role(
            services.REPRESENTATIVE_ROLE,
            label=_("association representative"),
            accept=services.representative_invitation_accept,
            title_label=services.representative_role_label,
        )
        register_collector(services.personal_data_of)
        register_kind("representation_request", label=_("request to represent"))
        register_kind(
            "representation_request_decided", label=_("decision on a request to represent")
        )
