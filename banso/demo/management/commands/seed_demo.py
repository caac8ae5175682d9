"""`python manage.py seed_demo`: build the demo organizations, logins and records, idempotently.

Each area's builder lives in banso/demo/ (one module or package per area) and is listed in
BUILDERS; a builder receives the shared context (organizations, users, companies) and must be safe
to run twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from banso.orgs.models import Organization

BUILDERS = [
    "banso.demo.base.build",
    "banso.demo.diagnosis.build",
    "banso.demo.engagements.build",
    "banso.demo.monitoring.build",
    "banso.demo.home.build",
    "banso.demo.sharing.build",
    "banso.demo.portal.build",
    "banso.demo.timesheet.build",
    "banso.demo.knowledge.build",
    "banso.demo.consultations.build",
    "banso.demo.comments.build",
    "banso.demo.portfolio.build",
    # Last: the search index from everything above.
    "banso.demo.search.build",
]


class Command(BaseCommand):
    help = "デモ用の支援機関・利用者・事業者などを作成します（何度実行しても重複しません）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="DEBUG が無効でも実行する（本番では使わないでください）"
        )
        parser.add_argument("--if-empty", action="store_true", help="データベースが空のときだけ作成する")

    def handle(self, *args, force, if_empty, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG が無効な環境ではデモデータを作成できません。共通パスワードの利用者が作られるためです。"
                "検証環境で必要な場合は --force を付けてください。"
            )
        if if_empty and Organization.objects.exists():
            self.stdout.write("データベースにデータがあるため、デモデータの作成は省略しました。")
            return
        context: dict = {}
        with transaction.atomic():
            for path in BUILDERS:
                import_string(path)(context)
        self.stdout.write(
            self.style.SUCCESS(f"デモデータを用意しました（事業者 {len(context['companies'])} 社）。")
        )
