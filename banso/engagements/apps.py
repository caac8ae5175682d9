from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "banso.engagements"
    label = "engagements"
    verbose_name = "伴走支援"

    def ready(self):
        from banso.core.company_facts import register_company_fact
        from banso.engagements.header import current_step_fact

        register_company_fact(current_step_fact)
