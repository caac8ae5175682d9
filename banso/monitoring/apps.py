from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "banso.monitoring"
    label = "monitoring"
    verbose_name = "モニタリング"

    def ready(self):
        from banso.core.alerts import register_alert_counter, register_alert_kind, register_alert_provider
        from banso.core.company_columns import register_company_column
        from banso.core.engagement_panels import register_engagement_panel
        from banso.core.portal import register_portal_provider
        from banso.monitoring.alerts import COUNTERS, KINDS, monitoring_alerts
        from banso.monitoring.columns import COLUMNS
        from banso.monitoring.engagement_panel import monitoring_schedule_panel
        from banso.monitoring.portal import PROVIDER as PORTAL_PROVIDER

        # The engagement page shows an 早期 / 405 engagement's monitoring schedule (next due, overdue).
        register_engagement_panel(monitoring_schedule_panel)
        # The owner portal: this month's key actions, the plan's targets, issued reports.
        register_portal_provider(PORTAL_PROVIDER)
        # Comment threads (banso/comments) on gaps, next-month actions and reports.
        from banso.core.commentables import register_commentable
        from banso.monitoring.comments import KINDS as COMMENT_KINDS

        for comment_kind in COMMENT_KINDS:
            register_commentable(comment_kind)

        # The supporter's home (今日やること): dues, repeating gaps, cash shortfalls, missing actuals.
        for kind in KINDS:
            register_alert_kind(kind)
        register_alert_provider(monitoring_alerts)
        for code, counter in COUNTERS.items():
            register_alert_counter(code, counter)
        # The company list's columns (step, last dialogue, next meeting, overdue / monitoring status).
        for column in COLUMNS:
            register_company_column(column)
        from banso.monitoring import shared

        # A lender with a consent grant reads reports, the monitoring table, the plan, 資金繰り表.
        shared.register()
        from banso.monitoring import jobs

        # Background jobs: reading accounting and sales-mix files, the monthly report batch; the
        # scheduled monitoring_due (banso/core/jobs.py).
        jobs.register()
