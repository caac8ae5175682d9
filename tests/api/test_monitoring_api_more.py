"""/api/v1 monitoring, the rest of api.md's Monitoring: gaps, next-month actions, KPIs, the cash-flow
table, issued monitoring reports and the on-demand report files — the values through the API, the
domain's rules, the access rule (foreign → 404, viewer → 403) and the version every change names."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from openpyxl import load_workbook

from banso.core.models import ActivityLog
from banso.monitoring.domain import cashflow as cash_domain
from banso.monitoring.domain import reports as report_domain
from banso.monitoring.engines.months import Month
from banso.monitoring.models import CashFlowEntry, Gap, Kpi, KpiMonth, NextMonthAction
from tests.api.test_companies_api import Api, token_for
from tests.monitoring import report_world

pytestmark = pytest.mark.django_db


def put(api: Api, path, body, headers=None):
    return api.client.put(
        path, json.dumps(body), content_type="application/json", headers=headers, **api.headers
    )


@pytest.fixture
def api(supporter):
    return Api(token_for(supporter))


@pytest.fixture
def viewer_api(viewer):
    return Api(token_for(viewer))


def url(company, tail: str) -> str:
    return f"/api/v1/companies/{company.pk}/{tail}"


# --- gaps -------------------------------------------------------------------------------------------


GAP = {"month": "2025-09", "line": "net_sales", "cause": "orders_down", "response": "休眠顧客へ再訪問"}


def test_gap_recorded_read_and_updated_with_its_version(api, company, supporter):
    version = report_world.build(company, by=supporter)
    Gap.objects.all().delete()
    created = api.post(url(company, "gaps"), GAP | {"owner": "社長", "due_on": "2025-10-31"})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["month"], body["line"], body["line_label"]) == ("2025-09", "net_sales", "売上高")
    assert (body["cause"], body["cause_label"], body["status"]) == ("orders_down", "受注・客数減", "open")
    assert (body["plan_version"], body["due_on"], body["repeating"]) == (version.pk, "2025-10-31", False)
    assert ActivityLog.objects.filter(code="monitoring.gap.recorded", actor_id=supporter.pk).count() == 1
    item = url(company, f"gaps/{body['id']}")
    assert api.patch(item, {"status": "done"}).status_code == 428
    changed = api.patch(item, {"status": "done", "effect": "partial", "version": body["version"]})
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["status"], changed.json()["effect_label"]) == ("done", "一部効果")
    assert changed.json()["response"] == "休眠顧客へ再訪問"  # untouched fields stay
    stale = api.patch(item, {"status": "open", "version": body["version"]})
    assert stale.status_code == 409
    assert Gap.objects.get().status == "done"
    assert api.get(item).json()["version"] == body["version"] + 1


def test_gap_twice_on_one_cell_is_409_and_bad_fields_are_422(api, company, supporter):
    report_world.build(company, by=supporter)  # has a gap on 2025-09 net_sales
    duplicate = api.post(url(company, "gaps"), GAP)
    assert duplicate.status_code == 409 and "すでに記録" in duplicate.json()["detail"]
    bad = api.post(url(company, "gaps"), GAP | {"month": "2025-10", "cause": "weather"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cause"
    no_line = api.post(url(company, "gaps"), GAP | {"month": "2025-10", "line": "ebitda"})
    assert no_line.status_code == 422
    foreign = api.post(url(company, "gaps"), GAP | {"month": "2025-10", "plan_version": 999_999})
    empty = api.post(url(company, "gaps"), {"month": "2025-10", "line": "sga", "cause": "expenses_up"})
    assert empty.status_code == 400
    assert "どちらかを書いてください" in str(empty.json())
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "plan_version"
    assert Gap.objects.filter(month=dt.date(2025, 10, 1)).count() == 0


def test_gaps_list_flags_the_repeating_run_and_filters(api, company, supporter):
    report_world.build(company, by=supporter)  # gaps on net_sales in 2025-08 and 2025-09
    api.post(
        url(company, "gaps"),
        {"month": "2025-06", "line": "sga", "cause": "expenses_up", "response": "見積を取る"},
    )
    listed = api.get(url(company, "gaps")).json()
    assert listed["count"] == 3
    rows = [(r["month"], r["line"], r["repeating"]) for r in listed["results"]]
    assert rows == [("2025-09", "net_sales", True), ("2025-08", "net_sales", True), ("2025-06", "sga", False)]
    run = listed["results"][0]["run"]
    assert (run["first_month"], run["last_month"], run["length"]) == ("2025-08", "2025-09", 2)
    only = api.get(url(company, "gaps"), line="sga").json()
    assert [r["line"] for r in only["results"]] == ["sga"]
    window = api.get(url(company, "gaps"), **{"from": "2025-09", "to": "2025-09"}).json()
    assert window["count"] == 1
    paged = api.get(url(company, "gaps"), page=2, page_size=2).json()
    assert (paged["count"], len(paged["results"])) == (3, 1)


def test_gaps_of_another_organization_are_404_and_viewers_read_only(
    api, viewer_api, company, foreign_company, supporter, outsider
):
    report_world.build(company, by=supporter)
    gap = Gap.objects.filter(company=company).first()
    foreign = Gap.objects.create(company=foreign_company, month=dt.date(2025, 9, 1), line="net_sales")
    assert api.get(url(company, f"gaps/{foreign.pk}")).status_code == 404
    assert api.get(url(foreign_company, "gaps")).status_code == 404
    assert api.patch(url(foreign_company, f"gaps/{foreign.pk}"), {"version": 1}).status_code == 404
    assert viewer_api.get(url(company, f"gaps/{gap.pk}")).json()["id"] == gap.pk
    refused = viewer_api.patch(url(company, f"gaps/{gap.pk}"), {"status": "done", "version": gap.version})
    assert refused.status_code == 403
    assert viewer_api.post(url(company, "gaps"), GAP | {"month": "2025-10"}).status_code == 403
    assert Gap.objects.get(pk=gap.pk).status == "open"


# --- next-month actions -------------------------------------------------------------------------------


def test_next_month_actions_set_reviewed_and_deleted(api, company, supporter):
    first = api.post(
        url(company, "next-month-actions"),
        {"month": "2026-04", "title": "営業訪問20件", "owner": "社長", "measure": "訪問20件"},
    )
    assert first.status_code == 201, first.json()
    second = api.post(url(company, "next-month-actions"), {"month": "2026-04", "title": "在庫1割圧縮"})
    one, two = first.json(), second.json()
    assert (one["month"], one["order"], two["order"], one["review"]) == ("2026-04", 0, 1, "not_reviewed")
    item = url(company, f"next-month-actions/{one['id']}")
    # a review other than 実施 needs the why
    no_reason = api.post(f"{item}/review", {"review": "partly", "version": one["version"]})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "review_note"
    assert api.post(f"{item}/review", {"review": "partly", "review_note": "繁忙期"}).status_code == 428
    reviewed = api.post(
        f"{item}/review", {"review": "partly", "review_note": "繁忙期で12件", "version": one["version"]}
    )
    assert reviewed.status_code == 200, reviewed.json()
    assert (reviewed.json()["review_label"], reviewed.json()["review_note"]) == ("一部実施", "繁忙期で12件")
    renamed = api.patch(item, {"owner": "営業部長", "version": reviewed.json()["version"]})
    assert renamed.status_code == 200 and renamed.json()["owner"] == "営業部長"
    # a reviewed action stays as history; an unreviewed one can be removed with its version
    kept = api.client.delete(item, headers={"If-Match": f'"{renamed.json()["version"]}"'}, **api.headers)
    assert kept.status_code == 400 and "振り返り済み" in kept.json()["detail"]
    other = url(company, f"next-month-actions/{two['id']}")
    assert api.client.delete(other, **api.headers).status_code == 428
    assert (
        api.client.delete(other, headers={"If-Match": str(two["version"])}, **api.headers).status_code == 204
    )
    listed = api.get(url(company, "next-month-actions"), month="2026-04").json()
    assert [(r["title"], r["review"]) for r in listed["results"]] == [("営業訪問20件", "partly")]
    codes = set(
        ActivityLog.objects.filter(code__startswith="monitoring.next_action").values_list("code", flat=True)
    )
    assert {"monitoring.next_action.created", "monitoring.next_action.reviewed"} <= codes
    assert "monitoring.next_action.deleted" in codes


def test_next_month_action_rules_and_access(api, viewer_api, company, foreign_company):
    for n in range(10):
        NextMonthAction.objects.create(company=company, month=dt.date(2026, 5, 1), title=f"行動{n}", order=n)
    eleventh = api.post(url(company, "next-month-actions"), {"month": "2026-05", "title": "11件目"})
    assert eleventh.status_code == 400 and "10件まで" in eleventh.json()["detail"]
    blank = api.post(url(company, "next-month-actions"), {"month": "2026-06", "title": "  "})
    assert blank.status_code == 422
    link = api.post(
        url(company, "next-month-actions"),
        {"month": "2026-06", "title": "連携", "engagement_action_id": 999_999},
    )
    assert link.status_code == 422
    assert NextMonthAction.objects.filter(company=company).count() == 10
    foreign = NextMonthAction.objects.create(company=foreign_company, month=dt.date(2026, 5, 1), title="他社")
    assert api.get(url(company, f"next-month-actions/{foreign.pk}")).status_code == 404
    assert api.get(url(foreign_company, "next-month-actions")).status_code == 404
    assert viewer_api.get(url(company, "next-month-actions")).json()["count"] == 10
    mine = NextMonthAction.objects.filter(company=company).first()
    refused = viewer_api.post(
        url(company, f"next-month-actions/{mine.pk}/review"), {"review": "done", "version": mine.version}
    )
    assert refused.status_code == 403
    assert (
        viewer_api.post(url(company, "next-month-actions"), {"month": "2026-07", "title": "x"}).status_code
        == 403
    )


# --- KPIs --------------------------------------------------------------------------------------------


def test_kpis_created_changed_and_their_sheet_saved_against_its_version(api, company, supporter):
    created = api.post(url(company, "kpis"), {"name": "訪問件数", "unit": "件"})
    assert created.status_code == 201, created.json()
    overtime = api.post(
        url(company, "kpis"), {"name": "残業時間", "unit": "時間", "direction": "lower"}
    ).json()
    visits = created.json()
    assert (visits["direction"], visits["order"], overtime["order"]) == ("higher", 0, 1)
    assert api.post(url(company, "kpis"), {"name": "訪問件数"}).status_code == 422  # duplicate name
    period = {"from": "2026-04", "to": "2026-06"}
    sheet = api.get(url(company, "kpis/months"), **period).json()
    assert (sheet["months"], sheet["version"]) == (["2026-04", "2026-05", "2026-06"], 0)
    cells = [
        {"kpi": visits["id"], "month": "2026-04", "target": "20", "actual": "17"},
        {"kpi": visits["id"], "month": "2026-05", "target": "20", "actual": "22"},
        {"kpi": overtime["id"], "month": "2026-04", "target": "30", "actual": "40"},
    ]
    assert put(api, url(company, "kpis/months"), period | {"rows": cells}).status_code == 428
    saved = put(api, url(company, "kpis/months"), period | {"rows": cells, "version": 0})
    assert saved.status_code == 200, saved.json()
    rows = {r["kpi"]["name"]: r for r in saved.json()["rows"]}
    april, may, june = rows["訪問件数"]["months"]
    assert (april["target"], april["actual"], april["achievement"], april["status"]) == (
        20.0,
        17.0,
        0.85,
        "amber",
    )
    assert (may["achievement"], may["status"], june["actual"]) == (1.1, "ok", None)
    assert rows["訪問件数"]["trend"] == "improving"
    lower = rows["残業時間"]["months"][0]
    assert (lower["achievement"], lower["status"]) == (0.75, "red")  # 30 ÷ 40, lower is better
    assert saved.json()["version"] == 3
    stale = put(api, url(company, "kpis/months"), period | {"rows": cells[:1], "version": 0})
    assert stale.status_code == 409
    outside = put(
        api,
        url(company, "kpis/months"),
        period | {"rows": [{"kpi": visits["id"], "month": "2026-07", "actual": 1}], "version": 3},
    )
    assert outside.status_code == 400
    assert KpiMonth.objects.count() == 3
    negative = put(
        api,
        url(company, "kpis/months"),
        period | {"rows": [{"kpi": visits["id"], "month": "2026-06", "target": "-5"}], "version": 3},
    )
    assert negative.status_code == 422
    assert negative.json()["errors"] == [
        {
            "field": "body",
            "message": "「訪問件数」2026年6月の目標: 目標にマイナスは入力できません。"
            "0以上の数値で入力してください。",
        }
    ]
    assert KpiMonth.objects.count() == 3
    item = url(company, f"kpis/{visits['id']}")
    assert api.patch(item, {"is_active": False}).status_code == 428
    off = api.patch(item, {"is_active": False, "version": visits["version"]})
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert [k["name"] for k in api.get(url(company, "kpis"), active="true").json()["results"]] == ["残業時間"]
    assert len(api.get(url(company, "kpis/months"), **period).json()["rows"]) == 1
    assert len(api.get(url(company, "kpis/months"), include_inactive="true", **period).json()["rows"]) == 2


def test_kpis_of_another_organization_are_404_and_viewers_read_only(
    api, viewer_api, company, foreign_company
):
    foreign = Kpi.objects.create(company=foreign_company, name="他社KPI")
    mine = Kpi.objects.create(company=company, name="客単価", unit="円")
    assert api.get(url(company, f"kpis/{foreign.pk}")).status_code == 404
    assert api.get(url(foreign_company, "kpis/months")).status_code == 404
    # another company's KPI in this company's sheet is refused, nothing written
    cells = {
        "from": "2026-04",
        "to": "2026-04",
        "rows": [{"kpi": foreign.pk, "month": "2026-04", "actual": 1}],
    }
    assert put(api, url(company, "kpis/months"), cells | {"version": 0}).status_code == 400
    assert viewer_api.get(url(company, f"kpis/{mine.pk}")).json()["name"] == "客単価"
    assert viewer_api.patch(url(company, f"kpis/{mine.pk}"), {"name": "x", "version": 1}).status_code == 403
    mine_cells = cells | {"rows": [{"kpi": mine.pk, "month": "2026-04", "actual": 1}], "version": 0}
    assert put(viewer_api, url(company, "kpis/months"), mine_cells).status_code == 403
    assert not KpiMonth.objects.exists()


# --- cash flow ----------------------------------------------------------------------------------------


def test_cash_flow_table_matches_the_domain_and_month_entries_are_replaced_with_their_version(
    api, company, supporter
):
    report_world.build(
        company, by=supporter
    )  # 2025-09: 前月繰越 26,000,000, 現金売上 8,000,000, 人件費 1,600,000
    body = api.get(url(company, "cash-flow")).json()
    assert body["actual_months"] == ["2025-09"] and body["projection_start"] == "2025-10"
    first = body["columns"][0]
    assert (first["month"], first["projected"], first["opening"], first["closing"]) == (
        "2025-09",
        False,
        26_000_000,
        32_400_000,
    )
    assert len(body["columns"]) == 13 and all(c["projected"] for c in body["columns"][1:])
    rows = {r["key"]: r for r in body["rows"] if r["kind"] != "item" or r["key"] == "cash_sales"}
    assert rows["cash_sales"]["values"][0] == 8_000_000
    assert rows["operating_balance"]["values"][0] == 6_400_000
    assert rows["closing"]["values"] == [c["closing"] for c in body["columns"]]
    assert body["plan_label"] == "経営改善計画 第1版"
    month_url = url(company, "cash-flow/months/2025-09")
    current = api.get(month_url).json()
    assert {(e["item"], e["amount"]) for e in current["entries"]} == {
        ("opening_balance", 26_000_000),
        ("cash_sales", 8_000_000),
        ("personnel", 1_600_000),
    }
    entries = [
        {"item": "opening_balance", "amount": 26_000_000},
        {"item": "cash_sales", "amount": 9_000_000},
        {"item": "other_expenses", "amount": 500_000},
    ]
    assert put(api, month_url, {"entries": entries}).status_code == 428
    saved = put(api, month_url, {"entries": entries, "version": current["version"]})
    assert saved.status_code == 200, saved.json()
    assert {(e["item"], e["amount"]) for e in saved.json()["entries"]} == {
        ("opening_balance", 26_000_000),
        ("cash_sales", 9_000_000),
        ("other_expenses", 500_000),
    }  # 人件費, not listed, was removed
    assert saved.json()["version"] > current["version"]
    assert put(api, month_url, {"entries": [], "version": current["version"]}).status_code == 409
    after = api.get(url(company, "cash-flow")).json()
    assert after["columns"][0]["closing"] == 26_000_000 + 9_000_000 - 500_000
    negative = put(
        api,
        month_url,
        {"entries": [{"item": "cash_sales", "amount": -1}], "version": saved.json()["version"]},
    )
    assert negative.status_code == 422 and "0以上" in json.dumps(negative.json(), ensure_ascii=False)
    assert CashFlowEntry.objects.filter(company=company, item="cash_sales").get().amount == 9_000_000


def test_cash_flow_warns_of_a_shortfall_naming_the_month(api, company, supporter):
    lender = cash_domain.add_lender(company, by=supporter, name="みなと地域銀行")
    cash_domain.save_loan_schedule(lender, by=supporter, rows={Month(2026, 5): (None, 80, None)})
    put(
        api,
        url(company, "cash-flow/months/2026-03"),
        {
            "entries": [{"item": "opening_balance", "amount": 100}, {"item": "personnel", "amount": 50}],
            "version": 0,
        },
    )
    body = api.get(url(company, "cash-flow")).json()
    assert body["columns"][0]["closing"] == 50
    warning = body["warning"]
    assert (warning["month"], warning["balance"], warning["below_zero"]) == ("2026-05", -30, True)
    assert "2026年5月" in warning["message"]
    repayment = next(r for r in body["rows"] if r["key"] == "repayment" and r["lender"] == lender.pk)
    assert repayment["values"][:3] == [0, 0, 80] and repayment["label"] == "借入金返済（みなと地域銀行）"


def test_cash_flow_of_another_organization_is_404_and_viewers_read_only(
    api, viewer_api, company, foreign_company
):
    assert api.get(url(foreign_company, "cash-flow")).status_code == 404
    assert (
        put(api, url(foreign_company, "cash-flow/months/2026-04"), {"entries": [], "version": 0}).status_code
        == 404
    )
    assert viewer_api.get(url(company, "cash-flow")).status_code == 200
    refused = put(
        viewer_api,
        url(company, "cash-flow/months/2026-04"),
        {"entries": [{"item": "cash_sales", "amount": 1}], "version": 0},
    )
    assert refused.status_code == 403
    assert not CashFlowEntry.objects.exists()
    missing = api.get(url(company, "cash-flow/months/2026-13"))
    assert missing.status_code == 404 and missing.json()["detail"]  # a path naming no month


# --- monitoring reports -----------------------------------------------------------------------------


def _issued(company, supporter):
    version = report_world.build(company, by=supporter)
    draft = report_domain.draft_report(
        company, by=supporter, from_month=Month(2025, 4), to_month=Month(2025, 9), plan_version=version
    )
    return report_domain.issue_report(draft, by=supporter, expected_version=draft.version)


def test_issued_reports_listed_with_their_sha256_and_files_downloaded_logged(api, company, supporter):
    report = _issued(company, supporter)
    report_domain.draft_report(company, by=supporter, from_month=Month(2025, 4), to_month=Month(2025, 9))
    listed = api.get(url(company, "monitoring-reports")).json()
    assert listed["count"] == 1  # the draft is not listed
    (body,) = listed["results"]
    assert (body["id"], body["from_month"], body["to_month"]) == (report.pk, "2025-04", "2025-09")
    assert (body["plan_version"]["number"], body["plan_version"]["label"]) == (1, "第1版")
    assert body["pdf"]["sha256"] == report.pdf_sha256 and len(body["pdf"]["sha256"]) == 64
    assert body["issued_by"] == supporter.pk and body["period"] == "2025年4月〜2025年9月"
    assert (
        api.get(url(company, f"monitoring-reports/{report.pk}")).json()["xlsx"]["sha256"]
        == report.xlsx_sha256
    )
    before = ActivityLog.objects.filter(code__startswith="download.").count()
    pdf = api.get(body["pdf"]["url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == report.pdf_sha256
    xlsx = api.get(body["xlsx"]["url"])
    assert hashlib.sha256(xlsx.content).hexdigest() == report.xlsx_sha256
    logs = ActivityLog.objects.filter(code__startswith="download.").order_by("id")[before:]
    assert [(r.code, r.data["channel"], r.company_id) for r in logs] == [
        ("download.monitoring.report.pdf", "api", company.pk),
        ("download.monitoring.report.xlsx", "api", company.pk),
    ]


def test_a_draft_or_another_organizations_report_is_404(api, company, supporter, outsider, foreign_company):
    report = _issued(company, supporter)
    draft = report_domain.draft_report(
        company, by=supporter, from_month=Month(2025, 4), to_month=Month(2025, 9)
    )
    assert api.get(url(company, f"monitoring-reports/{draft.pk}")).status_code == 404
    assert api.get(url(company, f"monitoring-reports/{draft.pk}/pdf")).status_code == 404
    outsider_api = Api(token_for(outsider))
    assert outsider_api.get(url(company, f"monitoring-reports/{report.pk}")).status_code == 404
    assert outsider_api.get(url(foreign_company, f"monitoring-reports/{report.pk}/pdf")).status_code == 404
    assert not ActivityLog.objects.filter(code__startswith="download.").exists()


def test_on_demand_report_files_carry_the_monitoring_tables_numbers(api, company, supporter):
    report_world.build(company, by=supporter)
    query = {"from": "2025-04", "to": "2025-09"}
    table = api.get(url(company, "monitoring"), **query).json()
    sales = next(line for line in table["lines"] if line["key"] == "net_sales")
    xlsx = api.get(url(company, "monitoring-report.xlsx"), **query)
    assert xlsx.status_code == 200, xlsx.content[:300]
    assert "attachment" in xlsx["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(xlsx.content))
    numbers = {
        c.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, int)
    }
    assert sales["year_to_date"]["actual"] in numbers and sales["year_to_date"]["plan"] in numbers
    pdf = api.get(url(company, "monitoring-report.pdf"), **query)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    logs = list(ActivityLog.objects.filter(code__startswith="download.").values_list("code", flat=True))
    assert sorted(logs) == [
        "download.monitoring.report.current_pdf",
        "download.monitoring.report.current_xlsx",
    ]
    # the period outside the plan is a Japanese 400, a bad month a 422; nothing logged
    outside = api.get(url(company, "monitoring-report.pdf"), **{"from": "2020-04", "to": "2020-09"})
    assert outside.status_code == 400 and "計画" in outside.json()["detail"]
    assert api.get(url(company, "monitoring-report.pdf"), to="2025-13").status_code == 422
    assert ActivityLog.objects.filter(code__startswith="download.").count() == 2
    # without a plan: 400, never a 500
    assert api.get(url(company, "monitoring-report.xlsx"), plan_version=999_999).status_code == 422


def test_periods_at_the_edge_of_the_calendar_are_422_not_500(api, company, supporter):
    """Months from outside keep a year of room inside the calendar the app keeps (1900–9999), so a
    month at its very edge is refused as the field that was sent, and a default computed from it
    can never overflow into a 500."""
    report_world.build(company, by=supporter)
    late = api.get(url(company, "kpis/months"), **{"from": "9999-05"})
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "from"
    early = api.get(url(company, "kpis/months"), to="1900-01")
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "to"
    report = api.get(url(company, "monitoring-report.pdf"), to="1900-01")
    assert report.status_code == 422 and report.json()["errors"][0]["field"] == "to"


def test_on_demand_report_without_a_plan_is_a_documented_400(api, company):
    refused = api.get(url(company, "monitoring-report.pdf"))
    assert refused.status_code == 400 and "計画がありません" in refused.json()["detail"]
    schema = api.get("/api/v1/openapi.json").json()
    for suffix in ("pdf", "xlsx"):
        responses = schema["paths"][f"/api/v1/companies/{{company_id}}/monitoring-report.{suffix}"]["get"][
            "responses"
        ]
        assert responses["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
