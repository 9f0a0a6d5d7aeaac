from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The staff screens that sit on the plumbing and the 圏域 records and check permissions
    (accounts): the start page, 変更履歴, the shared import and file pages, and the 圏域 screens.
    Their URL names keep the namespaces `core:` and `areas:`."""

    name = "sasaeai.staff"
    label = "staff"
    verbose_name = "職員の画面（ホーム・圏域・取込・履歴）"

    def ready(self) -> None:
        from . import home

        home.register()
