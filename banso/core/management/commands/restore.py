"""`manage.py restore ARCHIVE`: brings a backup back into an EMPTY installation (no tables, no private
files); anything else is refused and left as it was. Run `migrate` afterwards when the code is newer."""

from django.core.management.base import BaseCommand, CommandError

from banso.core.backups import BackupError, describe, restore_backup


class Command(BaseCommand):
    help = "backup で作ったアーカイブを、空のデータベースとファイル置き場に復元します。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup が作ったアーカイブ（.tar.gz）")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"復元しました: {describe(manifest)}")
