from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "sasaeai.dialogues"
    label = "dialogues"
    verbose_name = "対話（共通項探し・ストーリー探し）"
