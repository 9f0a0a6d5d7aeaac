from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "sasaeai.analysis"
    label = "analysis"
    verbose_name = "地域課題の抽出"
