"""`manage.py send_digests [--date YYYY-MM-DD]`: the daily digest e-mail (for cron, once a morning).
Safe to run twice the same day: a user gets at most one digest per date (home.digests)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from banso.home.digests import send_digests


class Command(BaseCommand):
    help = (
        "利用者ごとに、未読の通知と今日やることを1通のメールにまとめて送ります（同じ日に2回実行しても1通）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="対象日 YYYY-MM-DD（省略時は今日・日本時間）")

    def handle(self, *args, date, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("--date は YYYY-MM-DD の形で指定してください。") from exc
        summary = send_digests(day=day)
        self.stdout.write(str(summary))
