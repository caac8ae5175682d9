from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "banso.portal"
    label = "portal"
    verbose_name = "事業者ポータル"
