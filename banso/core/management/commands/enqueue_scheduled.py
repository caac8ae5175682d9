"""`manage.py enqueue_scheduled NAME`: put one piece of periodic work on the task queue; the worker
(`manage.py db_worker`) runs it. For cron (django-tasks has no scheduler), e.g. each morning:

    15 6 * * *  cd /srv/banso && .venv/bin/python manage.py enqueue_scheduled monitoring_due

`--list` shows the names the areas registered (banso/core/jobs.register_scheduled)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from banso.core.jobs import scheduled


class Command(BaseCommand):
    help = "定期処理をバックグラウンド処理の待ち行列に入れます（cron 用）。"

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="定期処理の名前（--list で一覧）")
        parser.add_argument("--list", action="store_true", help="登録されている定期処理の一覧")

    def handle(self, *args, name, list, **options):
        registered = scheduled()
        if list or not name:
            for key, (label, _) in sorted(registered.items()):
                self.stdout.write(f"{key}\t{label}")
            if not name:
                return
        if name not in registered:
            raise CommandError(
                f"「{name}」という定期処理はありません。次のいずれかです: {'、'.join(sorted(registered))}"
            )
        result = registered[name][1]()
        self.stdout.write(f"{name} を待ち行列に入れました（タスクID {getattr(result, 'id', '-')}）。")
