from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py load_demo`: the made-up data of every app, for trying the portal."""

    name = "kumppanuus.demo"
    label = "demo"
    verbose_name = "Demo"
