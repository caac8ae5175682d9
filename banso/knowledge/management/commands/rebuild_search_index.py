"""Rebuild the knowledge search index from the records (after an import, a bulk change or an upgrade)."""

from django.core.management.base import BaseCommand

from banso.core import search_sources
from banso.knowledge import search_index


class Command(BaseCommand):
    help = "ナレッジ検索のインデックスを記録から作り直します。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            choices=sorted(search_sources.sources()),
            help="作り直す種類（省略時はすべて）",
        )

    def handle(self, *args, **options):
        counts = search_index.rebuild(options.get("kind"), out=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"検索インデックスを作り直しました（{sum(counts.values())}件）。")
        )
