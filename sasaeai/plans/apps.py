from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sasaeai.plans"
    label = "plans"
    verbose_name = "計画と事業"

    def ready(self) -> None:
        from sasaeai.core.history import register_history_model

        from .models import Plan

        register_history_model("plan", Plan, "plans:detail")
