from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Associations")

    def ready(self):
        from kumppanuus.accounts.personal_data import register_collector
        from kumppanuus.accounts.roles import register_role
        from kumppanuus.notifications.kinds import register_kind
        from kumppanuus.places.merging import register_merge_listener

        from . import permissions, services  # noqa: F401 (permissions registers the rules)

        register_role(
            services.REPRESENTATIVE_ROLE,
            label=_("association representative"),
            accept=services.representative_invitation_accept,
            title_label=services.representative_role_label,
        )
        register_collector(services.personal_data_of)
        register_merge_listener(services.municipality_merge_record)
        register_kind(
            "representation_request",
            label=_("Request to represent an association"),
            manage_permission="associations.manage_representation_request",
        )
        register_kind(
            "representation_request_decided", label=_("Decision on a request to represent")
        )
