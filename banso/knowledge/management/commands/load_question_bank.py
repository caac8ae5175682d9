from django.core.management.base import BaseCommand
from django.db import transaction

from banso.knowledge.models import BankItem
from banso.knowledge.shipped import sync_shipped_items


class Command(BaseCommand):
    help = "同梱の質問バンク（banso/knowledge/data/question_bank.json）をデータベースに反映します。"

    def handle(self, *args, **options):
        with transaction.atomic():
            added, updated = sync_shipped_items(BankItem)
        self.stdout.write(f"質問バンク: 追加 {added} 件、更新 {updated} 件")
