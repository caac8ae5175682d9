"""Benchmarks (`make bench`): monitoring at bank scale. Prints timings; asserts nothing.

Builds a throwaway database (SQLite in a temp folder, or the PostgreSQL of DATABASE_URL when set — use
a scratch database) with one bank of N companies (default 50,000), monthly actuals for a share of them,
and one company with 10 years of monthly actuals and a 5-year plan. Times: the month's review screen,
the monitoring table page, the monitoring API (default period and all 120 months), the 12-month report
(figures, PDF, Excel), a 50,000-row journal import and a 推移表 import (upload/preview and commit),
with files the script builds.
"""

from __future__ import annotations

import csv
import io
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
if "DATABASE_URL" not in os.environ:
    os.environ["BANSO_VAR_DIR"] = tempfile.mkdtemp(prefix="banso-bench-monitoring-")
    os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BANSO_VAR_DIR']}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

COMPANIES = int(os.environ.get("BENCH_COMPANIES", "50000"))
WITH_ACTUALS = int(os.environ.get("BENCH_COMPANIES_WITH_ACTUALS", "2000"))  # 24 months each
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
JOURNAL_ROWS = int(os.environ.get("BENCH_JOURNAL_ROWS", "50000"))
YEARS = 10

ROWS: list[tuple[str, str]] = []


def record(label: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[max(0, math.ceil(len(samples) * 0.95) - 1)]
    text = f"median {statistics.median(samples):8.1f} ms   p95 {p95:8.1f} ms   (n={len(samples)})"
    ROWS.append((label, text))
    print(f"{label:<58} {text}", flush=True)


def timed(label, call, runs=RUNS, check=None):
    call()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - start) * 1000)
        if check is not None:
            check(result)
    record(label, samples)
    return result


def once(label, call):
    start = time.perf_counter()
    result = call()
    record(label, [(time.perf_counter() - start) * 1000])
    return result


def ok(response):
    assert response.status_code == 200, response.status_code


# --- data -----------------------------------------------------------------------------------------


def build():
    from banso.companies.engines.industries import INDUSTRIES
    from banso.companies.models import Company
    from banso.core.roles import Role
    from banso.core.text import search_index
    from banso.monitoring.domain.plans import create_plan
    from banso.monitoring.engines.months import Month, fiscal_year_start
    from banso.monitoring.models import MonthlyActual
    from banso.orgs.domain import create_api_token
    from banso.orgs.models import Membership, Organization, User

    call_command("migrate", verbosity=0)
    settings.PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="banso-bench-private-"))
    org = Organization.objects.create(name="ベンチ銀行", slug="bench", kind="bank")
    admin = User.objects.create_user("bench-admin", password="bench-password-123")
    membership = Membership.objects.create(user=admin, organization=org, role=Role.ORG_ADMIN)
    codes = list(INDUSTRIES)
    start = time.perf_counter()
    Company.objects.bulk_create(
        [
            Company(
                organization=org,
                name=f"株式会社ベンチ{i:05d}",
                name_kana=f"ベンチ{i:05d}",
                industry_code=codes[i % len(codes)],
                fiscal_year_end_month=3,
                employees=i % 300,
                search_text=search_index(names=[f"株式会社ベンチ{i:05d}"], readings=[f"ベンチ{i:05d}"]),
            )
            for i in range(COMPANIES)
        ],
        batch_size=2000,
    )
    ids = list(Company.objects.order_by("pk").values_list("pk", flat=True))
    this = Month.of(django.utils.timezone.localdate())
    keys = (
        "net_sales",
        "cost_of_sales",
        "sga",
        "personnel_costs",
        "depreciation",
        "non_operating_income",
        "non_operating_expenses",
        "income_taxes",
        "cash_and_deposits",
        "borrowings",
    )
    base = {
        "net_sales": 25_000_000,
        "cost_of_sales": 17_500_000,
        "sga": 6_500_000,
        "personnel_costs": 4_500_000,
        "depreciation": 600_000,
        "non_operating_income": 100_000,
        "non_operating_expenses": 200_000,
        "income_taxes": 50_000,
        "cash_and_deposits": 40_000_000,
        "borrowings": 100_000_000,
    }

    def actuals(company_id, months):
        return [
            MonthlyActual(
                company_id=company_id,
                month=month.first_day,
                line=key,
                amount=base[key] + (month.index % 12) * 10_000,
                source="manual",
            )
            for month in months
            for key in keys
        ]

    recent = [this - back for back in range(24, 0, -1)]
    batch = []
    for company_id in ids[1 : 1 + WITH_ACTUALS]:
        batch.extend(actuals(company_id, recent))
        if len(batch) >= 20_000:
            MonthlyActual.objects.bulk_create(batch, batch_size=5000)
            batch = []
    MonthlyActual.objects.bulk_create(batch, batch_size=5000)

    target = Company.objects.get(pk=ids[0])
    ten_years = [this - back for back in range(12 * YEARS, 0, -1)]
    MonthlyActual.objects.bulk_create(actuals(target.pk, ten_years), batch_size=5000)
    plan_start = fiscal_year_start((this - 1).fiscal_year(3) - 4, 3)
    yearly = {
        plan_start.fiscal_year(3) + i: {k: v * 12 for k, v in base.items() if k not in keys[-2:]}
        for i in range(5)
    }
    create_plan(target, by=admin, title="ベンチ計画", start_month=plan_start, years=5, yearly=yearly)
    importer = Company.objects.get(pk=ids[-1])  # imports go to a company without actuals
    _, token = create_api_token(membership, name="bench")
    seconds = time.perf_counter() - start
    print(
        f"data: {COMPANIES:,} companies, {MonthlyActual.objects.count():,} monthly actual rows "
        f"({WITH_ACTUALS:,} companies × 24 months, one × {YEARS} years), built in {seconds:.0f} s",
        flush=True,
    )
    return admin, target, importer, token, this


# --- files ----------------------------------------------------------------------------------------

JOURNAL_HEADER = [
    "No",
    "取引日",
    "管理番号",
    "借方勘定科目",
    "借方決算書表示名",
    "借方金額",
    "借方税区分",
    "借方税金額",
    "貸方勘定科目",
    "貸方決算書表示名",
    "貸方金額",
    "貸方税区分",
    "貸方税金額",
]


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def journal_file(year: int, rows: int) -> bytes:
    """A freee 仕訳帳 of `rows` rows over the twelve months of `year`."""
    accounts = ["売上高", "仕入高", "給料手当", "地代家賃", "消耗品費", "旅費交通費", "支払手数料", "雑収入"]
    out = [JOURNAL_HEADER]
    for i in range(rows):
        name = accounts[i % len(accounts)]
        revenue = name in ("売上高", "雑収入")
        amount = f"{1_000 + i % 97:,}"
        debit, credit = ("普通預金", name) if revenue else (name, "普通預金")
        day = f"{year}/{i % 12 + 1:02d}/{i % 28 + 1:02d}"
        out.append([i + 1, day, "", debit, debit, amount, "", "", credit, credit, amount, "", ""])
    return csv_bytes(out)


def trial_file(months) -> bytes:
    """A freee 月次推移表 (Shift_JIS) with 80 accounts over `months`."""
    names = ["売上高", "仕入高", "外注加工費", "給料手当", "法定福利費", "減価償却費", "地代家賃"]
    names += ["受取利息", "支払利息", *[f"雑費{i:02d}" for i in range(80 - 9)]]
    header = ["勘定科目コード", "勘定科目", *[f"{m.year}/{m.month:02d}" for m in months], "期間累計"]
    out = [["月次推移表"], header]
    for i, name in enumerate(names):
        values = [100_000 + 1_000 * i + m.month for m in months]
        out.append([f"{4000 + i}", name, *[f"{v:,}" for v in values], f"{sum(values):,}"])
    return csv_bytes(out, encoding="cp932")


# --- main -----------------------------------------------------------------------------------------


def main():
    from banso.monitoring.domain import imports as import_domain
    from banso.monitoring.domain.reports import draft_report, render_files
    from banso.monitoring.domain.table import current_plan_version

    admin, target, importer, token, this = build()
    engine = django.db.connection.vendor
    print(f"Banso monitoring bench — {COMPANIES:,} companies, {engine}, {RUNS} runs each", flush=True)
    client = Client()
    client.force_login(admin)
    kwargs = {"org": "bench", "company_pk": target.pk}
    latest = this - 1
    timed(
        "review screen (月次レビュー), latest month",
        lambda: client.get(reverse("monitoring:review", kwargs=kwargs)),
        check=ok,
    )
    timed(
        "monitoring table page, fiscal year to date",
        lambda: client.get(reverse("monitoring:table", kwargs=kwargs)),
        check=ok,
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/companies/{target.pk}/monitoring"
    timed("API GET /monitoring (default period)", lambda: api.get(url), check=ok)
    first = this - 12 * YEARS
    timed(
        "API GET /monitoring, 120 months (10 years)",
        lambda: api.get(url, {"from": str(first), "to": str(latest)}),
        check=ok,
    )

    version = current_plan_version(target)
    report = once(
        "report: draft (12 months: figures + sentences)",
        lambda: draft_report(target, by=admin, from_month=latest - 11, to_month=latest, plan_version=version),
    )
    from banso.monitoring.exports.report_pdf import MonitoringReportPdf
    from banso.monitoring.exports.report_xlsx import MonitoringReportXlsx

    options = {"report": report, "figures": report.figures, "issued_at": None, "issued_by": None}
    pdf = timed("report PDF, 12 months", lambda: MonitoringReportPdf().render(**options), runs=RUNS)
    xlsx = timed("report Excel, 12 months", lambda: MonitoringReportXlsx().render(**options), runs=RUNS)
    timed("report PDF + Excel together (render_files)", lambda: render_files(report), runs=3)
    print(f"  (PDF {len(pdf.content):,} bytes, Excel {len(xlsx.content):,} bytes)", flush=True)

    journal = journal_file((this - 1).year, JOURNAL_ROWS)
    imported = once(
        f"journal import, {JOURNAL_ROWS:,} rows ({len(journal) / 1e6:.1f} MB): upload + preview",
        lambda: import_domain.upload_import(
            importer, by=admin, upload=SimpleUploadedFile("仕訳帳.csv", journal, content_type="text/csv")
        ),
    )
    once(
        "journal import: commit",
        lambda: import_domain.commit_import(imported, by=admin, expected_version=imported.version),
    )
    months = [this - back for back in range(12, 0, -1)]
    trial = trial_file(months)
    imported = once(
        "推移表 import, 80 accounts × 12 months: upload + preview",
        lambda: import_domain.upload_import(
            importer, by=admin, upload=SimpleUploadedFile("月次推移表.csv", trial, content_type="text/csv")
        ),
    )
    unmapped = [a["name"] for a in imported.preview.get("unmapped_accounts", [])]
    if unmapped:
        mapping = import_domain.company_mapping(importer)
        import_domain.map_import_accounts(
            imported,
            by=admin,
            choices=dict.fromkeys(unmapped, "sga"),
            expected_version=mapping.version if mapping else None,
        )
        imported.refresh_from_db()
    once(
        "推移表 import: commit",
        lambda: import_domain.commit_import(imported, by=admin, expected_version=imported.version),
    )

    print("\n| measure | time |\n|---|---|")
    for label, text in ROWS:
        print(f"| {label} | {text} |")


if __name__ == "__main__":
    main()
