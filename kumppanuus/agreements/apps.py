from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kumppanuus.agreements"
    label = "agreements"
    verbose_name = _("Partnership agreements")

    def ready(self):
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.history.services import register_actions
        from kumppanuus.notifications.kinds import register_group, register_kind
        from kumppanuus.panels import (
            guideline_section,
            register_dashboard_panel,
            register_municipality_panel,
            register_panel,
        )

        from . import demo, panels, permissions, reminders  # noqa: F401 (permissions: rules)

        register_actions(
            {
                "agreement_drafted": _("agreement drafted"),
                "agreement_changed": _("agreement changed"),
                "agreement_dates_changed": _("dates changed"),
                "agreement_accepted": _("accepted for a party"),
                "agreement_acceptances_reset": _("acceptances reset by a change"),
                "agreement_agreed": _("agreed by every party"),
                "agreement_activated": _("period started: active"),
                "agreement_ended": _("period ended"),
                "agreement_terminated": _("terminated"),
                "agreement_attachment_added": _("attachment added"),
                "agreement_attachment_removed": _("attachment removed"),
            }
        )
        register_group(
            "agreement_reminders",
            label=_("Partnership agreement reminders"),
            help_text=_("Before an agreement you are a party to ends or is due for review."),
        )
        register_kind(
            reminders.ENDING,
            label=_("Agreement ending reminder"),
            group="agreement_reminders",
            still_wanted=reminders.still_wanted,
            manage_permission="agreements.edit_agreement",
        )
        register_kind(
            reminders.REVIEW,
            label=_("Agreement review reminder"),
            group="agreement_reminders",
            still_wanted=reminders.still_wanted,
            prepare=reminders.review_extras,
            manage_permission="agreements.edit_agreement",
        )
        register_municipality_panel(
            "agreements",
            template="agreements/municipality_panel.html",
            context=panels.municipality_panel,
            order=60,
            topics=("agreements",),
        )
        register_panel(
            guideline_section("agreements"),
            "agreements",
            template="agreements/municipality_panel.html",
            context=panels.guideline_panel,
            topics=("agreements",),
        )
        register_dashboard_panel(
            "agreements",
            template="agreements/dashboard_panel.html",
            context=panels.dashboard_panel,
            order=60,
        )
        register_demo_loader("agreements", demo.load_demo, order=60)
