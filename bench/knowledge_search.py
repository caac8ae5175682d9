"""Benchmark (`make bench`): the knowledge search over 1,000,000 dialogues and 20,000 cases, and the
similar cases of one engagement. Prints timings; asserts nothing but that every query answers.

Builds a throwaway database (SQLite in a temp folder, or the PostgreSQL of DATABASE_URL when set — use a
scratch database: `scripts/with_postgres.sh .venv/bin/python bench/knowledge_search.py`) with
BENCH_ORGS organizations (default 100) in one network, BENCH_DIALOGUES index rows of dialogues (default
1,000,000, spread over the organizations' companies; synthetic Japanese notes from a vocabulary of
伴走支援 words, written straight into the index in bulk — the dialogue records themselves are not
created, only what the search reads) and BENCH_CASES published cases (default 20,000, published to the
network, with their index rows). Then times, for a 管理者 (sees the organization's ~10,000 dialogues and
every case of the network) and a 支援者 (sees their 10 companies' dialogues and the cases):
one-, two- and three-word queries, a one-character term, a synonym (見える化 → 可視化) and a rare term,
each over every scope; and the similar cases of one engagement. Quick run:
`BENCH_DIALOGUES=20000 BENCH_CASES=2000 .venv/bin/python bench/knowledge_search.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from scratch import Timings, use_scratch_database

use_scratch_database("banso-bench-knowledge-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

DIALOGUES = int(os.environ.get("BENCH_DIALOGUES", "1000000"))
CASES = int(os.environ.get("BENCH_CASES", "20000"))
ORGS = int(os.environ.get("BENCH_ORGS", "100"))
COMPANIES_PER_ORG = int(os.environ.get("BENCH_COMPANIES_PER_ORG", "50"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
UNIQUE_BODIES = 50_000  # distinct note texts; rows reuse them with their own titles
BATCH = 5000

TIMINGS = Timings(width=64)
record, once, ROWS = TIMINGS.record, TIMINGS.once, TIMINGS.rows
ALL_SAMPLES: dict[str, list[float]] = {}

# Words of 伴走支援 records, in a rough Zipf order (the first are the most common).
NOUNS = [
    "受注",
    "売上",
    "社長",
    "現場",
    "工程",
    "在庫",
    "原価",
    "人材",
    "資金繰り",
    "設備",
    "営業",
    "品質",
    "納期",
    "取引先",
    "従業員",
    "後継者",
    "価格",
    "利益",
    "仕入",
    "外注",
    "段取り",
    "会議",
    "採用",
    "教育",
    "不良",
    "顧客",
    "見積",
    "値上げ",
    "月次",
    "試算表",
    "借入",
    "返済",
    "補助金",
    "販路",
    "商品",
    "店舗",
    "配送",
    "在庫回転",
    "粗利",
    "固定費",
    "工場長",
    "専務",
    "跡継ぎ",
    "承継",
    "見える化",
    "可視化",
    "ホームページ",
    "経営計画",
    "棚卸し",
    "金属加工",
    "板金",
    "溶接",
    "塗装",
    "食品",
    "惣菜",
    "旅館",
    "介護",
    "建設",
    "運送",
    "小売",
    "卸売",
    "飲食",
    "農業",
    "印刷",
    "樹脂",
    "部品",
    "治具",
    "図面",
    "検査",
    "出荷",
    "物流",
    "倉庫",
    "発注",
    "入金",
    "支払",
    "手形",
    "信用金庫",
    "銀行",
    "税理士",
    "商工会",
]
ADJECTIVES = [
    "多すぎる",
    "足りない",
    "見えていない",
    "遅れている",
    "属人化している",
    "過剰になっている",
    "下がっている",
    "伸びない",
    "安定しない",
    "把握できていない",
    "決まらない",
    "続かない",
    "高止まりしている",
    "任せられない",
    "共有されていない",
]
TEMPLATES = (
    "{a}が{x}。",
    "社長は「{a}のことは分かっている」と話すが、{b}は{x}。",
    "{a}と{b}の関係を一緒に整理した。",
    "次回までに{a}の推移を書き出してもらう。",
    "{a}について現場の声を聞くと、{b}が{x}との意見が多い。",
    "{a}の見直しから始めることで合意した。",
    "なぜ{a}が{x}のかを掘り下げると、{b}に行き着いた。",
)


def zipf_word(rng: random.Random) -> str:
    index = min(int(rng.paretovariate(1.1)) - 1, len(NOUNS) - 1)
    return NOUNS[index]


def sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(a=zipf_word(rng), b=zipf_word(rng), x=rng.choice(ADJECTIVES))


def body(rng: random.Random, sentences: int) -> str:
    return "".join(sentence(rng) for _ in range(sentences))


# --- data -----------------------------------------------------------------------------------------


def build():
    from banso.companies.engines.industries import INDUSTRIES
    from banso.companies.models import Company
    from banso.core.roles import Role
    from banso.core.search_sources import AUDIENCE_COMPANY
    from banso.engagements.models import Engagement, IssueNode, WallAssessment
    from banso.knowledge.engines import textsearch
    from banso.knowledge.models import (
        Network,
        NetworkMembership,
        PublishedCase,
        SearchDocument,
    )
    from banso.knowledge.search_cases import case_document
    from banso.knowledge.search_index import _row_values
    from banso.orgs.models import Membership, Organization, User

    rng = random.Random(13)
    once("migrate", lambda: call_command("migrate", verbosity=0))
    orgs = Organization.objects.bulk_create(
        [Organization(name=f"ベンチ支援機関{i:03d}", slug=f"bench-{i:03d}", kind="bank") for i in range(ORGS)]
    )
    orgs = list(Organization.objects.order_by("pk"))
    network = Network.objects.create(name="ベンチ地域 伴走支援推進協議会")
    NetworkMembership.objects.bulk_create(
        [NetworkMembership(network=network, organization=o, members_may_publish=True) for o in orgs]
    )
    codes = list(INDUSTRIES)
    Company.objects.bulk_create(
        [
            Company(
                organization=o,
                name=f"株式会社ベンチ{o.pk:03d}-{i:03d}",
                name_kana=f"ベンチ{i:03d}",
                industry_code=codes[i % len(codes)],
                fiscal_year_end_month=3,
                employees=5 + i % 40,
            )
            for o in orgs
            for i in range(COMPANIES_PER_ORG)
        ],
        batch_size=BATCH,
    )
    companies = list(Company.objects.order_by("pk").values_list("pk", "organization_id", "industry_code"))
    admin = User.objects.create_user("bench-admin", password="bench-password-123")
    advisor = User.objects.create_user("bench-advisor", password="bench-password-123")
    first = orgs[0]
    Membership.objects.create(user=admin, organization=first, role=Role.ORG_ADMIN)
    Membership.objects.create(user=advisor, organization=first, role=Role.SUPPORTER)
    own_companies = [pk for pk, org_id, _ in companies if org_id == first.pk]
    for pk in own_companies[:10]:
        Company.objects.get(pk=pk).supporters.add(advisor)

    # The engagement whose similar cases are timed (its facts come through core.case_sources).
    company = Company.objects.get(pk=own_companies[0])
    company.industry_code = "0304"
    company.save()
    engagement = Engagement.objects.create(
        company=company,
        kind="process",
        status="active",
        step=3,
        started_on=dt.date(2026, 4, 1),
        planned_months=12,
        lead_supporter=advisor,
    )
    WallAssessment.objects.create(
        engagement=engagement,
        assessed_on=dt.date(2026, 4, 10),
        assessed_by=advisor,
        unseen=3,
        unfaced=3,
        unexecuted=2,
        unfollowed=1,
        under_resourced=1,
    )
    IssueNode.objects.create(
        engagement=engagement, kind="surface", text="材料の在庫が多すぎる", created_by=advisor
    )
    IssueNode.objects.create(
        engagement=engagement,
        kind="root",
        text="社長が数字を見ておらず経営の見える化ができていない",
        created_by=advisor,
    )

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # load first, index after: the GIN index is built once
            cursor.execute("DROP INDEX IF EXISTS knowledge_search_tsv")

    bodies = [body(rng, rng.randint(3, 7)) for _ in range(UNIQUE_BODIES)]
    print(
        f"  {UNIQUE_BODIES:,} distinct notes, "
        f"{statistics.mean(len(b) for b in bodies):.0f} characters on average"
    )
    tokens = {}

    def token_text(i):
        if i not in tokens:
            tokens[i] = textsearch.document_tokens(bodies[i])
        return tokens[i]

    columns = (
        "kind, object_id, organization_id, audience, company_id, engagement_id, title, body, "
        "industry_code, size_band, walls, step, tokens, updated_at"
    )

    def copy_dialogues():
        """PostgreSQL: COPY the rows (the same values as below, ten times faster than INSERTs)."""
        from django.utils import timezone

        now = timezone.now()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.connection.cursor().copy(f"COPY knowledge_searchdocument ({columns}) FROM STDIN") as copy,
        ):
            for n in range(DIALOGUES):
                company_id, org_id, industry = companies[n % len(companies)]
                index = n % UNIQUE_BODIES
                copy.write_row(
                    (
                        "dialogue",
                        n + 1,
                        org_id,
                        AUDIENCE_COMPANY,
                        company_id,
                        n % 1000 + 1,
                        f"第{n % 20 + 1}回 社長面談",
                        bodies[index],
                        industry,
                        "small",
                        "",
                        n % 7 + 1,
                        f"{token_text(index)} zi{org_id} zc{company_id}",
                        now,
                    )
                )
                if (n + 1) % 100_000 == 0:
                    print(f"  {n + 1:,} dialogues", flush=True)

    def load_dialogues():
        if connection.vendor == "postgresql":
            copy_dialogues()
            return
        done = 0
        while done < DIALOGUES:
            batch = []
            for n in range(done, min(done + BATCH, DIALOGUES)):
                company_id, org_id, industry = companies[n % len(companies)]
                index = n % UNIQUE_BODIES
                batch.append(
                    SearchDocument(
                        kind="dialogue",
                        object_id=n + 1,
                        organization_id=org_id,
                        audience=AUDIENCE_COMPANY,
                        company_id=company_id,
                        engagement_id=n % 1000 + 1,
                        title=f"第{n % 20 + 1}回 社長面談",
                        body=bodies[index],
                        industry_code=industry,
                        size_band="small",
                        step=n % 7 + 1,
                        tokens=f"{token_text(index)} zi{org_id} zc{company_id}",
                    )
                )
            with transaction.atomic():
                SearchDocument.objects.bulk_create(batch)
            done += len(batch)
            if done % 100_000 == 0:
                print(f"  {done:,} dialogues", flush=True)

    once(f"load {DIALOGUES:,} dialogue index rows", load_dialogues)

    def wall_rows():
        return [
            {"key": key, "label": key, "start": rng.randint(0, 3), "now": rng.randint(0, 2)}
            for key in ("unseen", "unfaced", "unexecuted", "unfollowed", "under_resourced")
        ]

    def load_cases():
        done = 0
        while done < CASES:
            cases = []
            for n in range(done, min(done + BATCH, CASES)):
                org = orgs[n % len(orgs)]
                cases.append(
                    PublishedCase(
                        organization=org,
                        scope="network",
                        network=network,
                        published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
                        title=f"{zipf_word(rng)}と{zipf_word(rng)}の事例{n}",
                        industry_code=codes[n % len(codes)],
                        size="small" if n % 3 else "medium",
                        prefecture="神奈川県",
                        walls=wall_rows(),
                        surface_issues="\n".join(sentence(rng) for _ in range(2)),
                        root_issues="\n".join(sentence(rng) for _ in range(2)),
                        insights=sentence(rng),
                        actions_worked=sentence(rng),
                        outcomes=sentence(rng),
                        lessons=sentence(rng),
                        body=body(rng, 4),
                        duration_months=rng.randint(3, 24),
                        steps_reached=rng.randint(1, 7),
                        tags=[zipf_word(rng)],
                    )
                )
            with transaction.atomic():
                created = PublishedCase.objects.bulk_create(cases)
                SearchDocument.objects.bulk_create(
                    [
                        SearchDocument(kind="case", object_id=case.pk, **_row_values(case_document(case)))
                        for case in created
                    ]
                )
            done += len(cases)

    once(f"load {CASES:,} published cases (+ index rows)", load_cases)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            once(
                "PostgreSQL: build the GIN index",
                lambda: cursor.execute(
                    "CREATE INDEX knowledge_search_tsv ON knowledge_searchdocument USING gin (tsv)"
                ),
            )
            once("PostgreSQL: ANALYZE", lambda: cursor.execute("ANALYZE knowledge_searchdocument"))
    else:
        with connection.cursor() as cursor:
            once("SQLite: ANALYZE", lambda: cursor.execute("ANALYZE"))
    return {
        "admin": Membership.objects.select_related("organization").get(user=admin),
        "supporter": Membership.objects.select_related("organization").get(user=advisor),
        "engagement": engagement,
    }


QUERIES = (
    ("1 word", "在庫"),
    ("1 word, common", "社長"),
    ("2 words", "在庫 過剰"),
    ("3 words", "在庫 過剰 金属加工"),
    ("1 character", "税"),
    ("synonym (見える化 → 可視化)", "見える化"),
    ("rare", "治具 図面"),
)


def main():
    from banso.knowledge import search_index
    from banso.knowledge.similar import similar_cases

    print(f"database: {connection.vendor}", flush=True)
    world = build()
    print(f"index rows: {search_index.SearchDocument.objects.count():,}", flush=True)
    for actor in ("admin", "supporter"):
        membership = world[actor]
        for scope in ("all", "organization", "network"):
            for label, text in QUERIES:
                filters = search_index.SearchFilters(scope=scope)

                def call(text=text, filters=filters, membership=membership):
                    page = search_index.search(membership, text, filters=filters)
                    return page.paginator.count, len(page.object_list)

                count, _ = call()  # warm up
                samples = []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    call()
                    samples.append((time.perf_counter() - start) * 1000)
                ALL_SAMPLES.setdefault(f"all searches as {actor}", []).extend(samples)
                ALL_SAMPLES.setdefault("all searches", []).extend(samples)
                record(f"{actor} / {scope} / {label} ({count:,} hits)", samples)
    for label, samples in ALL_SAMPLES.items():
        record(label, samples)
    for actor, text in (("admin", "在庫"), ("supporter", "社長")):
        _, queryset = search_index.search_queryset(world[actor], text, search_index.SearchFilters())
        options = {"analyze": True} if connection.vendor == "postgresql" else {}
        print(f"\nplan ({actor}, {text}):\n" + queryset.only("id")[:20].explain(**options), flush=True)

    engagement = world["engagement"]
    membership = world["supporter"]
    result = similar_cases(membership, engagement.pk)
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        similar_cases(membership, engagement.pk)
        samples.append((time.perf_counter() - start) * 1000)
    record(f"similar cases for one engagement (of {CASES:,} cases)", samples)
    for item in result or []:
        print(f"  {item.score:5.2f}  {item.case.title}  {'・'.join(item.reasons)}")

    print(f"\n{connection.vendor}: {DIALOGUES:,} dialogues, {CASES:,} cases, {ORGS} organizations")
    print("| measure | time |\n|---|---|")
    for label, text in ROWS:
        print(f"| {label} | {text} |")


if __name__ == "__main__":
    main()
