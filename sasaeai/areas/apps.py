from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "sasaeai.areas"
    label = "areas"
    verbose_name = "市町村・圏域・町丁目・人口"

    def ready(self) -> None:
        from sasaeai.core.imports import register

        from .importers import PopulationImporter, TownImporter

        register(PopulationImporter())
        register(TownImporter())
