from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "sasaeai.councils"
    label = "councils"
    verbose_name = "協議体"

    def ready(self) -> None:
        from . import notices, retention

        retention.register()
        from . import home

        home.register()
        # The daily お知らせ scans: actions overdue, meetings in three days, records to finish.
        notices.register()
