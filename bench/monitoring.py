"""Benchmarks (`make bench`): monitoring at bank scale. Prints timings; asserts nothing.

Builds a throwaway database (SQLite in a temp folder, or the PostgreSQL of DATABASE_URL when set — use
a scratch database) with one bank of N companies (default 50,000), monthly actuals for a share of them,
and one company with 10 years of monthly actuals, a 5-year plan and the record ten years of monthly
meetings leave (gaps, meetings, reviewed next-month actions, KPIs, the 資金繰り表), so the review
screen and the report render every section. Times: the month's review screen,
the monitoring table page, the monitoring API (default period and all 120 months), the 12-month report
(figures, PDF, Excel), a 50,000-row journal import and a 推移表 import (upload/preview and commit),
with files the script builds (each import three times, into companies without actuals).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time
from pathlib import Path

from scratch import Timings, use_scratch_database

use_scratch_database("banso-bench-monitoring-")

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
IMPORT_RUNS = 3  # each import run writes into its own company
YEARS = 10

TIMINGS = Timings(width=58)
record, once, ROWS = TIMINGS.record, TIMINGS.once, TIMINGS.rows


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


def ok(response):
    assert response.status_code == 200, response.status_code


# --- data -----------------------------------------------------------------------------------------


def build():
    from banso.companies.engines.industries import INDUSTRIES
    from banso.companies.models import Company
    from banso.core.roles import Role
    from banso.core.text import search_index
    from banso.demo.scale import ACTUAL_LINES
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
    base = ACTUAL_LINES  # the monthly amounts of the scale demo's companies
    keys = tuple(base)

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
    version = create_plan(
        target, by=admin, title="ベンチ計画", start_month=plan_start, years=5, yearly=yearly
    )
    records = monitoring_record(target, admin, version, this, ten_years)
    importers = list(Company.objects.filter(pk__in=ids[-6:]).order_by("pk"))  # companies without actuals
    _, token = create_api_token(membership, name="bench")
    seconds = time.perf_counter() - start
    print(
        f"data: {COMPANIES:,} companies, {MonthlyActual.objects.count():,} monthly actual rows "
        f"({WITH_ACTUALS:,} companies × 24 months, one × {YEARS} years with {records}), "
        f"built in {seconds:.0f} s",
        flush=True,
    )
    return admin, target, importers, token, this


def monitoring_record(company, by, version, this, months) -> str:
    """What ten years of monthly meetings leave on the measured company, written through the domain:
    measures, a gap every fourth month (and a repeating one in the last quarter), a meeting and three
    next-month actions (reviewed) per month, six KPIs with every month filled, the 資金繰り表 (terms,
    three lenders with five years of repayments, the last 24 months entered)."""
    from decimal import Decimal

    from banso.monitoring.domain import cashflow as cash_domain
    from banso.monitoring.domain import gaps as gap_domain
    from banso.monitoring.domain import kpis as kpi_domain
    from banso.monitoring.domain import meetings as meeting_domain
    from banso.monitoring.domain import next_month_actions as action_domain
    from banso.monitoring.domain import plans as plan_domain

    for order in range(1, 7):
        plan_domain.add_measure(
            version,
            by=by,
            title=f"施策{order}（販路開拓と原価低減）",
            owner="代表",
            start_month=version.first_month,
            expected_effect=1_000_000 * order,
            line="net_sales" if order % 2 else "cost_of_sales",
            status="in_progress",
            progress_note="計画どおり進行中。",
            order=order,
        )
    gap_months = {m for i, m in enumerate(months) if i % 4 == 0} | set(months[-3:])
    for month in sorted(gap_months):
        gap_domain.record_gap(
            company,
            line="net_sales",
            month=month,
            plan_version=version,
            by=by,
            cause="orders_down",
            why_chain="主要取引先の受注減 → 生産調整 → 取引先が1社に集中している。",
            response="新規取引先への営業訪問を増やし、見積を前倒しで提出する。",
            owner="代表",
            status="done",
            effect="partial",
        )
    for month in months[-12 * YEARS :]:
        meeting_domain.save_meeting(
            company,
            month,
            by=by,
            expected_version=None,
            held_on=(month + 1).first_day,
            attendees="代表、経理担当、支援者",
            discussion=f"{month.label}の実績を確認。",
            decisions="次月の重点アクションを決定。",
        )
    for month in [*months, this]:
        for n in range(3):
            action = action_domain.create_next_month_action(
                company,
                by=by,
                month=month.first_day,
                title=f"重点アクション{n + 1}",
                owner="代表",
                measure="月末までに完了",
            )
            if month != this:
                action_domain.review_next_month_action(
                    action,
                    by=by,
                    expected_version=action.version,
                    review=("done", "partly")[n % 2],
                    review_note="" if n % 2 == 0 else "半分まで進んだ。",
                )
    values = {}
    for n in range(6):
        kpi = kpi_domain.create_kpi(
            company, by=by, name=f"KPI{n + 1}", unit="件", direction=("higher", "lower")[n % 2]
        )
        for i, month in enumerate(months):
            values[(kpi.pk, month.first_day)] = (Decimal(20), Decimal(15 + i % 10))
    kpi_domain.save_kpi_months(
        company, by=by, months=[m.first_day for m in months], values=values, expected_sheet_version=None
    )
    cash_domain.save_terms(
        company,
        by=by,
        cash_sales_ratio=Decimal("0.1"),
        collection_months=2,
        cash_purchase_ratio=Decimal("0"),
        payment_months=1,
        minimum_balance=None,
    )
    entered = months[-24:]
    lenders = []
    for n in range(3):
        lender = cash_domain.add_lender(company, by=by, name=f"ベンチ信用金庫{n + 1}")
        rows = {entered[0] + i: (None, 500_000, 60_000) for i in range(60)}
        cash_domain.save_loan_schedule(lender, by=by, rows=rows)
        lenders.append(lender)
    for i, month in enumerate(entered):
        amounts = {
            ("cash_sales", None): 2_500_000,
            ("receivable_collections", None): 22_500_000,
            ("payable_payments", None): 17_500_000,
            ("personnel", None): 4_500_000,
            ("other_expenses", None): 1_400_000,
            ("interest", None): 180_000,
        }
        if i == 0:
            amounts[("opening_balance", None)] = 40_000_000
        for lender in lenders:
            amounts[("repayment", lender.pk)] = 500_000
        cash_domain.save_month_entries(company, by=by, month=month, amounts=amounts)
    return (
        f"{len(gap_months)} gaps, {len(months)} meetings, {3 * (len(months) + 1)} actions, "
        f"6 KPIs × {len(months)} months, 資金繰り表 of {len(entered)} months"
    )


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
    from banso.demo.monitoring.records import map_unknown_accounts_to_sga
    from banso.monitoring.domain import imports as import_domain
    from banso.monitoring.domain.reports import draft_report, render_files
    from banso.monitoring.domain.table import current_plan_version

    admin, target, importers, token, this = build()
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
    months = [this - back for back in range(12, 0, -1)]
    trial = trial_file(months)
    samples: dict[str, list[float]] = {}

    def clock(label, call):
        start = time.perf_counter()
        result = call()
        samples.setdefault(label, []).append((time.perf_counter() - start) * 1000)
        return result

    upload = f"journal import, {JOURNAL_ROWS:,} rows ({len(journal) / 1e6:.1f} MB): upload + preview"
    runs = IMPORT_RUNS
    for company in importers[:runs]:  # each run imports into a company without actuals
        imported = clock(
            upload,
            lambda company=company: import_domain.upload_import(
                company, by=admin, upload=SimpleUploadedFile("仕訳帳.csv", journal, content_type="text/csv")
            ),
        )
        clock(
            "journal import: commit",
            lambda imported=imported: import_domain.commit_import(
                imported, by=admin, expected_version=imported.version
            ),
        )
    for company in importers[runs : 2 * runs]:
        imported = clock(
            "推移表 import, 80 accounts × 12 months: upload + preview",
            lambda company=company: import_domain.upload_import(
                company, by=admin, upload=SimpleUploadedFile("月次推移表.csv", trial, content_type="text/csv")
            ),
        )
        map_unknown_accounts_to_sga(company, imported, admin)
        clock(
            "推移表 import: commit",
            lambda imported=imported: import_domain.commit_import(
                imported, by=admin, expected_version=imported.version
            ),
        )
    for label, values in samples.items():
        record(label, values)

    print("\n| measure | time |\n|---|---|")
    for label, text in ROWS:
        print(f"| {label} | {text} |")


if __name__ == "__main__":
    main()
