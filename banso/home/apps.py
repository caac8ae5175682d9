from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "banso.home"
    label = "home"
    verbose_name = "今日やること・ポートフォリオ"

    def ready(self):
        from banso.core.company_columns import register_company_filter
        from banso.home import jobs
        from banso.home.outcomes import company_list_filters

        jobs.register()

        # The company list behind the portfolio's outcome and statistics numbers, and per branch.
        register_company_filter(company_list_filters)
