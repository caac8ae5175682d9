"""`manage.py monitoring_due [--days 30] [--org SLUG] [--today YYYY-MM-DD]`: the public programmes'
monitorings that are overdue or due within the days, one line each (for cron; exit status 0)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from banso.monitoring.domain.schedules import DUE_SOON_DAYS, all_open_dues


class Command(BaseCommand):
    help = "早期経営改善計画・405事業のモニタリングのうち、期限超過と期限が近いものを一覧にします。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=DUE_SOON_DAYS, help="何日先までを「期限が近い」とするか"
        )
        parser.add_argument("--org", help="支援機関のスラッグ（省略時はすべて）")
        parser.add_argument("--today", help="基準日 YYYY-MM-DD（省略時は今日）")

    def handle(self, *args, days, org, today, **options):
        if days < 0:
            raise CommandError("--days は0以上で指定してください。")
        try:
            base = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today は YYYY-MM-DD の形で指定してください。") from exc
        due_soon, overdue = all_open_dues(today=base, days=days, organization_slug=org)
        for label, dues in (("期限超過", overdue), (f"{days}日以内", due_soon)):
            for due in dues:
                company = due.schedule.company
                self.stdout.write(
                    f"{label}\t{due.due_on:%Y-%m-%d}\t{company.organization.slug}\t{company.name}\t"
                    f"{due.schedule.get_programme_display()}\t{due.get_kind_display()}"
                )
        self.stdout.write(f"期限超過 {len(overdue)}件、{days}日以内 {len(due_soon)}件")
