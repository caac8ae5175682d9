from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "banso.home"
    label = "home"
    verbose_name = "今日やること・ポートフォリオ"

    def ready(self):
        from banso.home import jobs

        jobs.register()
