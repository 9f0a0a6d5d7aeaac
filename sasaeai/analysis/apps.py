from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "sasaeai.analysis"
    label = "analysis"
    verbose_name = "地域課題の抽出"

    def ready(self) -> None:
        from sasaeai.core.imports import register

        from .importers import MeshPopulationImporter, NeedsSurveyImporter

        register(MeshPopulationImporter())
        register(NeedsSurveyImporter())
