from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "sasaeai.residents"
    label = "residents"
    verbose_name = "住民の申し込みと紹介"

    def ready(self) -> None:

        from sasaeai.notices.services import register_scan

        from . import home, notices, retention

        # The personal fields of requests go after the retention period (core.retention);
        # the home page lists the requests waiting for a coordinator (core.home_blocks); each
        # morning, the requests whose 「次に連絡する日」 has come are noticed.
        retention.register()
        home.register()
        register_scan(notices.SCAN_NAME, notices.follow_up_scan)
