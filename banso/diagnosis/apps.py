from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "banso.diagnosis"
    label = "diagnosis"
    verbose_name = "診断"
