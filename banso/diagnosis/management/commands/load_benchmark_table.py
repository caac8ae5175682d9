"""`python manage.py load_benchmark_table FILE --table-version 2024 --source "…"`: add a system-wide version
of the ローカルベンチマーク reference table (every organization then evaluates new results with it).

The file must have the layout of banso/diagnosis/engines/data/locaben_benchmarks_2018.csv. Nothing is written
unless every row is valid; each problem is printed with its line and column.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from banso.core.spreadsheets import UploadError
from banso.diagnosis.domain.benchmarks import load_system_table
from banso.diagnosis.engines.benchmark_table import read_benchmark_upload


class Command(BaseCommand):
    help = "ローカルベンチマークの基準値（CSV）を、全支援機関で使う新しい版として登録します。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="基準値の CSV ファイル（UTF-8 または Shift_JIS）")
        parser.add_argument(
            "--table-version", dest="table_version", required=True, help="版の名前（例: 2024）"
        )
        parser.add_argument("--source", required=True, help="出典（どこから入手した基準値か）")

    def handle(self, *args, path, table_version, source, **options):
        raw = Path(path).read_bytes() if Path(path).is_file() else None
        if raw is None:
            raise CommandError(f"ファイル {path} が見つかりません。")
        try:
            text = read_benchmark_upload(raw)
        except UploadError as exc:
            raise CommandError(exc.message) from exc
        try:
            table = load_system_table(version=table_version, source=source, csv_text=text)
        except ValidationError as exc:
            raise CommandError(
                "登録できませんでした（何も登録していません）。\n" + "\n".join(exc.messages)
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(f"基準値「{table.version_label}」（{table.row_count}行）を登録しました。")
        )
