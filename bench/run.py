"""Benchmarks (`make bench`): bank-scale company lists. Prints timings; asserts nothing.

Builds a throwaway database (SQLite in a temp folder, or the PostgreSQL of DATABASE_URL when set —
use a scratch database, the tables are created and filled) with one bank of N companies, then times
the pages and API calls an advisor uses most. Targets (ux.md): well under a second per page.
"""

from __future__ import annotations

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
    os.environ["BANSO_VAR_DIR"] = tempfile.mkdtemp(prefix="banso-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BANSO_VAR_DIR']}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

COMPANIES = int(os.environ.get("BENCH_COMPANIES", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def build():
    from banso.companies.engines.industries import INDUSTRIES
    from banso.companies.models import Company
    from banso.core.roles import Role
    from banso.core.text import search_index
    from banso.orgs.domain import create_api_token
    from banso.orgs.models import Membership, Organization, User

    call_command("migrate", verbosity=0)
    org = Organization.objects.create(name="ベンチ銀行", slug="bench", kind="bank")
    admin = User.objects.create_user("bench-admin", password="bench-password-123")
    advisor = User.objects.create_user("bench-advisor", password="bench-password-123")
    Membership.objects.create(user=admin, organization=org, role=Role.ORG_ADMIN)
    membership = Membership.objects.create(user=advisor, organization=org, role=Role.SUPPORTER)
    codes = list(INDUSTRIES)
    batch = [
        Company(
            organization=org,
            name=f"株式会社ベンチ{i:05d}",
            name_kana=f"ベンチ{i:05d}",
            industry_code=codes[i % len(codes)],
            fiscal_year_end_month=i % 12 + 1,
            employees=i % 300,
            search_text=search_index(names=[f"株式会社ベンチ{i:05d}"], readings=[f"ベンチ{i:05d}"]),
        )
        for i in range(COMPANIES)
    ]
    Company.objects.bulk_create(batch, batch_size=2000)
    through = Company.supporters.through
    ids = list(Company.objects.values_list("pk", flat=True))
    through.objects.bulk_create(
        [through(company_id=pk, user_id=advisor.pk) for pk in ids[: COMPANIES // 10]], batch_size=2000
    )
    _, token = create_api_token(membership, name="bench")
    return admin, advisor, token


def timed(label, call):
    call()  # warm up
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (label, response.status_code)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"{label:<48} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")


def main():
    admin, advisor, token = build()
    engine = django.db.connection.vendor
    print(f"Banso bench — {COMPANIES:,} companies, {engine}, {RUNS} runs each")
    admin_client, advisor_client = Client(), Client()
    admin_client.force_login(admin)
    advisor_client.force_login(advisor)
    companies = reverse("companies:list", kwargs={"org": "bench"})
    timed("company list, admin, first page", lambda: admin_client.get(companies))
    timed("company list, admin, page 400", lambda: admin_client.get(companies, {"page": 400}))
    timed("company list, admin, search 'べんち123'", lambda: admin_client.get(companies, {"q": "べんち123"}))
    timed(
        "company list, admin, industry filter + sort",
        lambda: admin_client.get(companies, {"industry": "0304", "sort": "-employees"}),
    )
    timed("company list, supporter (assigned 10%)", lambda: advisor_client.get(companies))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    timed(
        "API GET /companies?page_size=200 (supporter)",
        lambda: api.get("/api/v1/companies", {"page_size": 200}),
    )


if __name__ == "__main__":
    main()
