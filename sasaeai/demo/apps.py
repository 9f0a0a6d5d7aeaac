from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Only for the `demo` command: no models."""

    name = "sasaeai.demo"
    verbose_name = "デモ"
