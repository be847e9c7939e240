from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from kumppanuus.accounts.roles import register_role
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.notifications.kinds import register_group, register_kind
        from kumppanuus.panels import (
            register_dashboard_panel,
            register_home_panel,
            register_municipality_panel,
        )

        from . import demo, panels, permissions, services  # noqa: F401 (permissions: rules)

        register_role(
            services.OFFICER_ROLE,
            label=_("grant officer"),
            accept=services.officer_invitation_accept,
        )
        register_group(
            "grant_deadline_reminders",
            label=_("Reminders of unsent grant applications"),
            help_text=_("7 days and 1 day before a grant round closes, if a draft is unsent."),
        )
        register_kind("application_receipt", label=_("Receipt of a grant application"))
        register_kind(
            services.REMINDER_KIND,
            label=_("Reminder of an unsent grant application"),
            group="grant_deadline_reminders",
            still_wanted=services.reminder_still_wanted,
        )
        register_kind(
            "round_closed",
            label=_("A grant round has closed"),
            prepare=services.round_closed_extras,
            manage_permission="grants.manage_round",
        )
        register_kind("grant_decision", label=_("Grant decision"))
        register_municipality_panel(
            "grants",
            template="grants/municipality_panel.html",
            context=panels.municipality_panel,
            order=40,
            topics=("grants",),
        )
        register_home_panel(
            "grants",
            template="grants/home_panel.html",
            context=panels.home_panel,
            order=40,
            topics=("grants",),
        )
        register_dashboard_panel(
            "grants",
            template="grants/dashboard_panel.html",
            context=panels.dashboard_panel,
            order=40,
        )
        register_demo_loader("grants", demo.demo_summary, order=40)
