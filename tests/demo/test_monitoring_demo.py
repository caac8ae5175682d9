"""Monitoring demo data: the story it promises holds — a revised plan, 18+ months of actuals with a bad
quarter and a recovery, a repeating gap flagged, reviewed actions, KPIs, a cash shortfall naming its
month, an issued report followed by a disclosed correction, and two public-programme engagements.

The demo is built once for the module (it is built through the domain, which takes a while) inside a
transaction that is rolled back at the end; each test runs in its own savepoint."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from banso.demo import base
from banso.demo import monitoring as demo
from banso.demo.monitoring import programmes, stories
from banso.demo.monitoring.records import CompanyTimeline
from banso.engagements.models import Engagement
from banso.monitoring.domain import review as review_domain
from banso.monitoring.domain.cashflow import cash_warning
from banso.monitoring.domain.gaps import gap_runs
from banso.monitoring.domain.report_figures import undisclosed_corrections
from banso.monitoring.domain.reports import draft_report
from banso.monitoring.domain.schedules import organization_dues
from banso.monitoring.domain.table import monitoring_table
from banso.monitoring.engines import schedule as schedule_engine
from banso.monitoring.engines.months import Month, fiscal_year_start
from banso.monitoring.models import (
    AccountingImport,
    AccountMapping,
    ActualCorrection,
    Gap,
    ImprovementPlan,
    Kpi,
    KpiMonth,
    MonitoringReport,
    MonitoringSchedule,
    MonthlyActual,
    MonthlyMeeting,
    NextMonthAction,
    PlanAmount,
)
from banso.orgs.models import Membership
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def private_root(tmp_path_factory):
    return tmp_path_factory.mktemp("monitoring-demo") / "private"


@pytest.fixture(autouse=True)
def _private_files(settings, private_root):
    """The files the module's demo stored (imports, the issued report) stay readable in every test."""
    settings.PRIVATE_FILES_ROOT = private_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, private_root):
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_FILES_ROOT=private_root),
        transaction.atomic(),
    ):
        context: dict = {}
        base.build(context)
        demo.build(context)
        context["by_name"] = {c.name: c for c in context["companies"]}
        yield context
        transaction.set_rollback(True)


def company(world, name="有限会社丸山精工"):
    return world["by_name"][name]


def timeline(world, name="有限会社丸山精工") -> CompanyTimeline:
    return CompanyTimeline(company(world, name), timezone.localdate())


def test_three_companies_have_a_plan_and_eighteen_months_of_actuals_within_it(world):
    for name in ("有限会社丸山精工", "株式会社みなと水産加工", "株式会社東海ケミカル"):
        plan = ImprovementPlan.objects.get(company=company(world, name))
        version = plan.current_version
        months = sorted(
            {
                Month.of(d)
                for d in MonthlyActual.objects.filter(
                    company=plan.company, month__gte=version.start_month
                ).values_list("month", flat=True)
            }
        )
        assert len(months) >= 18, name
        assert months[-1] == Month.of(timezone.localdate()) - 1, name
        assert months == [months[0] + i for i in range(len(months))], name  # no hole


def test_maruyama_plan_was_revised_with_a_reason_and_lowered_from_this_year(world):
    plan = ImprovementPlan.objects.get(company=company(world))
    first, second = plan.versions.order_by("number")
    assert (first.is_current, second.is_current) == (False, True)
    assert second.reason == stories.MARUYAMA_REVISION_REASON
    line = timeline(world)
    this_year = fiscal_year_start(line.current_fy, line.end)
    last_year = fiscal_year_start(line.last_complete_fy, line.end)

    def sales(version, start):
        rows = PlanAmount.objects.filter(plan_version=version, line="net_sales").filter(
            month__gte=start.first_day, month__lte=(start + 11).first_day
        )
        return sum(rows.values_list("amount", flat=True))

    assert (
        sales(second, last_year)
        == sales(first, last_year)
        == stories.MARUYAMA_PLAN[line.last_complete_fy - line.first_fy].sales
    )
    revised = round(stories.MARUYAMA_PLAN[line.current_fy - line.first_fy].sales * 0.96 / 1000) * 1000
    assert sales(second, this_year) == revised < sales(first, this_year)
    assert second.measures.count() == first.measures.count() + 1


def test_maruyama_bad_quarter_is_flagged_and_the_latest_month_recovered(world):
    line = timeline(world)
    bad = [line.at(*p) for p in stories.MARUYAMA_BAD_MONTHS]
    table = monitoring_table(company(world), from_month=bad[0], to_month=bad[-1]).table
    achievements = [column.cell.achievement for column in table.row("net_sales").months]
    assert all(a < Decimal("0.90") for a in achievements)
    assert achievements[0] < Decimal("0.80")  # red
    latest = monitoring_table(company(world), from_month=line.last_actual, to_month=line.last_actual).table
    assert latest.row("net_sales").at(line.last_actual).cell.achievement >= Decimal("0.97")


def test_the_repeating_sales_gap_is_flagged_over_three_months(world):
    line = timeline(world)
    bad = [line.at(*p) for p in stories.MARUYAMA_BAD_MONTHS]
    run = gap_runs(company(world))[("net_sales", bad[-1])]
    assert run.repeating and run.length == 3 and run.first_month == bad[0]
    warnings = review_domain.warnings(company(world), bad[-1])
    assert [w.text for w in warnings] == [
        f"売上高の乖離が3か月続いています（{bad[0].label}から）。対応が効いているか確認してください。"
    ]
    gaps = Gap.objects.filter(company=company(world), line="net_sales").order_by("month")
    assert all(g.response and g.cause == "orders_down" for g in gaps)
    assert [g.effect for g in gaps] == ["partial", "partial", "effective"]


def test_next_month_actions_are_reviewed_every_past_month_and_open_this_month(world):
    this = Month.of(timezone.localdate())
    actions = NextMonthAction.objects.filter(company=company(world))
    assert actions.filter(month=this.first_day).count() == len(stories.MARUYAMA_ACTIONS)
    assert set(actions.filter(month=this.first_day).values_list("review", flat=True)) == {"not_reviewed"}
    past = actions.exclude(month=this.first_day)
    assert past.count() == 5 * len(stories.MARUYAMA_ACTIONS)
    assert set(past.values_list("review", flat=True)) == {"done", "partly", "not_done"}
    assert all(a.review_note for a in past.exclude(review="done"))
    # Each review note speaks of its own action.
    notes = {title: {note for _, note in reviews} for title, _, _, reviews in stories.MARUYAMA_ACTIONS}
    for action in past.exclude(review_note=""):
        assert action.review_note in notes[action.title], action.title
    assert MonthlyMeeting.objects.filter(company=company(world)).count() == 6


def test_kpis_have_twelve_months_that_move_with_the_business(world):
    kpis = Kpi.objects.filter(company=company(world))
    assert kpis.count() == len(stories.MARUYAMA_KPIS)
    line = timeline(world)
    last_twelve = [line.last_actual - back for back in range(11, -1, -1)]
    actual = {
        kpi.name: {Month.of(m.month): m.actual for m in KpiMonth.objects.filter(kpi=kpi)} for kpi in kpis
    }
    for name, months in actual.items():
        assert sorted(months) == last_twelve, name
        assert len(set(months.values())) >= 3, name  # not a flat line
    table = monitoring_table(company(world), from_month=last_twelve[0], to_month=last_twelve[-1]).table
    sales = {m: table.row("net_sales").at(m).cell.achievement for m in last_twelve}
    quiet = [m for m in last_twelve if sales[m] >= Decimal("0.99")]
    assert quiet
    response = line.at(*stories.MARUYAMA_RESPONSE)
    visits = actual["営業訪問件数"]
    if last_twelve[0] <= response - 1:  # months before the responses took hold are shown
        before = [visits[m] for m in last_twelve if m < response]
        after = [visits[m] for m in last_twelve if m >= response + 3]
        assert max(before) < min(after)
    bad = [m for m in last_twelve if m in {line.at(*p) for p in stories.MARUYAMA_BAD_MONTHS}]
    if bad:  # the bad quarter is within the last 12 months: closing rate and overtime fall with sales
        for name in ("成約率", "残業時間（1人あたり）"):
            assert max(actual[name][m] for m in bad) < min(actual[name][m] for m in quiet), name
        assert min(actual["不良率"][m] for m in bad) > max(actual["不良率"][m] for m in quiet)


def test_the_current_year_report_period_has_gaps_with_responses(world):
    """The report drafted by default (the latest month's fiscal year to date) has gaps to explain:
    the steel price rise of last month (gross margin, being handled) and the machine breakdown of three
    months ago (when in that year); every gap sits on a highlighted cell."""
    line = timeline(world)
    latest = line.last_actual
    first = fiscal_year_start(latest.fiscal_year(line.end), line.end)
    steel = Gap.objects.get(company=company(world), month=latest.first_day)
    assert (steel.line, steel.cause, steel.status) == ("gross_profit", "cost_up", "in_progress")
    assert "価格改定" in steel.response
    breakdown = line.this - stories.MARUYAMA_BREAKDOWN
    gap = Gap.objects.get(company=company(world), month=breakdown.first_day, line="sga")
    assert gap.effect == "effective"
    report = draft_report(
        company(world), by=world["users"]["advisor"], from_month=first, to_month=latest, plan_version=None
    )
    reported = {(g["line"], g["month"]) for g in report.figures["gaps"]}
    assert (
        len(reported)
        == Gap.objects.filter(
            company=company(world), month__gte=first.first_day, month__lte=latest.first_day
        ).count()
        >= (2 if breakdown >= first else 1)
    )
    for name in ("有限会社丸山精工", "株式会社みなと水産加工", "株式会社東海ケミカル"):
        plan = ImprovementPlan.objects.get(company=company(world, name))
        table = monitoring_table(
            company(world, name), from_month=plan.current_version.first_month, to_month=latest
        ).table
        flagged = {(key, month) for key, month, _ in table.flagged()}
        for gap in Gap.objects.filter(company=company(world, name)):
            assert (gap.line, Month.of(gap.month)) in flagged, (name, gap.line, gap.month)


def test_quiet_months_highlight_nothing(world):
    """Outside the story's months no line is highlighted (chance does not paint the table red)."""
    line = timeline(world)
    story = stories.MARUYAMA_STORY
    table = monitoring_table(company(world), from_month=line.plan_start, to_month=line.last_actual).table
    correction = fiscal_year_start(line.last_complete_fy, line.end) + 11  # 決算整理, disclosed
    for month in table.months:
        if story.quiet(*line.position(month), line.this - month) and month != correction:
            assert [key for key, m, _ in table.flagged() if m == month] == [], month


def test_minato_cash_runs_short_by_the_month_of_the_short_term_loan(world):
    """The warning names the loan's month — or an earlier one, when months of low sales have already
    thinned the balance (e.g. late in みなと水産加工's fiscal year)."""
    this = Month.of(timezone.localdate())
    due = this + stories.MINATO_LENDERS[0][3][0]
    warning = cash_warning(company(world, "株式会社みなと水産加工"))
    assert warning is not None
    assert any(warning.startswith(f"{(this + n).label}に資金残高が") for n in range(due - this + 1)), warning
    assert cash_warning(company(world)) is None
    assert cash_warning(company(world, "株式会社東海ケミカル")) is None


def test_maruyama_imports_kept_the_files_and_the_confirmed_mapping(world):
    imports = AccountingImport.objects.filter(company=company(world)).order_by("pk")
    assert [i.status for i in imports] == ["committed", "committed"]
    for item in imports:
        with item.file.open("rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == item.sha256
    assert AccountMapping.objects.get(company=company(world)).mapping == {"工具器具費": "sga"}
    latest = Month.of(timezone.localdate()) - 1
    latest_rows = MonthlyActual.objects.filter(company=company(world), month=latest.first_day)
    corrected = ActualCorrection.objects.filter(company=company(world), month=latest.first_day)
    latest_rows = latest_rows.exclude(line__in=corrected.values_list("line", flat=True))  # 1 April: 決算整理
    assert set(latest_rows.values_list("source", flat=True)) == {"import"}


def test_the_issued_report_covers_the_last_year_and_the_correction_awaits_disclosure(world):
    report = MonitoringReport.objects.get(company=company(world))
    line = timeline(world)
    first = fiscal_year_start(line.last_complete_fy, line.end)
    assert report.status == "issued" and report.plan_version.number == 2
    assert (Month.of(report.from_month), Month.of(report.to_month)) == (first, first + 11)
    with report.pdf.open("rb") as pdf:
        assert hashlib.sha256(pdf.read()).hexdigest() == report.pdf_sha256
    assert "条件変更" in report.lender_request
    correction = ActualCorrection.objects.get(company=company(world), line="depreciation")
    assert correction.new_amount - correction.old_amount == 300_000
    assert correction.reason.startswith("決算整理")
    assert [c.pk for c in undisclosed_corrections(company(world))] == list(
        ActualCorrection.objects.filter(company=company(world)).order_by("pk").values_list("pk", flat=True)
    )


def test_programme_engagements_link_the_plans(world):
    for name, kind in (("株式会社みなと水産加工", "plan_405"), ("株式会社東海ケミカル", "early_plan")):
        engagement = Engagement.objects.get(company=company(world, name), kind=kind)
        assert ImprovementPlan.objects.get(company=engagement.company).engagement_id == engagement.pk


def test_building_again_adds_nothing(world):
    counts = (ImprovementPlan.objects.count(), MonthlyActual.objects.count(), Gap.objects.count())
    demo.build(world)
    assert (ImprovementPlan.objects.count(), MonthlyActual.objects.count(), Gap.objects.count()) == counts


def test_the_review_screen_of_the_bad_quarter_shows_the_repeating_gap(world):
    line = timeline(world)
    month = line.at(*stories.MARUYAMA_BAD_MONTHS[-1])
    url = reverse("monitoring:review", kwargs={"org": world["bank"].slug, "company_pk": company(world).pk})
    response = client_for(world["users"]["advisor"]).get(url, {"month": str(month)})
    assert response.status_code == 200
    assert "売上高の乖離が3か月続いています" in response.content.decode()


@pytest.mark.parametrize("day", [dt.date(2027, m, 15) for m in range(1, 13)])
@pytest.mark.parametrize("end_month", [3, 9, 12])
def test_the_timeline_keeps_eighteen_months_and_the_bad_quarter_in_the_report_year(day, end_month):
    class FakeCompany:
        fiscal_year_end_month = end_month

    line = CompanyTimeline(FakeCompany(), day)
    assert len(line.actual_months()) >= 18
    assert line.actual_months()[0] == line.plan_start
    report_year = fiscal_year_start(line.last_complete_fy, end_month)
    for position in stories.MARUYAMA_BAD_MONTHS:
        assert report_year <= line.at(*position) <= report_year + 11 <= line.last_actual
        assert line.at(*position) >= line.plan_start


def test_both_programmes_have_a_report_due_within_thirty_days_and_past_points_done(world):
    """Due within 30 days — or, on the days no rule can give one, just fallen due and left open."""
    today = timezone.localdate()
    membership = Membership.objects.get(user=world["users"]["orgadmin"], organization=world["bank"])
    soon, overdue = organization_dues(membership, today=today)
    names = {due.schedule.company.name for due in [*soon, *overdue]}
    assert names == {"株式会社みなと水産加工", "株式会社東海ケミカル"}
    assert all(today <= due.due_on <= today + dt.timedelta(days=30) for due in soon)
    assert all(today - dt.timedelta(days=30) <= due.due_on < today for due in overdue)
    assert len(overdue) == len({due.schedule_id for due in overdue})
    for due in overdue:
        assert due.schedule_id not in {s.schedule_id for s in soon}
    for schedule in MonitoringSchedule.objects.filter(company__organization=world["bank"]):
        engagement = Engagement.objects.get(pk=schedule.engagement_id)
        assert schedule.programme == engagement.kind
        past = schedule.dues.filter(due_on__lt=today).exclude(pk__in=[d.pk for d in overdue])
        assert all(due.done_on and due.fee_yen for due in past)


@pytest.mark.parametrize("end_month", [3, 9])
@pytest.mark.parametrize("kind", ["early_plan", "plan_405"])
def test_a_programme_point_falls_due_near_any_day(kind, end_month):
    """The 405事業 and 早期 schedules can be built on every day: a point due within 30 days, or (in
    the month after the 決算月, until its last day) one fallen due within the last 30."""
    days = [dt.date(2027, m, d) for m in range(1, 13) for d in (1, 15)]
    days += [Month(2027, m).last_day for m in range(1, 13)]
    for day in days:
        current = Month.of(day).fiscal_year(end_month)
        fye, interim = programmes._rule_with_a_due_soon(
            kind, end_month, [current - 1, current, current + 1], day
        )
        rule = schedule_engine.rule_for(kind, plan_fiscal_year_end=fye, interim_months=interim)
        assert any(abs((p.due_on - day).days) <= 30 for p in schedule_engine.due_points(rule)), day
