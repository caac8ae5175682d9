from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "banso.engagements"
    label = "engagements"
    verbose_name = "伴走支援"

    def ready(self):
        from banso.core.alerts import register_alert_counter, register_alert_kind, register_alert_provider
        from banso.core.case_sources import register_case_source
        from banso.core.company_columns import register_company_column
        from banso.core.company_facts import register_company_fact
        from banso.core.engagement_links import register_engagement_provider
        from banso.core.issue_targets import register_issue_target
        from banso.core.member_handover import register_handover_step
        from banso.core.portal import register_portal_provider
        from banso.core.portfolio import register_portfolio_table, register_supporter_figures
        from banso.engagements.alerts import COUNTERS, KINDS, engagement_alerts
        from banso.engagements.case_source import WALL_CHOICES, case_facts
        from banso.engagements.columns import COLUMNS
        from banso.engagements.handover import STEP as HANDOVER_STEP
        from banso.engagements.header import current_step_fact, issue_tree_targets
        from banso.engagements.links import PROVIDER
        from banso.engagements.portal import PROVIDER as PORTAL_PROVIDER
        from banso.engagements.portfolio import actions_per_supporter, engagements_by_step

        register_company_fact(current_step_fact)
        register_issue_target(issue_tree_targets)
        register_engagement_provider(PROVIDER)
        # The supporter's home (今日やること): overdue actions, dialogues and follow-ups due, silence.
        for kind in KINDS:
            register_alert_kind(kind)
        register_alert_provider(engagement_alerts)
        for code, counter in COUNTERS.items():
            register_alert_counter(code, counter)
        # The company list's columns (step, last dialogue, next meeting, overdue / monitoring status).
        for column in COLUMNS:
            register_company_column(column)
        # The portfolio page: engagements by step and status, actions per supporter.
        register_portfolio_table(engagements_by_step)
        register_supporter_figures(actions_per_supporter)
        # The portfolio's outcomes and the organization's statistics: walls, steps, root issues, wages.
        from banso.core.portfolio import register_outcome_facts, register_survey_source
        from banso.engagements.outcomes import SURVEY_SOURCE, engagement_facts, register_labels

        register_outcome_facts(engagement_facts)
        register_labels()
        register_survey_source(SURVEY_SOURCE)
        # The members page: a leaving supporter's open engagements move to a successor.
        register_handover_step(HANDOVER_STEP)
        # The owner portal: shared actions, agreed root issues, agreements, next meetings.
        register_portal_provider(PORTAL_PROVIDER)
        # The knowledge area: an engagement's facts for an anonymised case (事例として共有).
        register_case_source(case_facts, WALL_CHOICES)
        # The knowledge search finds dialogues, issues and actions inside the organization.
        from banso.core.search_sources import register_search_source
        from banso.engagements.search import SOURCES as SEARCH_SOURCES

        for search_source in SEARCH_SOURCES:
            register_search_source(search_source)
        # Comment threads (banso/comments) on actions.
        from banso.core.commentables import register_commentable
        from banso.engagements.comments import ACTION

        register_commentable(ACTION)
        # Background jobs: the progress report of a large engagement is made by the worker.
        from banso.engagements import jobs

        jobs.register()
