from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "sasaeai.projects"
    label = "projects"
    verbose_name = "官民連携の事業"

    def ready(self) -> None:
        from sasaeai.core.history import register_history_model
        from sasaeai.plans.selectors import add_programme_sign

        from .models import Project
        from .selectors import runs_projects

        register_history_model("project", Project, "projects:detail")
        # The 標準額 calculator starts with the programme ticked when projects are recorded.
        add_programme_sign(runs_projects)
