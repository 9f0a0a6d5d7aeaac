from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "sasaeai.areas"
    label = "areas"
    verbose_name = "市町村・圏域・町丁目・人口"

    def ready(self) -> None:
        from sasaeai.core.history import register_history_model
        from sasaeai.core.imports import register

        from . import retention
        from .importers import PopulationImporter, TownImporter
        from .models import Area, Municipality, Town

        register(PopulationImporter())
        register(TownImporter())
        # The person of a removed coordinator's desk goes after the retention period.
        retention.register()
        register_history_model("area", Area, "areas:area_detail")
        # A town has no page of its own: its area's shows it.
        register_history_model("town", Town, "areas:area_detail", url_args=lambda t: (t.area_id,))
        register_history_model(
            "municipality", Municipality, "areas:dashboard", within="pk", url_args=lambda m: ()
        )
