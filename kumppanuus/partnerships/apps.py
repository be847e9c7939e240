from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "kumppanuus.partnerships"
    label = "partnerships"
    verbose_name = _("Cooperation guidelines")

    def ready(self):
        from kumppanuus.bench import register_filler, register_pages
        from kumppanuus.demo import register_demo_loader
        from kumppanuus.history.services import register_actions

        from . import benchdata, demo, live, permissions  # noqa: F401 (permissions: rules)

        live.register()
        register_demo_loader("guidelines", demo.load_demo, order=50)
        register_filler(
            "guidelines",
            lambda rng, ctx, progress, options: benchdata.fill(rng, ctx, progress),
            order=50,
            tables=["partnerships_guideline", "partnerships_guidelineversion"],
        )
        register_pages("guidelines", benchdata.bench_pages, order=50)
        register_actions(
            {
                "guideline_draft_saved": _("guideline draft saved"),
                "guideline_published": _("guideline published"),
            }
        )
