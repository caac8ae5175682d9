"""One regional bank at scale (`python manage.py seed_scale`), for the benchmark and the load test.

Everything is written with bulk inserts in batches — no per-row save, no signals — and every client
record gets its '+' history row in bulk too (simple-history's bulk_history_create, stamped with the
organization), so the audit pages have realistic volume. Shape for N companies (issue 10 part 3):

- 100 branches, N/25 supporters (at least one) spread over them, one org admin, one viewer, and the
  owner (経営者) of the first company for the portal;
- N companies, each with one supporter; 3 years of confirmed statements for every second company;
- N/5 engagements (every fifth company), each with 2 stakeholders, 30 dialogues, 10 issue nodes
  (2 表課題 → 2 なぜ each → a 裏課題 under each なぜ), 6 actions with 20 reviews between them and 3
  wall assessments; the first engagement is the long one (120 dialogues, 40 nodes, 60 actions with
  10 reviews each) that the report benchmarks print;
- 10 years of monthly actuals (10 lines) for N/10 companies (no history rows: they stand for
  accounting imports, whose trail is the import record);
- 20 activity events per company spread over three years.

The data is deterministic for a given --seed. Logins: `<slug>-admin`, `<slug>-sup-0001` …,
`<slug>-viewer`, `<slug>-owner`, all with the demo password.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from banso.companies.engines.industries import INDUSTRIES
from banso.companies.models import Company
from banso.core.models import ActivityLog
from banso.core.roles import Role
from banso.core.text import search_index
from banso.diagnosis.models import FinancialStatement
from banso.engagements.models import (
    Action,
    ActionReview,
    Dialogue,
    Engagement,
    IssueNode,
    Stakeholder,
    WallAssessment,
)
from banso.monitoring.models import MonthlyActual
from banso.orgs.models import Branch, Membership, Organization, User

DEMO_PASSWORD = "banso-demo-2026"
BATCH = 2000
TOKYO = ZoneInfo("Asia/Tokyo")
BRANCHES = 100
COMPANIES_PER_SUPPORTER = 25
ENGAGEMENT_EVERY = 5  # one engagement per five companies
ACTUALS_EVERY = 10  # ten years of monthly actuals for one company in ten
STATEMENT_YEARS = 3
ACTIVITY_PER_COMPANY = 20
ACTUAL_LINES = {
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
SURNAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "清水",
    "斎藤",
]
GIVEN = [
    "健太",
    "翔",
    "大輔",
    "美咲",
    "陽子",
    "誠",
    "亮",
    "直樹",
    "彩",
    "真一",
    "恵",
    "拓也",
    "由美",
    "達也",
    "裕子",
    "浩二",
    "智子",
    "隆",
    "香織",
    "修",
]
TRADES = [
    "製作所",
    "工業",
    "商店",
    "食品",
    "建設",
    "運輸",
    "印刷",
    "電機",
    "精機",
    "物産",
    "酒造",
    "製菓",
    "産業",
    "設備",
    "技研",
]
KANA_HEAD = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
DIALOGUE_TOPICS = ["社長面談", "工場見学", "幹部面談", "社内タスクチーム", "月次の振り返り", "後継者面談"]
ISSUE_SURFACE = ["売上が伸びない", "人手が足りない", "資金繰りが苦しい", "利益率が低い"]
ISSUE_WHY = ["価格転嫁ができていない", "営業が社長頼み", "採用の発信がない", "在庫が多い"]
ISSUE_ROOT = ["自社の強みを言葉にできていない", "権限移譲が進まない", "数字で経営を見ていない"]
ACTION_WHATS = [
    "主要顧客10社へ価格改定を提案",
    "受注データを毎週集計",
    "採用ページを作る",
    "在庫を棚卸しする",
]
ACTIVITY_CODES = [
    ("company.updated", "事業者の基本情報を更新しました"),
    ("engagement.dialogue.recorded", "対話記録を登録しました"),
    ("engagement.action.reviewed", "アクションを振り返りました"),
    ("engagement.issue.added", "課題ツリーに課題を追加しました"),
    ("diagnosis.statement.saved", "決算書を保存しました"),
]


class ScaleError(Exception):
    """The bank cannot be built (e.g. its slug is taken); the message is Japanese."""


class Builder:
    def __init__(self, *, companies: int, seed: int, slug: str, log: Callable[[str], None]):
        self.n = companies
        self.rng = random.Random(seed)
        self.slug = slug
        self.log = log
        self.counts: dict[str, int] = {}
        self.today = timezone.localdate()
        self.now = timezone.now()

    # --- helpers -----------------------------------------------------------------------------------

    def insert(self, model, rows: list, *, history: bool = True, by=None) -> list:
        """Bulk insert `rows` (pks filled in) and, for audited models, their '+' history rows."""
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(created)
        if history and hasattr(model, "history"):
            model.history.bulk_history_create(
                created,
                batch_size=BATCH,
                default_user=by,
                default_date=self.now,
                custom_historical_attrs={"history_organization_id": self.org.pk},
            )
            label = f"{model._meta.label} history"
            self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    def insert_raw(self, model, columns: list[str], rows: list[tuple]) -> None:
        """Plain INSERT … executemany for the two largest tables (monthly actuals, activity events), where
        building model instances costs more than the insert; `columns` are attnames, values adapted."""
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 10_000):
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + 10_000]
                )
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TOKYO)

    def person(self, i: int) -> str:
        return f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[(i // len(SURNAMES)) % len(GIVEN)]}"

    # --- the bank ----------------------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        if Organization.objects.filter(slug=self.slug).exists():
            raise ScaleError(
                f"支援機関「{self.slug}」はすでにあります。"
                "別の --slug を指定するか、空のデータベースで実行してください。"
            )
        steps = [
            ("支援機関・支店・利用者", self.people),
            ("事業者", self.companies),
            ("決算書", self.statements),
            ("伴走支援案件", self.engagements),
            ("対話記録", self.dialogues),
            ("課題ツリー", self.issues),
            ("アクション・振り返り", self.actions),
            ("5つの壁", self.walls),
            ("月次実績", self.actuals),
            ("活動ログ", self.activity),
        ]
        for label, step in steps:
            start = time.perf_counter()
            with transaction.atomic():
                step()
            self.log(f"  {label}: {time.perf_counter() - start:.1f} 秒")
        return self.counts

    def people(self):
        self.org = Organization.objects.create(
            name=f"スケール銀行（{self.slug}）", slug=self.slug, kind="bank"
        )
        self.counts["orgs.Organization"] = 1
        branches = self.insert(
            Branch,
            [
                Branch(organization=self.org, name=f"第{i + 1:03d}支店", code=f"{101 + i}")
                for i in range(BRANCHES)
            ],
            history=False,
        )
        password = make_password(DEMO_PASSWORD)  # hashed once, shared by every scale login
        supporters = max(1, self.n // COMPANIES_PER_SUPPORTER)
        names = [f"{self.slug}-admin", f"{self.slug}-viewer", f"{self.slug}-owner"] + [
            f"{self.slug}-sup-{i + 1:04d}" for i in range(supporters)
        ]
        users = self.insert(
            User,
            [
                User(username=name, password=password, full_name=self.person(i))
                for i, name in enumerate(names)
            ],
            history=False,
        )
        self.admin, self.viewer, self.owner_user = users[:3]
        self.supporters = users[3:]
        memberships = [
            Membership(user=self.admin, organization=self.org, role=Role.ORG_ADMIN),
            Membership(user=self.viewer, organization=self.org, role=Role.VIEWER),
        ] + [
            Membership(user=user, organization=self.org, role=Role.SUPPORTER, branch=branches[i % BRANCHES])
            for i, user in enumerate(self.supporters)
        ]
        self.insert(Membership, memberships, by=self.admin)

    def companies(self):
        codes = list(INDUSTRIES)
        rows = []
        for i in range(self.n):
            head = KANA_HEAD[i % len(KANA_HEAD)]
            name = f"株式会社{SURNAMES[i % len(SURNAMES)]}{TRADES[(i // 7) % len(TRADES)]}{i:06d}"
            kana = f"{head}スケール{i:06d}"
            rows.append(
                Company(
                    organization=self.org,
                    name=name,
                    name_kana=kana,
                    industry_code=codes[self.rng.randrange(len(codes))],
                    fiscal_year_end_month=self.rng.choice((3, 3, 3, 6, 9, 12)),
                    employees=self.rng.randrange(1, 300),
                    capital=self.rng.randrange(1, 100) * 1_000_000,
                    address=f"静岡県浜松市中区{i % 50 + 1}丁目",
                    representative=self.person(i + 7),
                    founded_year=self.rng.randrange(1950, 2020),
                    search_text=search_index(names=[name], readings=[kana]),
                )
            )
        self.company_list = self.insert(Company, rows, by=self.admin)
        self.supporter_of = {
            c.pk: self.supporters[i % len(self.supporters)] for i, c in enumerate(self.company_list)
        }
        through = Company.supporters.through
        through.objects.bulk_create(
            [through(company_id=pk, user_id=user.pk) for pk, user in self.supporter_of.items()],
            batch_size=BATCH,
        )
        self.counts["companies.Company.supporters"] = len(self.supporter_of)
        first = self.company_list[0]
        self.insert(
            Membership,
            [Membership(user=self.owner_user, organization=self.org, role=Role.OWNER, company=first)],
            by=self.admin,
        )

    def statements(self):
        year = self.today.year
        rows = []
        for company in self.company_list[::2]:
            sales = self.rng.randrange(50, 5000) * 1_000_000
            for back in range(1, STATEMENT_YEARS + 1):
                s = sales * (100 - back * 3) // 100
                assets = s * 8 // 10
                net_assets = assets * self.rng.randrange(5, 50) // 100
                rows.append(
                    FinancialStatement(
                        company=company,
                        fiscal_year=year - back,
                        status="final",
                        net_sales=s,
                        cost_of_sales=s * 7 // 10,
                        sga=s * 25 // 100,
                        operating_income=s * 5 // 100,
                        depreciation=s * 2 // 100,
                        ordinary_income=s * 4 // 100,
                        net_income=s * 3 // 100,
                        cash_and_deposits=assets * 2 // 10,
                        accounts_receivable=s // 12,
                        inventories=s // 20,
                        total_assets=assets,
                        accounts_payable=s // 15,
                        short_term_borrowings=assets // 10,
                        long_term_borrowings=assets * 3 // 10,
                        total_liabilities=assets - net_assets,
                        net_assets=net_assets,
                        employees=company.employees,
                        created_by=self.supporter_of[company.pk],
                    )
                )
            if len(rows) >= 20_000:
                self.insert(FinancialStatement, rows, by=self.admin)
                rows = []
        self.insert(FinancialStatement, rows, by=self.admin)

    def engagements(self):
        statuses = ["active"] * 12 + ["follow_up"] * 4 + ["closed"] * 3 + ["candidate"]
        rows = []
        for i, company in enumerate(self.company_list[::ENGAGEMENT_EVERY]):
            status = "active" if i == 0 else statuses[self.rng.randrange(len(statuses))]
            started = self.today - dt.timedelta(days=450 + self.rng.randrange(600))
            rows.append(
                Engagement(
                    company=company,
                    kind="process",
                    status=status,
                    step={"candidate": 1, "active": self.rng.randrange(2, 7), "follow_up": 7}.get(status, 7),
                    started_on=started,
                    ended_on=started + dt.timedelta(days=420) if status == "closed" else None,
                    lead_supporter=self.supporter_of[company.pk],
                )
            )
        self.engagement_list = self.insert(Engagement, rows, by=self.admin)
        stakeholders = []
        for e in self.engagement_list:
            stakeholders.append(
                Stakeholder(
                    engagement=e, name=self.person(e.pk), role="owner", stance="promoting", influence=3
                )
            )
            stakeholders.append(
                Stakeholder(engagement=e, name=self.person(e.pk + 3), role="executive", title="製造部長")
            )
        created = self.insert(Stakeholder, stakeholders, by=self.admin)
        self.owner_of = {s.engagement_id: s for s in created if s.role == "owner"}

    def _sizes(self, index: int) -> tuple[int, int, int, list[int]]:
        """(dialogues, surface issues, actions, reviews per action) of the engagement at `index`."""
        if index == 0:  # the long engagement of the report benchmarks
            return 120, 8, 60, [10] * 60
        return 30, 2, 6, [1, 2, 3, 4, 5, 5]

    def dialogues(self):
        rows = []
        for index, e in enumerate(self.engagement_list):
            count = self._sizes(index)[0]
            gap = max(1, (self.today - e.started_on).days // (count + 1))
            lead = e.lead_supporter_id
            for k in range(count):
                day = e.started_on + dt.timedelta(days=k * gap)
                rows.append(
                    Dialogue(
                        engagement=e,
                        held_at=self.at(day, 10 + k % 6),
                        duration_minutes=60 + (k % 4) * 30,
                        form="meeting" if k % 3 else "site_visit",
                        step=min(7, 1 + k * 7 // count),
                        title=f"第{k + 1}回 {DIALOGUE_TOPICS[k % len(DIALOGUE_TOPICS)]}",
                        listening_notes="社長の話を傾聴。売上の推移と人員の状況を伺った。" * 3,
                        owner_words="お客さんの声をもっと聞きたい\n若手に任せてみようと思う",
                        insights="価格を決めているのは自社だと気づかれた。",
                        agreements="次回までに主要顧客の粗利を一覧にする。",
                        next_steps="翌月の面談で一覧を一緒に見る。",
                        recorded_by_id=lead,
                    )
                )
            if len(rows) >= 20_000:
                self.insert(Dialogue, rows, by=self.admin)
                rows = []
        self.insert(Dialogue, rows, by=self.admin)

    def issues(self):
        """Level by level (a child needs its parent's id): 表課題, なぜ, then a 裏課題 under each なぜ."""
        surfaces = []
        for index, e in enumerate(self.engagement_list):
            for k in range(self._sizes(index)[1]):
                surfaces.append(
                    IssueNode(
                        engagement=e,
                        kind="surface",
                        text=ISSUE_SURFACE[(e.pk + k) % len(ISSUE_SURFACE)],
                        position=k,
                        created_by_id=e.lead_supporter_id,
                    )
                )
        surfaces = self.insert(IssueNode, surfaces, by=self.admin)
        whys = [
            IssueNode(
                engagement_id=s.engagement_id,
                parent=s,
                kind="why",
                text=ISSUE_WHY[(s.pk + k) % len(ISSUE_WHY)],
                position=k,
                created_by_id=s.created_by_id,
            )
            for s in surfaces
            for k in range(2)
        ]
        whys = self.insert(IssueNode, whys, by=self.admin)
        roots = [
            IssueNode(
                engagement_id=w.engagement_id,
                parent=w,
                kind="root",
                text=ISSUE_ROOT[w.pk % len(ISSUE_ROOT)],
                agreed_on=self.today - dt.timedelta(days=100) if w.position == 0 else None,
                created_by_id=w.created_by_id,
            )
            for w in whys
        ]
        roots = self.insert(IssueNode, roots, by=self.admin)
        self.roots_of: dict[int, list[IssueNode]] = {}
        for r in roots:
            self.roots_of.setdefault(r.engagement_id, []).append(r)

    def actions(self):
        statuses = ["in_progress", "in_progress", "done", "not_started", "revising"]
        rows, plan = [], []
        for index, e in enumerate(self.engagement_list):
            _, _, count, reviews = self._sizes(index)
            roots = self.roots_of.get(e.pk, [])
            for k in range(count):
                rows.append(
                    Action(
                        engagement=e,
                        owner=self.owner_of[e.pk],
                        due_on=e.started_on + dt.timedelta(days=60 + 30 * (k % 12)),
                        what=f"{ACTION_WHATS[k % len(ACTION_WHATS)]}（{k + 1}）",
                        how_much="毎週1回",
                        how="営業会議で共有する",
                        expected_effect="粗利率を2ポイント改善",
                        root_issue=roots[k % len(roots)] if roots else None,
                        status=statuses[(e.pk + k) % len(statuses)],
                        position=k,
                        created_by_id=e.lead_supporter_id,
                    )
                )
                plan.append(reviews[k % len(reviews)])
        actions = self.insert(Action, rows, by=self.admin)
        started = {e.pk: e.started_on for e in self.engagement_list}
        leads = {e.pk: e.lead_supporter_id for e in self.engagement_list}
        reviews = []
        for action, n in zip(actions, plan, strict=True):
            for k in range(n):
                reviews.append(
                    ActionReview(
                        action=action,
                        reviewed_on=started[action.engagement_id] + dt.timedelta(days=30 + 30 * k),
                        reviewed_by_id=leads[action.engagement_id],
                        status="in_progress" if k + 1 < n else action.status,
                        result="取引先5社に提案し、3社で値上げが通った。",
                        learning="数字を見せると話が早い。",
                        next_step="残りの取引先にも提案する。",
                        small_success=k % 3 == 0,
                    )
                )
            if len(reviews) >= 20_000:
                self.insert(ActionReview, reviews, by=self.admin)
                reviews = []
        self.insert(ActionReview, reviews, by=self.admin)

    def walls(self):
        rows = []
        for e in self.engagement_list:
            for k in range(3):
                level = max(0, 3 - k - (e.pk % 2))
                rows.append(
                    WallAssessment(
                        engagement=e,
                        assessed_on=e.started_on + dt.timedelta(days=90 * (k + 1)),
                        assessed_by_id=e.lead_supporter_id,
                        unseen=level,
                        unfaced=level,
                        unexecuted=min(3, level + 1),
                        unfollowed=level,
                        under_resourced=min(3, level + 1),
                        unseen_note="自社の数字を見始めた。",
                    )
                )
        self.insert(WallAssessment, rows, by=self.admin)

    def actuals(self):
        first = self.today.replace(day=1)
        months = []
        for back in range(120, 0, -1):
            y, m = divmod(first.year * 12 + first.month - 1 - back, 12)
            months.append(dt.date(y, m + 1, 1))
        stamp = connection.ops.adapt_datetimefield_value(self.now)
        days = [connection.ops.adapt_datefield_value(m) for m in months]
        columns = ["company_id", "month", "line", "amount", "source", "version", "created_at", "updated_at"]
        rows = []
        for company in self.company_list[::ACTUALS_EVERY]:
            scale = 1 + (company.pk % 7) / 10
            for index, month in enumerate(days):
                for line, base in ACTUAL_LINES.items():
                    amount = int(base * scale) + (index % 12) * 10_000
                    rows.append((company.pk, month, line, amount, "manual", 1, stamp, stamp))
            if len(rows) >= 50_000:
                self.insert_raw(MonthlyActual, columns, rows)
                rows = []
        self.insert_raw(MonthlyActual, columns, rows)

    def activity(self):
        span = 3 * 365 * 24 * 3600
        adapt = connection.ops.adapt_datetimefield_value
        columns = [
            "organization_id",
            "company_id",
            "actor_id",
            "actor_name",
            "code",
            "message",
            "data",
            "created_at",
        ]
        rows = []
        for company in self.company_list:
            user = self.supporter_of[company.pk]
            for k in range(ACTIVITY_PER_COMPANY):
                code, message = ACTIVITY_CODES[(company.pk + k) % len(ACTIVITY_CODES)]
                when = self.now - dt.timedelta(seconds=self.rng.randrange(span))
                rows.append(
                    (
                        self.org.pk,
                        company.pk,
                        user.pk,
                        user.full_name,
                        code,
                        f"{message}（{company.name}）",
                        "{}",
                        adapt(when),
                    )
                )
            if len(rows) >= 50_000:
                self.insert_raw(ActivityLog, columns, rows)
                rows = []
        self.insert_raw(ActivityLog, columns, rows)


def build_bank(*, companies: int, seed: int = 1, slug: str = "scale", log=print) -> dict[str, int]:
    """Build the bank; returns the row count per model. ScaleError when the slug is taken."""
    return Builder(companies=companies, seed=seed, slug=slug, log=log).build()
