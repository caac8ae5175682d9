from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "banso.engagements"
    label = "engagements"
    verbose_name = "伴走支援"

    def ready(self):
        from banso.core.company_facts import register_company_fact
        from banso.core.engagement_links import register_engagement_provider
        from banso.core.issue_targets import register_issue_target
        from banso.core.portal import register_portal_provider
        from banso.engagements.header import current_step_fact, issue_tree_targets
        from banso.engagements.links import PROVIDER
        from banso.engagements.portal import PROVIDER as PORTAL_PROVIDER

        register_company_fact(current_step_fact)
        register_issue_target(issue_tree_targets)
        register_engagement_provider(PROVIDER)
        # The owner portal: shared actions, agreed root issues, agreements, next meetings.
        register_portal_provider(PORTAL_PROVIDER)
