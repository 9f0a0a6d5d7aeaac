from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ResourcesConfig(AppConfig):
    name = "sasaeai.resources"
    label = "resources"
    verbose_name = gettext_lazy("地域資源")

    def ready(self) -> None:
        from sasaeai.core.imports import register

        from .importers.care import CareServiceImporter
        from .importers.events import EventImporter
        from .importers.flat import FlatImporter

        register(FlatImporter())
        register(CareServiceImporter())
        register(EventImporter())
        from sasaeai.core.history import register_history_model

        from .models import Location, Organization, Resource

        register_history_model("resource", Resource, "resources:detail")
        register_history_model("location", Location, "resources:location_edit")
        register_history_model("organization", Organization, "resources:organization_edit")

        from . import retention

        retention.register()
        from sasaeai.core.access_log import PERSONAL_FILE_KINDS

        from .constants import SHEET_BATCH_KIND

        PERSONAL_FILE_KINDS.add(SHEET_BATCH_KIND)
        from sasaeai.areas.signals import towns_moved

        towns_moved.connect(follow_towns, dispatch_uid="resources.locations_follow_towns")


def follow_towns(sender: object, *, moves: dict, user: object, **kwargs: object) -> None:
    """A town moved to another 圏域 on screen: the venues it placed move with it."""
    from .services import locations_follow_towns

    locations_follow_towns(moves=moves, user=user)
