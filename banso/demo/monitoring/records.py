"""Build the monitoring demo through the area's domain functions (so history, the activity log, the
stored import files and the issued report look like real use).

Per company: a year of actuals before the plan (丸山精工: imported from a freee 推移表), the plan with
its measures, 18+ months of actuals drifting from it (丸山精工: the plan revised after a bad quarter,
the latest month imported), gaps with responses, monthly meetings and next-month actions with their
reviews, KPIs, the 資金繰り表 (terms, lenders, repayment schedules, recent months), and for 丸山精工 an
issued report of the last complete fiscal year followed by a disclosed correction.

Idempotent: a company that already has an improvement plan is left as it is.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from banso.demo.monitoring import programmes
from banso.demo.monitoring import stories as s
from banso.demo.monitoring.figures import (
    SEASONS,
    actual_month,
    ordinary_income,
    round_thousand,
)
from banso.monitoring.domain import cashflow as cash_domain
from banso.monitoring.domain import gaps as gap_domain
from banso.monitoring.domain import imports as import_domain
from banso.monitoring.domain import kpis as kpi_domain
from banso.monitoring.domain import meetings as meeting_domain
from banso.monitoring.domain import next_month_actions as action_domain
from banso.monitoring.domain import plans as plan_domain
from banso.monitoring.domain import reports as report_domain
from banso.monitoring.domain.actuals import save_actuals
from banso.monitoring.engines import lines as line_list
from banso.monitoring.engines.months import Month, fiscal_year_start
from banso.monitoring.models import ImprovementPlan, MonthlyActual, PlanVersion


class CompanyTimeline:
    """Where a company's demo months lie, relative to today: the plan starts at the start of the last
    complete fiscal year (or the one before, so that 18+ months of actuals exist) and actuals run to
    last month."""

    def __init__(self, company, today: dt.date):
        self.end = company.fiscal_year_end_month
        self.this = Month.of(today)
        self.current_fy = self.this.fiscal_year(self.end)
        self.last_complete_fy = self.current_fy - 1
        elapsed = self.this - fiscal_year_start(self.current_fy, self.end)
        self.first_fy = self.last_complete_fy if elapsed >= 6 else self.last_complete_fy - 1
        self.plan_start = fiscal_year_start(self.first_fy, self.end)
        self.last_actual = self.this - 1

    def at(self, years_back: int, index: int) -> Month:
        return fiscal_year_start(self.current_fy - years_back, self.end) + index

    def month_of(self, position) -> Month:
        """(years back, index) → that month; an int n → n months before this month."""
        return self.this - position if isinstance(position, int) else self.at(*position)

    def position(self, month: Month) -> tuple[int, int]:
        fy = month.fiscal_year(self.end)
        return self.current_fy - fy, month - fiscal_year_start(fy, self.end)

    def actual_months(self) -> list[Month]:
        return [self.plan_start + i for i in range(self.last_actual - self.plan_start + 1)]


# --- actuals ------------------------------------------------------------------------------------


def _before_plan_months(timeline: CompanyTimeline, plans, season: str, rng) -> dict[Month, dict[str, int]]:
    """The fiscal year before the plan: a little below the plan's first year, with its seasonality."""
    first = plans[0].totals()
    months = {}
    for index in range(12):
        month = fiscal_year_start(timeline.first_fy - 1, timeline.end) + index
        weight = SEASONS[season][index] * 0.97
        values = {key: round_thousand(first[key] / 12 * weight) for key in ("net_sales", "cost_of_sales")}
        for key in ("personnel_costs", "depreciation", "non_operating_income", "non_operating_expenses"):
            values[key] = round_thousand(first[key] / 12)
        other = round_thousand((first["sga"] - first["personnel_costs"] - first["depreciation"]) / 12)
        values["sga"] = values["personnel_costs"] + values["depreciation"] + other
        values["income_taxes"] = round_thousand(first["income_taxes"] / 12)
        values["net_sales"] = round_thousand(values["net_sales"] * (1 + rng.uniform(-0.01, 0.01)))
        months[month] = values
    return months


def _with_balances(months: dict[Month, dict[str, int]], *, cash: int, borrowings: int, repayment: int):
    """Carry month-end 現預金 and 借入金残高 through the months (profit + depreciation − repayment)."""
    for month in sorted(months):
        values = months[month]
        cash += ordinary_income(values) - values.get("income_taxes", 0) + values.get("depreciation", 0)
        cash -= repayment
        borrowings -= repayment
        values["cash_and_deposits"] = round_thousand(cash)
        values["borrowings"] = borrowings
    return cash, borrowings


def _plan_month(version: PlanVersion, month: Month, end: int, cache: dict) -> dict[str, int]:
    fy = month.fiscal_year(end)
    if fy not in cache:
        cache[fy] = plan_domain.year_months(version, fy, end)
    return cache[fy][month]


def _story_actuals(timeline, version, story, months, rng, *, cash, borrowings, repayment):
    cache: dict = {}
    result = {}
    for month in months:
        plan = _plan_month(version, month, timeline.end, cache)
        where = (*timeline.position(month), timeline.this - month)
        values = actual_month(plan, story.drift(*where), rng, cash=0, borrowings=0, quiet=story.quiet(*where))
        result[month] = values
    cash, borrowings = _with_balances(result, cash=cash, borrowings=borrowings, repayment=repayment)
    return result, cash, borrowings


# --- a freee 推移表 as an accounting export ---------------------------------------------------------

ACCOUNTS = [
    # code, account, how its amount is taken from the month's lines
    ("4110", "売上高", lambda v: v["net_sales"]),
    ("5210", "材料仕入高", lambda v: round_thousand(v["cost_of_sales"] * 0.6)),
    ("5220", "外注加工費", lambda v: v["cost_of_sales"] - round_thousand(v["cost_of_sales"] * 0.6)),
    ("6110", "役員報酬", lambda v: 1_200_000),
    ("6120", "給料手当", lambda v: v["personnel_costs"] - 1_200_000 - _welfare(v)),
    ("6130", "法定福利費", lambda v: _welfare(v)),
    ("6140", "減価償却費", lambda v: v["depreciation"]),
    ("6150", "地代家賃", lambda v: 480_000),
    ("6160", "工具器具費", lambda v: round_thousand(_other_sga(v) * 0.3)),
    ("6170", "水道光熱費", lambda v: _other_sga(v) - 480_000 - round_thousand(_other_sga(v) * 0.3)),
    ("7110", "受取利息", lambda v: v["non_operating_income"]),
    ("7210", "支払利息", lambda v: v["non_operating_expenses"]),
    ("8110", "法人税、住民税及び事業税", lambda v: v["income_taxes"]),
    ("1110", "普通預金", lambda v: v["cash_and_deposits"]),
    ("2110", "長期借入金", lambda v: v["borrowings"]),
]


def _welfare(values) -> int:
    return round_thousand(values["personnel_costs"] * 0.14)


def _other_sga(values) -> int:
    return values["sga"] - values["personnel_costs"] - values["depreciation"]


def freee_trial_csv(months: dict[Month, dict[str, int]]) -> bytes:
    """A freee 月次推移表 (Shift_JIS, as many offices export it): title row, header, one row per account."""
    ordered = sorted(months)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["月次推移表", f"{ordered[0].label}〜{ordered[-1].label}"])
    writer.writerow(["勘定科目コード", "勘定科目", *[f"{m.year}/{m.month:02d}" for m in ordered], "期間累計"])
    for code, name, amount in ACCOUNTS:
        values = [amount(months[m]) for m in ordered]
        total = values[-1] if code < "4" else sum(values)
        writer.writerow([code, name, *[f"{v:,}" for v in values], f"{total:,}"])
    return buffer.getvalue().encode("cp932")


def import_months(company, by, months: dict[Month, dict[str, int]], filename: str):
    """Upload a 推移表 of the months, confirm the unknown accounts (once per company), commit."""
    upload = SimpleUploadedFile(filename, freee_trial_csv(months), content_type="text/csv")
    import_ = import_domain.upload_import(company, by=by, upload=upload)
    map_unknown_accounts_to_sga(company, import_, by)
    return import_domain.commit_import(import_, by=by, expected_version=import_.version)


def map_unknown_accounts_to_sga(company, import_, by) -> None:
    """Confirm the accounts an import could not place as 販管費 (the only unknown accounts of the
    推移表 the demo and the bench write), and reload the import."""
    unmapped = [a["name"] for a in import_.preview.get("unmapped_accounts", [])]
    if unmapped:
        mapping = import_domain.company_mapping(company)
        import_domain.map_import_accounts(
            import_,
            by=by,
            choices=dict.fromkeys(unmapped, "sga"),
            expected_version=mapping.version if mapping else None,
        )
        import_.refresh_from_db()


def save_months(company, by, months: dict[Month, dict[str, int]]) -> None:
    """The actuals typed into the grid, month by month (one save per month, as advisors do)."""
    for month in sorted(months):
        save_actuals(company, by=by, amounts={month: months[month]}, expected_versions={})


# --- plan ---------------------------------------------------------------------------------------


def create_plan(company, by, timeline, plans, *, title, spread_method="even", engagement_id=None):
    yearly = {timeline.first_fy + i: plan.totals() for i, plan in enumerate(plans)}
    version = plan_domain.create_plan(
        company,
        by=by,
        title=title,
        start_month=timeline.plan_start,
        years=len(plans),
        yearly=yearly,
        spread_method=spread_method,
        engagement_id=engagement_id,
    )
    balances = {timeline.first_fy + i: plan.balances() for i, plan in enumerate(plans)}
    plan_domain.set_year_totals(version, by=by, yearly=yearly, balances=balances)
    return PlanVersion.objects.get(pk=version.pk)


def add_measures(version, by, timeline, measures):
    for order, (title, owner, start, end, effect, line, status, note) in enumerate(measures, start=1):
        plan_domain.add_measure(
            version,
            by=by,
            title=title,
            owner=owner,
            start_month=timeline.at(*start),
            end_month=timeline.at(*end) if end else None,
            expected_effect=effect,
            line=line,
            status=status,
            progress_note=note,
            order=order,
        )


# --- the monthly cycle --------------------------------------------------------------------------


def record_gaps(company, by, version, timeline, gaps):
    for position, line, fields in gaps:
        month = timeline.month_of(position)
        gap_domain.record_gap(
            company,
            line=line,
            month=month,
            plan_version=version,
            by=by,
            due_on=(month + 1).last_day,
            **fields,
        )


def monthly_cycle(company, by, timeline, actions, months_back: int, attendees: str, discussion_of):
    """Meetings of the last `months_back` closed months and next-month actions for each month up to
    this one; every action before this month is reviewed with the next outcome of its own reviews."""
    for back in range(months_back, 0, -1):
        month = timeline.this - back
        meeting_domain.save_meeting(
            company,
            month,
            by=by,
            expected_version=None,
            held_on=min((month + 1).first_day + dt.timedelta(days=9), timezone.localdate()),
            attendees=attendees,
            discussion=discussion_of(month),
            decisions="次月の重点アクションを決定。",
        )
    for back in range(months_back - 1, -1, -1):
        month = timeline.this - back
        for title, owner, measure, reviews in actions:
            action = action_domain.create_next_month_action(
                company, by=by, month=month.first_day, title=title, owner=owner, measure=measure
            )
            if back == 0:
                continue
            review, note = reviews[month.index % len(reviews)]
            action_domain.review_next_month_action(
                action, by=by, expected_version=action.version, review=review, review_note=note
            )


def _discussion(month: Month, timeline, story, gaps) -> str:
    """What the month's meeting discussed: the month's gaps and their responses, or that a quiet month
    went to plan."""
    said = [f"{month.label}の月次推移表で計画との差異を確認。"]
    for position, line, fields in gaps:
        if timeline.month_of(position) == month:
            response = fields["response"].split("。")[0]
            said.append(f"{line_list.label(line)}の乖離の原因を確認し、対応を決めた（{response}）。")
    if story.quiet(*timeline.position(month), timeline.this - month):
        said.append("売上・粗利とも計画並み。")
    said.append("受注見込みと外注の状況を共有。")
    return "".join(said)


def kpi_sheet(company, by, timeline, kpis, *, levels: dict[Month, float], response: Month, seed: int):
    """The last 12 closed months of each KPI story: its actual follows the month's sales achievement
    (`levels`) and how long ago the responses took hold (`response`; full effect three months on)."""
    months = [timeline.this - back for back in range(12, 0, -1)]
    rng = random.Random(seed)
    values = {}
    for story in kpis:
        kpi = kpi_domain.create_kpi(
            company, by=by, name=story.name, unit=story.unit, direction=story.direction
        )
        for month in months:
            ramp = min(max((month - response) / 3, 0.0), 1.0)
            actual = story.actual(levels.get(month, 1.0), ramp, rng)
            values[(kpi.pk, month.first_day)] = (Decimal(story.target), actual)
    kpi_domain.save_kpi_months(
        company,
        by=by,
        months=[m.first_day for m in months],
        values=values,
        expected_sheet_version=None,
    )


def cash_flow(company, by, timeline, actuals, *, terms, lenders, entry_months: int = 3):
    """Terms, lenders with 24 months of repayments from the first entered month (plus a short-term
    loan's one-sum repayment (months after this one, yen) where given), and the last
    `entry_months` closed months of the 資金繰り表 entered from the actuals."""
    cash_domain.save_terms(company, by=by, **terms)
    first = timeline.last_actual - (entry_months - 1)
    created = []
    for name, repayment, interest, due in lenders:
        lender = cash_domain.add_lender(company, by=by, name=name)
        rows = {first + i: (None, repayment, interest) for i in range(24)}
        if due is not None:  # a short-term loan repaid in one sum (期日一括返済)
            month = timeline.this + due[0]
            rows[month] = (None, rows[month][1] + due[1], rows[month][2])
        cash_domain.save_loan_schedule(lender, by=by, rows=rows)
        created.append((lender, repayment, interest))
    ratio, lag = terms["cash_sales_ratio"], terms["collection_months"]
    for i in range(entry_months):
        month = first + i
        values = actuals[month]
        collected = actuals.get(month - lag, values)["net_sales"]
        paid = actuals.get(month - terms["payment_months"], values)["cost_of_sales"]
        amounts = {
            ("cash_sales", None): round_thousand(values["net_sales"] * float(ratio)),
            ("receivable_collections", None): round_thousand(collected * (1 - float(ratio))),
            ("payable_payments", None): paid,
            ("personnel", None): values["personnel_costs"],
            ("other_expenses", None): _other_sga(values),
            ("interest", None): sum(interest for _, _, interest in created),
            ("tax_payments", None): values["income_taxes"],
        }
        if i == 0:
            amounts[("opening_balance", None)] = actuals[month - 1]["cash_and_deposits"]
        for lender, repayment, _ in created:
            amounts[("repayment", lender.pk)] = repayment
        cash_domain.save_month_entries(company, by=by, month=month, amounts=amounts)


# --- the companies -------------------------------------------------------------------------------


def _company(context, name):
    return next(c for c in context["companies"] if c.name == name)


def build_maruyama(context, today: dt.date) -> None:
    company = _company(context, "有限会社丸山精工")
    by = context["users"]["advisor"]
    timeline = CompanyTimeline(company, today)
    rng = random.Random(s.MARUYAMA_STORY.seed)
    repayment = 1_000_000

    # The year before the plan, imported from the company's freee 推移表 (the mapping confirmed once).
    plans = s.MARUYAMA_PLAN
    before = _before_plan_months(timeline, plans, "machining", rng)
    cash, borrowings = _with_balances(
        before, cash=40_000_000, borrowings=plans[0].borrowings + 24 * repayment, repayment=repayment
    )
    import_months(company, by, before, f"月次推移表_{timeline.first_fy - 1}年3月期.csv")

    version = create_plan(
        company, by, timeline, plans, title="経営改善計画（設備更新と取引先分散）", spread_method="seasonal"
    )
    add_measures(version, by, timeline, s.MARUYAMA_MEASURES)

    # Actuals before the current fiscal year against the first version …
    months = timeline.actual_months()
    earlier = [m for m in months if m.fiscal_year(timeline.end) < timeline.current_fy]
    actuals, cash, borrowings = _story_actuals(
        timeline,
        version,
        s.MARUYAMA_STORY,
        earlier,
        rng,
        cash=cash,
        borrowings=borrowings,
        repayment=repayment,
    )
    latest = timeline.last_actual  # imported last (below), whichever year it falls in
    save_months(company, by, {m: v for m, v in actuals.items() if m != latest})

    # … the plan revised after the bad quarter (current year onwards, spread evenly) …
    version = plan_domain.revise_plan(
        version.plan, by=by, reason=s.MARUYAMA_REVISION_REASON, expected_version=version.number
    )
    revised = {}
    for i, plan in enumerate(plans):
        fy = timeline.first_fy + i
        if fy >= timeline.current_fy:
            sales = round_thousand(plan.sales * s.MARUYAMA_REVISION_SALES_FACTOR)
            revised[fy] = dataclasses.replace(plan, sales=sales).totals()
            plan_domain.set_spread_method(version, by=by, fiscal_year=fy, method="even")
    version = PlanVersion.objects.get(pk=version.pk)
    plan_domain.set_year_totals(version, by=by, yearly=revised, expected_version=version.version)
    version = PlanVersion.objects.get(pk=version.pk)
    plan_domain.add_measure(
        version,
        by=by,
        title="外注費の削減（外注先の集約と相見積）",
        owner="工場長 大石",
        start_month=timeline.at(1, 9),
        expected_effect=4_000_000,
        line="cost_of_sales",
        status="in_progress",
        progress_note="外注先を7社から4社に集約。",
        order=len(s.MARUYAMA_MEASURES) + 1,
    )

    # … and this year's months against the revised plan; the latest month imported.
    later = [m for m in months if m.fiscal_year(timeline.end) >= timeline.current_fy]
    recent, cash, borrowings = _story_actuals(
        timeline,
        version,
        s.MARUYAMA_STORY,
        later,
        rng,
        cash=cash,
        borrowings=borrowings,
        repayment=repayment,
    )
    actuals.update(recent)
    save_months(company, by, {m: v for m, v in recent.items() if m != latest})
    # On the first days of a fiscal year the latest month closed the year before (no month yet of this one).
    import_months(company, by, {latest: actuals[latest]}, f"月次推移表_{latest.year}年{latest.month}月.csv")

    record_gaps(company, by, version, timeline, s.MARUYAMA_GAPS)
    monthly_cycle(
        company,
        by,
        timeline,
        s.MARUYAMA_ACTIONS,
        6,
        "丸山 浩二（代表）、丸山 恵子（総務）、大石（工場長）、田中（みなと地域銀行）",
        lambda month: _discussion(month, timeline, s.MARUYAMA_STORY, s.MARUYAMA_GAPS),
    )
    plan_cache: dict = {}
    levels = {
        month: values["net_sales"] / _plan_month(version, month, timeline.end, plan_cache)["net_sales"]
        for month, values in actuals.items()
        if month >= timeline.plan_start
    }
    kpi_sheet(
        company,
        by,
        timeline,
        s.MARUYAMA_KPIS,
        levels=levels,
        response=timeline.at(*s.MARUYAMA_RESPONSE),
        seed=s.MARUYAMA_STORY.seed,
    )
    cash_flow(
        company,
        by,
        timeline,
        actuals,
        terms=s.cash_terms(cash_sales="0.05", collection_months=2, payment_months=1),
        lenders=[("みなと地域銀行", 600_000, 95_000, None), ("日本政策金融公庫", 400_000, 45_000, None)],
    )
    _issue_last_year_report(company, by, version, timeline)


def _issue_last_year_report(company, by, version, timeline) -> None:
    """The report of the last complete fiscal year, issued; then a 決算整理 correction of its last
    month with a reason (the next report discloses it)."""
    first = fiscal_year_start(timeline.last_complete_fy, timeline.end)
    last = first + 11
    report = report_domain.draft_report(company, by=by, from_month=first, to_month=last, plan_version=version)
    report = report_domain.edit_report(
        report,
        by=by,
        expected_version=report.version,
        sentences=report.sentences,
        lender_request=(
            "第3四半期の受注減は主要取引先の生産調整によるもので、第4四半期には計画比93％まで回復しました。"
            "新規取引先の量産立ち上がりまでの間、既存借入の元金返済額の据え置き（条件変更の継続）を"
            "お願いいたします。"
        ),
    )
    report_domain.issue_report(report, by=by, expected_version=report.version)
    row = MonthlyActual.objects.get(company=company, month=last.first_day, line="depreciation")
    sga = MonthlyActual.objects.get(company=company, month=last.first_day, line="sga")
    save_actuals(
        company,
        by=by,
        amounts={last: {"depreciation": row.amount + 300_000, "sga": sga.amount + 300_000}},
        expected_versions={(last, "depreciation"): row.version, (last, "sga"): sga.version},
        correction_reason="決算整理で減価償却費（特別償却分）を追加計上したため。",
    )


def build_simple(
    context, today, *, name, plans, story, season, title, lenders, terms, opening_cash, gaps=(), actions=()
):
    """A company with a plan, 18+ months of actuals typed month by month, a few gaps and actions,
    and its 資金繰り表."""
    company = _company(context, name)
    by = context["users"]["advisor"]
    timeline = CompanyTimeline(company, today)
    rng = random.Random(story.seed)
    repayment = sum(r for _, r, _, _ in lenders)
    before = _before_plan_months(timeline, plans, season, rng)
    cash, borrowings = _with_balances(
        before, cash=opening_cash, borrowings=plans[0].borrowings + 24 * repayment, repayment=repayment
    )
    save_months(company, by, before)
    engagement = programmes.programme_engagement(context, company, today=today)
    version = create_plan(
        company,
        by,
        timeline,
        plans,
        title=title,
        spread_method="seasonal",
        engagement_id=engagement.pk if engagement else None,
    )
    actuals, cash, borrowings = _story_actuals(
        timeline,
        version,
        story,
        timeline.actual_months(),
        rng,
        cash=cash,
        borrowings=borrowings,
        repayment=repayment,
    )
    save_months(company, by, actuals)
    actuals.update(before)
    if engagement is not None:
        programmes.build_schedule(
            context, company, engagement, first_fiscal_year=timeline.first_fy, today=today
        )
    record_gaps(company, by, version, timeline, gaps)
    if actions:
        monthly_cycle(
            company,
            by,
            timeline,
            actions,
            3,
            "代表、経理担当、田中（みなと地域銀行）",
            lambda month: f"{month.label}の実績と資金繰りを確認。",
        )
    cash_flow(company, by, timeline, actuals, terms=terms, lenders=lenders)
    return company


def build(context: dict, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if not ImprovementPlan.objects.filter(company=_company(context, "有限会社丸山精工")).exists():
        build_maruyama(context, today)
    for spec in s.SIMPLE_COMPANIES:
        if not ImprovementPlan.objects.filter(company=_company(context, spec["name"])).exists():
            build_simple(context, today, **spec)
