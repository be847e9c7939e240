from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`: national-scale data, a gunicorn server and a load generator."""

    name = "kumppanuus.bench"
    label = "bench"
    verbose_name = "Benchmark"
