from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Associations")

    def ready(self):
        from kumppanuus.accounts.personal_data import register_collector
        from kumppanuus.accounts.roles import register_role
        from kumppanuus.bench import register_filler, register_pages
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.history.services import register_actions
        from kumppanuus.notifications.kinds import register_kind
        from kumppanuus.panels import register_dashboard_panel, register_home_panel
        from kumppanuus.places.merging import register_merge_listener

        from . import (  # noqa: F401 (permissions registers the rules)
            benchdata,
            demo,
            models,
            panels,
            permissions,
            services,
        )

        register_role(
            services.REPRESENTATIVE_ROLE,
            label=_("association representative"),
            accept=services.representative_invitation_accept,
            title_label=services.representative_role_label,
        )
        register_collector(services.personal_data_of)
        register_merge_listener(services.municipality_merge_record)
        register_demo_loader("associations", demo.demo_summary, order=20)
        register_filler(
            "associations",
            benchdata.fill_for_bench,
            order=20,
            tables=["associations_association"],
            filled=benchdata.filled,
        )
        register_pages("associations", benchdata.bench_pages, order=20)
        register_actions(dict(models.AssociationChange.Action.choices))
        register_home_panel(
            "associations",
            template="associations/home_panel.html",
            context=panels.home_panel,
            order=20,
            topics=("associations", "places"),
        )
        register_dashboard_panel(
            "associations",
            template="associations/dashboard_panel.html",
            context=panels.dashboard_panel,
            order=20,
        )
        register_kind(
            "representation_request",
            label=_("Request to represent an association"),
            manage_permission="associations.manage_representation_request",
        )
        register_kind(
            "representation_request_decided", label=_("Decision on a request to represent")
        )
