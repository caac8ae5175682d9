"""Prints the demo logins (used by `make run`)."""

from django.core.management.base import BaseCommand

from banso.demo.people import CCI_ADVISOR, DEMO_PASSWORD, LENDER, OFFICE_ADMIN, OPERATOR, USERS


class Command(BaseCommand):
    help = "デモ用ログインの一覧を表示します。"

    def handle(self, *args, **options):
        self.stdout.write(f"デモ用ログイン（パスワードはすべて {DEMO_PASSWORD}）:")
        for username, full_name, _, _, description in [*USERS, OFFICE_ADMIN, LENDER, CCI_ADVISOR, OPERATOR]:
            self.stdout.write(f"  {username:<10} {full_name}  — {description}")
