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
        from . import home

        home.register()
        from sasaeai.notices.services import register_scan

        from .verification_notices import SCAN_NAME, verification_due_scan

        # Weekly, through the daily scan: 「担当圏域の地域資源 N件が確認の時期です」.
        register_scan(SCAN_NAME, verification_due_scan)


def follow_towns(sender: object, *, moves: dict, user: object, **kwargs: object) -> None:
    """A town moved to another 圏域 on screen: the venues it placed move with it."""
    from .services import locations_follow_towns

    locations_follow_towns(moves=moves, user=user)
