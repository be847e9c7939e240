from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        from kumppanuus.accounts.personal_data import register_collector
        from kumppanuus.accounts.roles import register_role
        from kumppanuus.bench import register_filler, register_pages
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.notifications.kinds import register_group, register_kind
        from kumppanuus.panels import (
            register_dashboard_panel,
            register_home_panel,
            register_municipality_panel,
        )

        from . import (  # noqa: F401 (permissions registers the rules)
            benchdata,
            demo,
            panels,
            permissions,
            services,
        )

        register_role(
            services.COORDINATOR_ROLE,
            label=_("forum coordinator"),
            accept=services.coordinator_invitation_accept,
        )
        register_role(
            services.MEMBER_ROLE,
            label=_("forum member"),
            accept=services.member_invitation_accept,
            title_label=services.member_role_label,
        )
        register_collector(services.personal_data_of)
        register_municipality_panel(
            "forums",
            template="forums/municipality_panel.html",
            context=panels.municipality_panel,
            order=30,
            topics=("forums",),
        )
        register_home_panel(
            "forums",
            template="forums/home_panel.html",
            context=panels.home_panel,
            order=30,
            topics=("forums",),
        )
        register_dashboard_panel(
            "forums",
            template="forums/dashboard_panel.html",
            context=panels.dashboard_panel,
            order=30,
        )
        register_demo_loader("forums", demo.demo_summary, order=30)
        register_filler(
            "forums",
            benchdata.fill,
            order=30,
            tables=["forums_forum"],
            filled=benchdata.filled,
        )
        register_pages("forums", benchdata.bench_pages, order=30)
        register_group(
            "meeting_reminders",
            label=_("Meeting reminders"),
            help_text=_("A reminder before a meeting you have been invited to."),
        )
        manage = "forums.manage_forum"
        register_kind(
            "meeting_invitation",
            label=_("Meeting invitation"),
            prepare=services.invitation_extras,
            manage_permission=manage,
        )
        register_kind(
            "meeting_update",
            label=_("Meeting changed"),
            prepare=services.invitation_extras,
            still_wanted=services.update_still_wanted,
            manage_permission=manage,
        )
        register_kind(
            "meeting_cancelled",
            label=_("Meeting cancelled"),
            prepare=services.cancellation_extras,
            manage_permission=manage,
        )
        register_kind(
            "meeting_reminder",
            label=_("Meeting reminder"),
            group="meeting_reminders",
            prepare=services.reminder_extras,
            still_wanted=services.reminder_still_wanted,
            manage_permission=manage,
        )
        register_kind(
            "meeting_registration",
            label=_("Meeting registration received"),
            prepare=services.invitation_extras,
            manage_permission=manage,
        )
        register_kind(
            "meeting_place_confirmed",
            label=_("Place confirmed from the waiting list"),
            prepare=services.invitation_extras,
            still_wanted=services.update_still_wanted,
            manage_permission=manage,
        )
        from . import survey_services

        survey_services.register()
