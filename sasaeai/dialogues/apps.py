from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "sasaeai.dialogues"
    label = "dialogues"
    verbose_name = "対話（共通項探し・ストーリー探し）"

    def ready(self) -> None:
        from sasaeai.councils.extensions import MeetingPanel, register_meeting_panel

        from .views import meeting_panel

        # The meeting's page lists its dialogues (councils may not import this app).
        register_meeting_panel(
            MeetingPanel(
                name="dialogues",
                order=10,
                template="dialogues/meeting_panel.html",
                build=meeting_panel,
            )
        )
