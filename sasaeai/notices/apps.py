import datetime

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "sasaeai.notices"
    label = "notices"
    verbose_name = "お知らせ"

    def ready(self) -> None:
        from sasaeai.core import schedule, signals

        from . import services

        # Background jobs (imports, files) say when they end; the one who asked is told.
        signals.job_ended.connect(services.job_ended_notice, dispatch_uid="notices_job_ended")
        # The scans first (the apps above register theirs), then the mail that lists them.
        schedule.register(
            "notices_scan",
            title="期限・会議・確認時期のお知らせ",
            every="daily",
            at=datetime.time(6, 0),
            run=services.scan_job,
        )
        schedule.register(
            "notices_digest",
            title="お知らせのまとめメール",
            every="daily",
            at=datetime.time(7, 0),
            run=services.digest_job,
        )
        from . import home

        home.register()
