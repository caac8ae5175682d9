from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "banso.diagnosis"
    label = "diagnosis"
    verbose_name = "診断"

    def ready(self):
        from banso.core.company_changes import register_company_change_handler
        from banso.diagnosis.domain.results import recompute_after_company_change

        register_company_change_handler(recompute_after_company_change)
