from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "banso.monitoring"
    label = "monitoring"
    verbose_name = "モニタリング"

    def ready(self):
        from banso.core.engagement_panels import register_engagement_panel
        from banso.core.portal import register_portal_provider
        from banso.monitoring.engagement_panel import monitoring_schedule_panel
        from banso.monitoring.portal import PROVIDER as PORTAL_PROVIDER

        # The engagement page shows an 早期 / 405 engagement's monitoring schedule (next due, overdue).
        register_engagement_panel(monitoring_schedule_panel)
        # The owner portal: this month's key actions, the plan's targets, issued reports.
        register_portal_provider(PORTAL_PROVIDER)

        from banso.monitoring import shared

        # A lender with a consent grant reads reports, the monitoring table, the plan, 資金繰り表.
        shared.register()
