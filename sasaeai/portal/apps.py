from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sasaeai.portal"
    label = "portal"
    verbose_name = "住民向けポータル"
