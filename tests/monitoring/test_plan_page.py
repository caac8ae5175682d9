"""The plan page's seams: the numeric targets of §5.5 with yardstick and judgement in words, deleting a
measure, each measure's status, and linking the plan to an engagement after creation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.core.models import ActivityLog
from banso.monitoring.domain import plans
from banso.monitoring.domain.targets import plan_targets_of, target_rows
from banso.monitoring.engines.months import Month
from banso.monitoring.models import Measure

pytestmark = pytest.mark.django_db

K = 1000  # 千円

YEARLY = {
    2026: {"net_sales": 100_000 * K, "cost_of_sales": 70_000 * K, "sga": 35_000 * K},
    2027: {
        "net_sales": 120_000 * K,
        "cost_of_sales": 80_000 * K,
        "sga": 35_000 * K,
        "depreciation": 3_000 * K,
    },
    2028: {
        "net_sales": 130_000 * K,
        "cost_of_sales": 85_000 * K,
        "sga": 35_000 * K,
        "depreciation": 3_000 * K,
        "income_taxes": 1_000 * K,
    },
}
BALANCES = {
    2026: {"net_assets": -5_000 * K},
    2027: {"net_assets": -1_000 * K},
    2028: {
        "net_assets": 2_000 * K,
        "borrowings": 100_000 * K,
        "cash_and_deposits": 10_000 * K,
        "receivables": 20_000 * K,
        "inventories": 10_000 * K,
        "payables": 10_000 * K,
    },
}


def url(name, company, **kwargs):
    return reverse(
        f"monitoring:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


def make(company, by, *, balances=BALANCES):
    version = plans.create_plan(company, by=by, title="再生計画", start_month=Month(2025, 4), years=3)
    plans.set_year_totals(version, by=by, yearly=YEARLY, balances=balances)
    version.refresh_from_db()
    return version


def test_plan_targets_of_a_version_follow_the_plan_figures(company, supporter):
    version = make(company, supporter)
    targets = plan_targets_of(version)
    # 経常利益: △5,000 → 5,000 → 10,000千円; first positive in 2027年3月期, the plan's second year
    assert (targets.ordinary_profit.fiscal_year, targets.ordinary_profit.plan_year) == (2027, 2)
    assert targets.ordinary_profit.meets is True
    assert (targets.net_assets.fiscal_year, targets.net_assets.plan_year) == (2028, 3)
    # (100,000 − 10,000 − (20,000 + 10,000 − 10,000)) ÷ (10,000 − 1,000 + 3,000) = 70,000 ÷ 12,000
    assert targets.debt_repayment_years.value == Decimal(70_000) / Decimal(12_000)
    assert targets.debt_to_cash_flow.value == Decimal(100_000) / Decimal(12_000)
    assert targets.ebitda_multiple.value == Decimal(90_000) / Decimal(13_000)
    rows = {row.key: row for row in target_rows(targets, fiscal_year_end_month=3)}
    assert rows["ordinary_profit"].value_text == "2027年3月期（計画2年目）"
    assert rows["debt_repayment_years"].value_text == "5.8年"
    assert rows["debt_to_cash_flow"].value_text == "8.3倍"
    assert rows["ebitda_multiple"].value_text == "6.9倍"
    assert {row.judgement_text for row in rows.values()} == {"目安を満たしています"}


def test_plan_page_shows_targets_with_yardstick_and_judgement(login, supporter, viewer, company):
    version = make(company, supporter)
    page = login(viewer).get(url("plan_detail", company, pk=version.plan_id)).content.decode()
    assert 'data-testid="targets-placeholder"' not in page
    assert "2027年3月期（計画2年目）" in page and "2028年3月期（計画3年目）" in page
    assert "5.8年" in page and "10年以下" in page and "3年以内" in page
    assert page.count("目安を満たしています") == 5


def test_targets_without_balances_say_what_is_missing(login, supporter, company):
    version = make(company, supporter, balances={})
    page = login(supporter).get(url("plan_detail", company, pk=version.plan_id)).content.decode()
    assert "判定できません" in page
    assert "2028年3月期の有利子負債が入力されていません。" in page
    assert "純資産が入力されていません。" in page
    # 経常黒字化 needs no balance: still judged
    assert "2027年3月期（計画2年目）" in page


def test_a_plan_that_never_turns_a_profit_misses_its_target(login, supporter, company):
    version = plans.create_plan(company, by=supporter, title="計画", start_month=Month(2025, 4), years=3)
    loss = {"net_sales": 100_000 * K, "cost_of_sales": 90_000 * K, "sga": 20_000 * K}
    plans.set_year_totals(version, by=supporter, yearly={fy: loss for fy in (2026, 2027, 2028)})
    rows = {r.key: r for r in target_rows(plan_targets_of(version), fiscal_year_end_month=3)}
    assert rows["ordinary_profit"].judgement_text == "目安を満たしていません"
    assert rows["ordinary_profit"].note == "計画期間中に経常黒字になりません。"


def test_measure_status_shows_and_a_measure_can_be_deleted(login, supporter, viewer, company):
    version = make(company, supporter)
    measure = plans.add_measure(version, by=supporter, title="新規顧客の開拓", status="in_progress")
    kept = plans.add_measure(version, by=supporter, title="在庫圧縮", status="done")
    page = login(supporter).get(url("plan_detail", company, pk=version.plan_id)).content.decode()
    assert "実施中" in page and "完了" in page
    delete_url = url("measure_delete", company, pk=version.plan_id, measure_pk=measure.pk)
    assert delete_url in page
    assert (
        delete_url not in login(viewer).get(url("plan_detail", company, pk=version.plan_id)).content.decode()
    )
    assert login(viewer).post(delete_url, {"version": measure.version}).status_code == 403
    # a stale confirmation is refused
    plans.update_measure(measure, by=supporter, progress_note="3社訪問")
    response = login(supporter).post(delete_url, {"version": measure.version})
    assert response.status_code == 400
    assert Measure.objects.filter(pk=measure.pk).exists()
    measure.refresh_from_db()
    response = login(supporter).post(delete_url, {"version": measure.version})
    assert response.status_code == 302
    assert list(Measure.objects.filter(plan_version=version).values_list("title", flat=True)) == [kept.title]
    assert ActivityLog.objects.filter(code="monitoring.measure.deleted").count() == 1


def test_a_measure_of_an_old_version_cannot_be_deleted(login, supporter, company):
    version = make(company, supporter)
    measure = plans.add_measure(version, by=supporter, title="新規顧客の開拓")
    plans.revise_plan(version.plan, by=supporter, reason="受注減で売上計画を見直し")
    response = login(supporter).post(
        url("measure_delete", company, pk=version.plan_id, measure_pk=measure.pk), {"version": 1}
    )
    assert response.status_code == 404
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_a_plan_is_linked_to_its_companys_engagement_after_creation(login, supporter, company, other_company):
    from banso.engagements.models import Engagement

    own = Engagement.objects.create(
        company=company, kind="early_plan", started_on=dt.date(2025, 4, 1), lead_supporter=supporter
    )
    foreign = Engagement.objects.create(
        company=other_company, kind="early_plan", started_on=dt.date(2025, 4, 1), lead_supporter=supporter
    )
    version = make(company, supporter)
    plan = version.plan
    client = login(supporter)
    link_url = url("plan_engagement", company, pk=plan.pk)
    assert f'value="{foreign.pk}"' not in client.get(link_url).content.decode()
    response = client.post(link_url, {"engagement_id": foreign.pk, "version": plan.version})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.engagement_id is None
    response = client.post(link_url, {"engagement_id": own.pk, "version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.engagement_id == own.pk
    page = client.get(url("plan_detail", company, pk=plan.pk)).content.decode()
    detail = reverse(
        "engagements:detail",
        kwargs={"org": company.organization.slug, "company_pk": company.pk, "engagement_pk": own.pk},
    )
    assert detail in page
    assert ActivityLog.objects.filter(code="monitoring.plan.linked").count() == 1
    # the domain refuses a foreign id too (the API path)
    with pytest.raises(ValidationError) as info:
        plans.link_engagement(plan, by=supporter, engagement_id=foreign.pk)
    assert "見つかりません" in info.value.message_dict["engagement_id"][0]
    # unlinking
    response = client.post(link_url, {"engagement_id": "", "version": plan.version})
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.engagement_id is None
