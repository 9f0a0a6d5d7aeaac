import datetime

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "sasaeai.opendata"
    label = "opendata"
    verbose_name = "オープンデータ"

    def ready(self) -> None:
        from sasaeai.core import schedule

        from . import services

        # Each morning the public files are made again where the public data changed (issue
        # #27): the download pages only ever send a stored file.
        schedule.register(
            "opendata_refresh",
            title="オープンデータのファイルの作成",
            every="daily",
            at=datetime.time(5, 0),
            run=services.opendata_refresh,
        )
