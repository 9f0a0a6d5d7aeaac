from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "sasaeai.councils"
    label = "councils"
    verbose_name = "協議体"

    def ready(self) -> None:
        from . import retention

        retention.register()
