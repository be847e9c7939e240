from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "kumppanuus.partnerships"
    label = "partnerships"
    verbose_name = _("Cooperation guidelines")

    def ready(self):
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.history.services import register_actions

        from . import demo, live, permissions  # noqa: F401 (permissions: rules)

        live.register()
        register_demo_loader("guidelines", demo.load_demo, order=50)
        register_actions(
            {
                "guideline_draft_saved": _("guideline draft saved"),
                "guideline_published": _("guideline published"),
            }
        )
