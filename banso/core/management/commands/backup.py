"""`manage.py backup [--output FILE]`: the database and the private files in one archive
(default var/backups/banso-<timestamp>.tar.gz). See banso/core/backups.py."""

from django.core.management.base import BaseCommand, CommandError

from banso.core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "データベースと添付ファイル等を1つのアーカイブにバックアップします。"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="出力先（省略時は var/backups/banso-<日時>.tar.gz）")

    def handle(self, *args, output=None, **options):
        try:
            path = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(path))
