from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "banso.core"
    label = "core"
    verbose_name = "共通"

    def ready(self):
        from banso.core import history  # noqa: F401  (connects the history signal)
        from banso.core.jobs import register_core_scheduled

        register_core_scheduled()
