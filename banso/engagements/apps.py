from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "banso.engagements"
    label = "engagements"
    verbose_name = "伴走支援"

    def ready(self):
        from banso.core.company_facts import register_company_fact
        from banso.core.engagement_links import register_engagement_provider
        from banso.core.issue_targets import register_issue_target
        from banso.core.member_handover import register_handover_step
        from banso.engagements.handover import STEP as HANDOVER_STEP
        from banso.engagements.header import current_step_fact, issue_tree_targets
        from banso.engagements.links import PROVIDER

        register_company_fact(current_step_fact)
        register_issue_target(issue_tree_targets)
        register_engagement_provider(PROVIDER)
        register_handover_step(HANDOVER_STEP)
