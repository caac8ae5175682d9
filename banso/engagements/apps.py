from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "banso.engagements"
    label = "engagements"
    verbose_name = "伴走支援"
