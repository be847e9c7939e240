from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "kumppanuus.places"
    label = "places"
    verbose_name = _("Municipalities and counties")

    def ready(self):
        from kumppanuus.accounts.personal_data import register_collector
        from kumppanuus.accounts.roles import register_role
        from kumppanuus.bench import register_filler
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.history.services import register_actions
        from kumppanuus.panels import guideline_section, register_municipality_panel, register_panel

        from . import benchdata, demo, panels, permissions, services  # noqa: F401 (permissions: rules)

        register_role(
            services.CONTACT_PERSON_ROLE,
            label=_("municipal contact person"),
            accept=services.contact_person_invitation_accept,
        )
        register_collector(services.personal_data_of)
        register_municipality_panel(
            "premises",
            template="places/municipality_panel.html",
            context=panels.municipality_panel,
            order=70,
            topics=("places",),
        )
        register_panel(
            guideline_section("premises"),
            "premises",
            template="places/municipality_panel.html",
            context=panels.guideline_panel,
            topics=("places",),
        )
        register_demo_loader("welfare priorities", demo.load_demo, order=15)
        register_demo_loader("premises", demo.load_premises, order=16)
        register_actions(
            {
                "welfare_priority_added": _("welfare priority added"),
                "welfare_priority_changed": _("welfare priority changed"),
                "welfare_priority_removed": _("welfare priority removed"),
                "premises_added": _("premises added"),
                "premises_changed": _("premises changed"),
                "premises_removed": _("premises removed"),
            }
        )
        register_filler(
            "places",
            lambda rng, ctx, progress, options: benchdata.fill(rng, ctx, progress),
            order=10,
            tables=["places_wellbeingcounty"],
        )
