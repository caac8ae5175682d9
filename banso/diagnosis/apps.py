from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "banso.diagnosis"
    label = "diagnosis"
    verbose_name = "診断"

    def ready(self):
        from banso.core.company_changes import register_company_change_handler
        from banso.core.portal import register_portal_provider
        from banso.diagnosis.domain.results import recompute_after_company_change
        from banso.diagnosis.portal import PROVIDER as PORTAL_PROVIDER

        register_company_change_handler(recompute_after_company_change)
        # The owner portal: the ローカルベンチマーク PDF among the company's documents.
        register_portal_provider(PORTAL_PROVIDER)

        from banso.core.portfolio import register_outcome_facts
        from banso.diagnosis.outcomes import diagnosis_facts

        # The portfolio's outcomes: ローカルベンチマーク ranks, sales and operating profit over the years.
        register_outcome_facts(diagnosis_facts)

        from banso.diagnosis import shared

        # A lender with a consent grant reads the ローカルベンチマーク result and its PDF.
        shared.register()
