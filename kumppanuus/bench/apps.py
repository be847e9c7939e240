from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """`make bench`: national-scale data, a gunicorn server and a load generator."""

    name = "kumppanuus.bench"
    label = "bench"
    verbose_name = "Benchmark"

    def ready(self):
        from kumppanuus.notifications.kinds import register_group, register_kind

        # The bulk bulletin that `bench_messages` sends to 100 000 people.
        register_group("bench_news", label=_("Benchmark bulletins"), listed=False)
        register_kind(
            "bench_bulletin",
            label=_("Benchmark bulletin"),
            group="bench_news",
            bulk=True,
            shared_render=True,
        )
