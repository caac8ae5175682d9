from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "banso.monitoring"
    label = "monitoring"
    verbose_name = "モニタリング"
