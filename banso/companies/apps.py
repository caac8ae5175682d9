from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "banso.companies"
    label = "companies"
    verbose_name = "事業者"

    def ready(self):
        from banso.companies.handover import DIRECTORY, STEP
        from banso.core.member_handover import register_company_directory, register_handover_step

        register_handover_step(STEP)
        register_company_directory(DIRECTORY)
