from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "banso.companies"
    label = "companies"
    verbose_name = "事業者"
