from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "sasaeai.activities"
    label = "activities"
    verbose_name = "活動記録とつなぎ"

    def ready(self) -> None:
        from . import retention

        retention.register()
        from . import home

        home.register()
