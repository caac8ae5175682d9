from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "banso.sharing"
    label = "sharing"
    verbose_name = "共有（同意）"
