"""One bench run (called by bench/run.py): build one bank with seed_scale's builder in the database of
DATABASE_URL (a scratch SQLite file when unset), time every main page, report and API list in-process
with the Django test client, and write the results as JSON to BENCH_OUT.

Per URL: median and p95 of the server time, the median CPU time of the process, the median time spent
in SQL (measured around every query with connection.execute_wrapper), the number of queries of one
request and the response size.
"""

from __future__ import annotations

import gc
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scratch import use_scratch_database

use_scratch_database("banso-bench-")

import django  # noqa: E402
from django.conf import settings as _settings  # noqa: E402

# Jobs wait for a worker, as in production (the test settings run them inside the request).
_settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

COMPANIES = int(os.environ.get("BENCH_COMPANIES", "5000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
SLUG = "scale"


class SqlTimer:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


class Rendered:
    """A document rendered outside a request (what the worker does), shaped like a response."""

    status_code = 200
    streaming = False

    def __init__(self, content: bytes):
        self.content = content


def measure(call, ok=(200,)) -> dict:
    call()  # warm up (caches, template loading)
    totals, cpus, sqls, queries = [], [], [], []
    size = 0
    for _ in range(RUNS):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start, cpu = time.perf_counter(), time.process_time()
            response = call()
            content = b"".join(response) if response.streaming else response.content
            totals.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        if response.status_code not in ok:
            raise SystemExit(f"HTTP {response.status_code}")
        sqls.append(timer.seconds * 1000)
        queries.append(timer.count)
        size = len(content)
    totals.sort()
    return {
        "median": statistics.median(totals),
        "p95": totals[max(0, math.ceil(len(totals) * 0.95) - 1)],
        "sql": statistics.median(sqls),
        # CPU time of this process: what the request costs on an idle core, whatever else the machine
        # runs (on PostgreSQL the server's own CPU is not in it; its SQL time is in "sql").
        "cpu": statistics.median(cpus),
        "queries": max(queries),
        "bytes": size,
    }


def setup():
    from banso.companies.models import Company
    from banso.core.models import ActivityLog
    from banso.demo.scale import build_bank
    from banso.engagements.models import Engagement
    from banso.monitoring.domain.plans import create_plan
    from banso.monitoring.domain.reports import draft_report
    from banso.monitoring.engines.months import Month, fiscal_year_start
    from banso.monitoring.models import MonitoringReport
    from banso.orgs.domain import create_api_token
    from banso.orgs.models import Membership, Organization, User

    call_command("migrate", verbosity=0)
    settings.PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="banso-bench-private-"))
    start = time.perf_counter()
    # BENCH_REUSE=1 measures a bank already built in this database (seed_scale, or an earlier run),
    # so a change can be measured again at 50,000 companies without an hour of seeding.
    reused = bool(os.environ.get("BENCH_REUSE")) and Organization.objects.filter(slug=SLUG).exists()
    if reused:
        counts = {"companies": Company.objects.filter(organization__slug=SLUG).count()}
    else:
        counts = build_bank(companies=COMPANIES, slug=SLUG, log=lambda _line: None)
    seeded = time.perf_counter() - start
    admin = User.objects.get(username=f"{SLUG}-admin")
    supporter = User.objects.get(username=f"{SLUG}-sup-0001")
    owner = User.objects.get(username=f"{SLUG}-owner")
    company = Company.objects.filter(organization__slug=SLUG).order_by("pk").first()
    engagement = Engagement.objects.filter(company=company).get()
    # A five-year plan and one 12-month monitoring report for the measured company.
    this = Month.of(django.utils.timezone.localdate())
    latest = this - 1
    start_month = fiscal_year_start(
        latest.fiscal_year(company.fiscal_year_end_month) - 2, company.fiscal_year_end_month
    )
    yearly = {
        start_month.fiscal_year(company.fiscal_year_end_month) + i: {
            "net_sales": 300_000_000,
            "cost_of_sales": 210_000_000,
            "sga": 78_000_000,
            "personnel_costs": 54_000_000,
            "depreciation": 7_200_000,
            "non_operating_income": 1_200_000,
            "non_operating_expenses": 2_400_000,
            "income_taxes": 600_000,
        }
        for i in range(5)
    }
    report = MonitoringReport.objects.filter(company=company).order_by("pk").first()
    if report is None:
        version = create_plan(
            company, by=admin, title="ベンチ計画", start_month=start_month, years=5, yearly=yearly
        )
        report = draft_report(
            company, by=admin, from_month=latest - 11, to_month=latest, plan_version=version
        )
    membership = Membership.objects.get(user=supporter, organization__slug=SLUG)
    _, token = create_api_token(membership, name="bench")
    activity_rows = ActivityLog.objects.filter(organization_id=company.organization_id).count()
    return {
        "admin": admin,
        "supporter": supporter,
        "owner": owner,
        "company": company,
        "engagement": engagement,
        "report": report,
        "token": token,
        "counts": counts,
        "seeded": seeded,
        "activity_rows": activity_rows,
    }


class _Done:
    """What measure() needs of a response, for work that is not a request."""

    status_code = 200
    streaming = False
    content = b""


def portfolio_snapshot(ctx):
    from banso.home import snapshots
    from banso.orgs.models import Organization

    organization = Organization.objects.get(slug=SLUG)

    def compute():
        snapshots.refresh(organization)
        return _Done()

    return compute


def pages(ctx) -> list[tuple[str, str, str, object]]:
    """(label, kind, who, callable) for every measured URL; kind is page, pdf, xlsx or api."""
    admin, supporter, owner = Client(), Client(), Client()
    admin.force_login(ctx["admin"])
    supporter.force_login(ctx["supporter"])
    owner.force_login(ctx["owner"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ctx['token']}")
    c, e = ctx["company"], ctx["engagement"]
    org = {"org": SLUG}
    co = {"org": SLUG, "company_pk": c.pk}
    en = {**co, "engagement_pk": e.pk}
    companies = reverse("companies:list", kwargs=org)
    # The list reaches its first 10,000 rows by page links (400 pages); deeper is a search or a filter.
    deep_companies = max(1, min(400, int(COMPANIES / 25 * 0.8)))
    deep_activity = max(1, int(ctx["activity_rows"] / 50 * 0.8))
    activity = reverse("orgs:activity", kwargs=org)

    def get(client, url, params=None):
        return lambda: client.get(url, params or {})

    def worker_pdf():
        from banso.engagements.exports import ProgressReportPdf

        return Rendered(ProgressReportPdf().render(engagement=e, organization=e.company.organization).content)

    def worker_xlsx():
        from banso.engagements.exports import ActionPlanXlsx
        from banso.engagements.queries import actions_of

        return Rendered(ActionPlanXlsx().render(engagement=e, actions=actions_of(e)).content)

    r = ctx["report"].pk
    return [
        ("company list, admin, first page", "page", get(admin, companies)),
        (
            f"company list, admin, page {deep_companies} (deep)",
            "page",
            get(admin, companies, {"page": deep_companies}),
        ),
        ("company list, admin, kana search", "page", get(admin, companies, {"q": "スケール00012"})),
        (
            "company list, admin, industry + sort 従業員数",
            "page",
            get(admin, companies, {"industry": c.industry_code, "sort": "-employees"}),
        ),
        (
            "company list, admin, supporter filter",
            "page",
            get(admin, companies, {"supporter": ctx["supporter"].pk}),
        ),
        ("company list, supporter", "page", get(supporter, companies)),
        ("company page", "page", get(supporter, reverse("companies:detail", kwargs={**org, "pk": c.pk}))),
        ("company history", "page", get(supporter, reverse("companies:history", kwargs={**org, "pk": c.pk}))),
        ("engagement overview (long)", "page", get(supporter, reverse("engagements:detail", kwargs=en))),
        ("dialogues (long)", "page", get(supporter, reverse("engagements:dialogues", kwargs=en))),
        ("issue tree (long)", "page", get(supporter, reverse("engagements:issues", kwargs=en))),
        ("walls", "page", get(supporter, reverse("engagements:walls", kwargs=en))),
        ("actions (long)", "page", get(supporter, reverse("engagements:action_list", kwargs=en))),
        ("timeline (long)", "page", get(supporter, reverse("engagements:timeline", kwargs=en))),
        (
            "action plan Excel link (long) → job",
            "page",
            get(supporter, reverse("engagements:action_export", kwargs=en)),
            (302,),
        ),
        ("action plan Excel (long, in the worker)", "job", worker_xlsx),
        # A long engagement's report is made by the worker: the link answers with the job page (302).
        (
            "支援経過報告書 link (long) → job",
            "page",
            get(supporter, reverse("engagements:report_pdf", kwargs=en)),
            (302,),
        ),
        ("支援経過報告書 PDF (long, in the worker)", "job", worker_pdf),
        ("activity log, first page", "page", get(admin, activity)),
        (f"activity log, page {deep_activity} (deep)", "page", get(admin, activity, {"page": deep_activity})),
        ("activity log, kind filter", "page", get(admin, activity, {"kind": "engagement."})),
        ("ローカルベンチマーク", "page", get(supporter, reverse("diagnosis:local_benchmark", kwargs=co))),
        (
            "ローカルベンチマーク PDF",
            "pdf",
            get(supporter, reverse("diagnosis:local_benchmark_pdf", kwargs=co)),
        ),
        (
            "ローカルベンチマーク Excel",
            "xlsx",
            get(supporter, reverse("diagnosis:local_benchmark_xlsx", kwargs=co)),
        ),
        ("monitoring table", "page", get(supporter, reverse("monitoring:table", kwargs=co))),
        ("monitoring review", "page", get(supporter, reverse("monitoring:review", kwargs=co))),
        (
            "monitoring report PDF (draft preview)",
            "pdf",
            get(supporter, reverse("monitoring:report_preview", kwargs={**co, "pk": r})),
        ),
        ("home 今日やること (supporter)", "page", get(supporter, reverse("home:today", kwargs=org))),
        # The worker's computation of the organization's portfolio figures (home.snapshots), then the
        # page reading them (above BANSO_PORTFOLIO_LIVE_LIMIT companies; below it the page is live).
        ("portfolio snapshot (worker)", "job", portfolio_snapshot(ctx)),
        ("portfolio (admin)", "page", get(admin, reverse("home:portfolio", kwargs=org))),
        ("portal home (owner)", "page", get(owner, reverse("portal:home", kwargs=org))),
        ("API companies page_size=100", "api", get(api, "/api/v1/companies", {"page_size": 100})),
        ("API engagements", "api", get(api, f"/api/v1/companies/{c.pk}/engagements")),
        ("API dialogues (long)", "api", get(api, f"/api/v1/engagements/{e.pk}/dialogues")),
        ("API issues (long)", "api", get(api, f"/api/v1/engagements/{e.pk}/issues")),
        ("API actions (long)", "api", get(api, f"/api/v1/engagements/{e.pk}/actions")),
        ("API monitoring table", "api", get(api, f"/api/v1/companies/{c.pk}/monitoring")),
    ]


def main():
    ctx = setup()
    # As the web process does after loading the app (config/gunicorn.conf.py when_ready): objects
    # alive now are not walked by later full collections.
    gc.freeze()
    only = os.environ.get("BENCH_ONLY", "")
    results = []
    for label, kind, call, *ok in pages(ctx):
        if only and only not in label:
            continue
        try:
            row = measure(call, *ok)
        except SystemExit as error:  # a page that fails is reported, not hidden
            row = {"error": str(error)}
        except Exception as error:
            row = {"error": f"{type(error).__name__}: {error}"[:200]}
        row.update(label=label, kind=kind)
        results.append(row)
        print(
            f"  {label:<50} {row.get('median', 0):8.1f} ms  {row.get('error', '')}",
            file=sys.stderr,
            flush=True,
        )
    out = {
        "companies": COMPANIES,
        "vendor": connection.vendor,
        "runs": RUNS,
        "seeded_seconds": ctx["seeded"],
        "rows": sum(ctx["counts"].values()),
        "counts": ctx["counts"],
        "results": results,
    }
    Path(os.environ["BENCH_OUT"]).write_text(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
