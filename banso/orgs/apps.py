from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "banso.orgs"
    label = "orgs"
    verbose_name = "支援機関・利用者"
