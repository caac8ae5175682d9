"""`python manage.py seed_scale --companies N [--seed S] [--slug scale]`: one regional bank at scale.

Adds one organization (slug `scale` unless --slug) with N companies and everything banso/demo/scale.py
describes, by bulk inserts, and prints the time taken and the row counts. It refuses when that slug
already exists (run it on an empty database, or give another --slug) — it never deletes anything —
and, like seed_demo, when DEBUG is off unless --force (the logins share the demo password).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from banso.demo.scale import ScaleError, build_bank

MAX_COMPANIES = 1_000_000


class Command(BaseCommand):
    help = "ベンチマーク・負荷試験用に、地方銀行1行分の大量データを一括登録で作成します。"

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=50_000, help="事業者数（既定 50,000）")
        parser.add_argument("--seed", type=int, default=1, help="乱数の種（同じ値なら同じデータ）")
        parser.add_argument("--slug", default="scale", help="作成する支援機関のスラッグ（既定 scale）")
        parser.add_argument(
            "--force", action="store_true", help="DEBUG が無効でも実行する（本番では使わないでください）"
        )

    def handle(self, *args, companies, seed, slug, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG が無効な環境では作成できません。共通パスワードの利用者が作られるためです。"
                "検証環境で必要な場合は --force を付けてください。"
            )
        if not 1 <= companies <= MAX_COMPANIES:
            raise CommandError(f"--companies は 1〜{MAX_COMPANIES:,} で指定してください。")
        self.stdout.write(f"事業者 {companies:,} 社の銀行「{slug}」を作成します…")
        start = time.perf_counter()
        try:
            counts = build_bank(companies=companies, seed=seed, slug=slug, log=self.stdout.write)
        except ScaleError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - start
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"  {label:<{width}} {count:>12,}")
        self.stdout.write(f"  {'合計':<{width}} {sum(counts.values()):>12,}")
        self.stdout.write(self.style.SUCCESS(f"作成しました（{seconds:.0f} 秒）。"))
