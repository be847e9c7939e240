from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from kumppanuus.accounts.roles import register_role
        from kumppanuus.bench import register_filler, register_pages
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.history.services import register_actions
        from kumppanuus.notifications.kinds import register_group, register_kind
        from kumppanuus.panels import (
            ASSOCIATION,
            MUNICIPALITY,
            register_dashboard_panel,
            register_home_panel,
            register_panel,
        )

        from . import (  # noqa: F401 (permissions: rules)
            benchdata,
            demo,
            panels,
            permissions,
            services,
            signals,
        )

        signals.connect()

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
        register_kind(
            "application_info_request",
            label=_("Request for more information on a grant application"),
        )
        register_kind(
            "round_message",
            label=_("Message to the applicants of a grant round"),
        )
        register_actions(
            {
                "grants_info_requested": _("asked for more information"),
                "grants_info_answered": _("sent the application again with more information"),
                "grants_late_accepted": _("accepted the application after the deadline"),
                "grants_sent_late": _("sent the application after the deadline"),
                "grants_round_messaged": _("messaged the applicants"),
                "grants_document_reused": _("reused a document of an earlier application"),
                "grants_bonus_checked": _("checked the welfare priorities of the bonus"),
                "grants_bonus_migrated": _("bonus points set by hand before welfare priorities"),
            }
        )
        register_panel(
            MUNICIPALITY,
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
        register_panel(
            ASSOCIATION,
            "grants",
            template="grants/association_panel.html",
            context=panels.association_panel,
            order=40,
            topics=("grants",),
        )
        register_demo_loader("grants", demo.demo_summary, order=40)
        register_kind(
            services.USAGE_REMINDER_KIND,
            label=_("Reminder of a usage report"),
            still_wanted=services.usage_reminder_still_wanted,
        )
        register_kind("usage_report_more_asked", label=_("More asked for a usage report"))
        register_actions(
            {
                "decision_recorded": _("recorded a decision"),
                "payment_recorded": _("recorded a payment"),
            }
        )
        register_filler(
            "grants",
            benchdata.fill_for_bench,
            order=40,
            tables=["grants_grantbody"],
            filled=benchdata.filled,
        )
        register_pages("grants", benchdata.bench_pages, order=40)
