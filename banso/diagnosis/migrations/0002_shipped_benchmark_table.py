"""Load the benchmark table shipped with Banso (METI ローカルベンチマーク, 2018 data vintage) as the
system-wide version "2018". Newer tables are added by `load_benchmark_table` or an organization's
管理者; this version stays, so results computed with it remain reproducible."""

import hashlib

from django.db import migrations


def load_shipped(apps, schema_editor):
    from banso.diagnosis.engines.benchmark_table import (
        SHIPPED_CSV_PATH,
        SHIPPED_SOURCE,
        SHIPPED_VERSION,
        parse_benchmark_csv,
    )

    BenchmarkTable = apps.get_model("diagnosis", "BenchmarkTable")
    if BenchmarkTable.objects.filter(organization__isnull=True, version=SHIPPED_VERSION).exists():
        return
    text = SHIPPED_CSV_PATH.read_text(encoding="utf-8-sig")
    table = parse_benchmark_csv(text, version=SHIPPED_VERSION)
    BenchmarkTable.objects.create(
        organization=None,
        version=SHIPPED_VERSION,
        source=SHIPPED_SOURCE,
        csv_text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        row_count=len(table),
    )


def unload_shipped(apps, schema_editor):
    from banso.diagnosis.engines.benchmark_table import SHIPPED_VERSION

    apps.get_model("diagnosis", "BenchmarkTable").objects.filter(
        organization__isnull=True, version=SHIPPED_VERSION, results__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("diagnosis", "0001_initial")]

    operations = [migrations.RunPython(load_shipped, unload_shipped)]
