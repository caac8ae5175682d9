"""/api/v1 monitoring (api.md, Monitoring): plans and versions, the values and the rules of the domain
through the API, the access rule (foreign → 404, viewer → 403) and the version every change names."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from banso.core.models import ActivityLog
from banso.monitoring.engines.months import Month
from banso.monitoring.models import Measure, PlanAmount, PlanVersion
from tests.api.test_companies_api import Api, token_for

pytestmark = pytest.mark.django_db

PLAN = {
    "title": "経営改善計画",
    "start_month": "2025-04",
    "years": 3,
    "yearly": {"2026": {"net_sales": 120_000_007, "cost_of_sales": 80_000_000, "sga": 36_000_000}},
}


def put(api: Api, path, body, headers=None):
    return api.client.put(
        path, json.dumps(body), content_type="application/json", headers=headers, **api.headers
    )


@pytest.fixture
def api(supporter):
    return Api(token_for(supporter))


def plans_url(company):
    return f"/api/v1/companies/{company.pk}/plans"


def make_plan(api, company, **changes):
    response = api.post(plans_url(company), PLAN | changes)
    assert response.status_code == 201, response.json()
    return response.json()


# --- plans ------------------------------------------------------------------------------------------


def test_create_plan_spreads_the_year_and_answers_the_plan_with_its_first_version(api, company, supporter):
    body = make_plan(api, company)
    assert (body["title"], body["current_version"], body["company"]) == ("経営改善計画", 1, company.pk)
    (first,) = body["versions"]
    assert first["start_month"] == "2025-04" and first["end_month"] == "2028-03"
    assert first["fiscal_years"] == [2026, 2027, 2028]
    assert first["period"] == "2026年3月期〜2028年3月期"
    detail = api.get(f"{plans_url(company)}/{body['id']}/versions/1").json()
    year = detail["plan_years"][0]
    assert year["totals"] == {"net_sales": 120_000_007, "cost_of_sales": 80_000_000, "sga": 36_000_000}
    assert year["months"]["2025-04"]["net_sales"] == 10_000_001
    assert year["months"]["2026-03"]["net_sales"] == 10_000_000
    assert sum(v["net_sales"] for v in year["months"].values()) == 120_000_007
    assert ActivityLog.objects.filter(code="monitoring.plan.created", actor_id=supporter.pk).count() == 1
    listed = api.get(plans_url(company)).json()
    assert (listed["count"], listed["results"][0]["id"]) == (1, body["id"])


def test_start_month_inside_a_fiscal_year_is_422_in_japanese_and_writes_nothing(api, company):
    response = api.post(plans_url(company), PLAN | {"start_month": "2025-05"})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "start_month" and "期首の月" in error["message"]
    bad = api.post(plans_url(company), PLAN | {"start_month": "2025-13"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "start_month"
    assert not PlanVersion.objects.exists()


def test_revise_names_the_version_it_replaces(api, company):
    plan = make_plan(api, company)
    url = f"{plans_url(company)}/{plan['id']}/versions"
    missing = api.post(url, {"reason": "売上の回復が遅れたため"})
    assert missing.status_code == 428 and "版" in missing.json()["detail"]
    stale = api.post(url, {"reason": "売上の回復が遅れたため", "version": 2})
    assert stale.status_code == 409
    revised = api.post(url, {"reason": "売上の回復が遅れたため", "version": 1})
    assert revised.status_code == 201, revised.json()
    new = revised.json()
    assert (new["number"], new["is_current"], new["reason"]) == (2, True, "売上の回復が遅れたため")
    assert new["plan_years"][0]["totals"]["net_sales"] == 120_000_007
    again = api.post(url, {"reason": "二重送信", "version": 1})
    assert again.status_code == 409
    body = api.get(f"{plans_url(company)}/{plan['id']}").json()
    assert body["current_version"] == 2
    assert [(v["number"], v["is_current"]) for v in body["versions"]] == [(2, True), (1, False)]
    # the old version stays, read-only
    old = api.get(f"{url}/1").json()
    refused = put(api, f"{url}/1/years", {"yearly": {"2026": {"net_sales": 1}}, "version": old["version"]})
    assert refused.status_code == 400 and "改訂済み" in refused.json()["detail"]


def test_year_totals_and_manual_months_through_the_api(api, company):
    plan = make_plan(api, company)
    url = f"{plans_url(company)}/{plan['id']}/versions/1"
    version = api.get(url).json()["version"]
    assert put(api, f"{url}/years", {"yearly": {"2027": {"net_sales": 1_200}}}).status_code == 428
    body = {"yearly": {"2027": {"net_sales": 1_200}}, "balances": {"2027": {"borrowings": 5_000}}}
    saved = put(api, f"{url}/years", body | {"version": version})
    assert saved.status_code == 200, saved.json()
    year = next(y for y in saved.json()["plan_years"] if y["fiscal_year"] == 2027)
    assert year["totals"] == {"net_sales": 1_200} and year["balances"]["borrowings"] == 5_000
    assert put(api, f"{url}/years", {"yearly": {}, "version": version}).status_code == 409
    months = {str(Month(2026, 4) + k): {"net_sales": 100} for k in range(12)}
    months["2026-04"] = {"net_sales": 150}
    current = saved.json()["version"]
    wrong = put(api, f"{url}/years/2027/months", {"months": months, "version": current})
    assert wrong.status_code == 422
    assert "売上高" in json.dumps(wrong.json(), ensure_ascii=False)
    months["2026-05"] = {"net_sales": 50}
    ok = put(api, f"{url}/years/2027/months", {"months": months, "version": current})
    assert ok.status_code == 200, ok.json()
    year = next(y for y in ok.json()["plan_years"] if y["fiscal_year"] == 2027)
    assert (year["spread_method"], year["months"]["2026-04"]["net_sales"]) == ("manual", 150)
    assert PlanAmount.objects.filter(plan_version__number=1, month=dt.date(2026, 5, 1)).get().amount == 50


def test_measures_crud_on_the_current_version(api, company):
    plan = make_plan(api, company)
    url = f"{plans_url(company)}/{plan['id']}/measures"
    created = api.post(
        url,
        {
            "title": "新規顧客への提案営業",
            "owner": "営業部長",
            "start_month": "2025-06",
            "expected_effect": 6_000_000,
            "line": "net_sales",
        },
    )
    assert created.status_code == 201, created.json()
    measure = created.json()
    assert (measure["start_month"], measure["expected_effect"]) == ("2025-06", 6_000_000)
    assert measure["plan_version"] == 1
    item = f"{url}/{measure['id']}"
    assert api.patch(item, {"status": "in_progress"}).status_code == 428
    changed = api.patch(
        item, {"status": "in_progress", "progress_note": "10社訪問", "version": measure["version"]}
    )
    assert changed.status_code == 200 and changed.json()["status"] == "in_progress"
    assert api.patch(item, {"status": "done", "version": measure["version"]}).status_code == 409
    bad_link = api.post(url, {"title": "連携", "engagement_action_id": 999_999})
    assert bad_link.status_code == 422
    assert api.get(url).json()["count"] == 1
    assert api.delete(item).status_code == 204
    assert not Measure.objects.exists()


def test_plans_of_another_organization_are_404_and_a_viewer_cannot_write(
    api, company, foreign_company, viewer, outsider
):
    plan = make_plan(api, company)
    outsider_api = Api(token_for(outsider))
    assert outsider_api.get(f"{plans_url(company)}/{plan['id']}").status_code == 404
    assert api.get(f"{plans_url(foreign_company)}").status_code == 404
    assert api.get(f"{plans_url(foreign_company)}/{plan['id']}").status_code == 404
    viewer_api = Api(token_for(viewer))
    assert viewer_api.get(f"{plans_url(company)}/{plan['id']}").status_code == 200
    refused = viewer_api.post(plans_url(company), PLAN)
    assert refused.status_code == 403 and refused.json()["detail"]
    assert PlanVersion.objects.count() == 1


# --- actuals ----------------------------------------------------------------------------------------


def actuals_url(company):
    return f"/api/v1/companies/{company.pk}/actuals"


def test_actuals_bulk_upsert_reads_back_to_the_yen_and_names_versions(api, company, supporter):
    rows = [
        {"month": "2025-04", "line": "net_sales", "amount": 10_000_001},
        {"month": "2025-04", "line": "cost_of_sales", "amount": 6_500_000},
        {"month": "2025-05", "line": "net_sales", "amount": 9_000_000},
    ]
    saved = put(api, actuals_url(company), {"rows": rows})
    assert saved.status_code == 200, saved.json()
    body = saved.json()
    assert (body["months"], body["created"], body["changed"]) == (["2025-04", "2025-05"], 3, 0)
    listed = api.get(actuals_url(company), **{"from": "2025-04", "to": "2025-04"}).json()
    assert [(r["month"], r["line"], r["amount"]) for r in listed["results"]] == [
        ("2025-04", "cost_of_sales", 6_500_000),
        ("2025-04", "net_sales", 10_000_001),
    ]
    version = listed["results"][1]["version"]
    change = [{"month": "2025-04", "line": "net_sales", "amount": 10_500_000}]
    missing = put(api, actuals_url(company), {"rows": change})
    assert missing.status_code == 428 and "2025年4月 売上高" in missing.json()["detail"]
    stale = put(api, actuals_url(company), {"rows": [change[0] | {"version": version + 1}]})
    assert stale.status_code == 409
    ok = put(api, actuals_url(company), {"rows": [change[0] | {"version": version}]})
    assert ok.status_code == 200 and ok.json()["changed"] == 1
    cleared = put(
        api,
        actuals_url(company),
        {"rows": [{"month": "2025-05", "line": "net_sales", "amount": None, "version": 1}]},
    )
    assert cleared.json()["cleared"] == 1
    assert api.get(actuals_url(company)).json()["count"] == 2
    assert ActivityLog.objects.filter(code="monitoring.actuals.saved", actor_id=supporter.pk).count() == 3


def test_actuals_refuse_computed_lines_and_bad_months_and_write_nothing(api, company):
    computed = put(
        api, actuals_url(company), {"rows": [{"month": "2025-04", "line": "gross_profit", "amount": 1}]}
    )
    assert computed.status_code == 422
    bad_month = put(
        api, actuals_url(company), {"rows": [{"month": "2025-4", "line": "net_sales", "amount": 1}]}
    )
    assert bad_month.status_code == 422
    assert api.get(actuals_url(company), **{"from": "2025/04"}).status_code == 422
    twice = [{"month": "2025-04", "line": "net_sales", "amount": 1}] * 2
    assert put(api, actuals_url(company), {"rows": twice}).status_code == 422
    assert api.get(actuals_url(company)).json()["count"] == 0


def test_actuals_of_another_organization_are_404_and_viewers_read_only(api, company, foreign_company, viewer):
    assert api.get(actuals_url(foreign_company)).status_code == 404
    row = {"rows": [{"month": "2025-04", "line": "net_sales", "amount": 1}]}
    assert put(api, actuals_url(foreign_company), row).status_code == 404
    viewer_api = Api(token_for(viewer))
    assert viewer_api.get(actuals_url(company)).status_code == 200
    assert put(viewer_api, actuals_url(company), row).status_code == 403
    assert api.get(actuals_url(company)).json()["count"] == 0


# --- imports ----------------------------------------------------------------------------------------


def upload(api, company, content: bytes, name="推移表.csv", **form):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv"), **form}
    return api.client.post(f"/api/v1/companies/{company.pk}/imports", data, **api.headers)


# freee_trial(): April–June 2025 (tests/monitoring/engines/imports/builders.py), by hand:
# 売上高 1,200,000 − 値引 20,000; 仕入高; 販管費 = 給料 + 家賃 + 減価償却 + 広告.
FREEE_APRIL = {
    "net_sales": 1_180_000,
    "cost_of_sales": 600_000,
    "sga": 450_000,
    "personnel_costs": 300_000,
    "depreciation": 50_000,
    "non_operating_income": 10,
    "non_operating_expenses": 8_000,
}


def test_import_flow_end_to_end_with_a_freee_file(api, company, supporter):
    from tests.monitoring.engines.imports.builders import freee_trial

    response = upload(api, company, freee_trial(encoding="cp932"), name="freee_推移表.csv")
    assert response.status_code == 201, response.json()
    preview = response.json()
    assert preview["layout"] == "freee_trial"
    assert preview["months"] == ["2025-04", "2025-05", "2025-06"]
    assert {line: preview["totals"][line]["2025-04"] for line in FREEE_APRIL} == FREEE_APRIL
    assert preview["unmapped_accounts"] == [] and preview["checksum_differences"] == []
    assert preview["status"] == "preview" and len(preview["sha256"]) == 64
    assert api.get(actuals_url(company)).json()["count"] == 0  # nothing written before the commit
    commit_url = f"/api/v1/imports/{preview['id']}/commit"
    assert api.post(commit_url, {}).status_code == 428
    committed = api.post(commit_url, {"version": preview["version"]})
    assert committed.status_code == 200, committed.json()
    assert committed.json()["months"] == ["2025-04", "2025-05", "2025-06"]
    assert committed.json()["accounting_import"]["status"] == "committed"
    april = api.get(actuals_url(company), **{"from": "2025-04", "to": "2025-04"}).json()["results"]
    assert {r["line"]: r["amount"] for r in april} == FREEE_APRIL
    assert {r["source"] for r in april} == {"import"}
    again = api.post(commit_url, {"version": committed.json()["accounting_import"]["version"]})
    assert again.status_code == 400 and "取込済み" in again.json()["detail"]
    assert ActivityLog.objects.filter(code="monitoring.import.committed").count() == 1


def test_import_preview_shows_checksum_differences_of_the_files_own_totals(api, company):
    from tests.monitoring.engines.imports.builders import freee_trial

    content = freee_trial(total_override={"売上高合計": [1_180_000, 1_350_000, 999_999]})
    preview = upload(api, company, content).json()
    (difference,) = preview["checksum_differences"]
    assert (difference["month"], difference["stated"], difference["computed"]) == (
        "2025-06",
        999_999,
        965_000,
    )


def test_commit_with_disagreeing_totals_needs_the_users_acceptance(api, company):
    from tests.monitoring.engines.imports.builders import freee_trial

    content = freee_trial(total_override={"売上高合計": [1_180_000, 1_350_000, 999_999]})
    preview = upload(api, company, content).json()
    commit_url = f"/api/v1/imports/{preview['id']}/commit"
    refused = api.post(commit_url, {"version": preview["version"]})
    assert refused.status_code == 400 and "売上高合計" in refused.json()["detail"]
    assert not company.monthly_actuals.exists()
    accepted = api.post(commit_url, {"version": preview["version"], "accept_checksum_differences": True})
    assert accepted.status_code == 200 and accepted.json()["months"] == ["2025-04", "2025-05", "2025-06"]


def test_unmapped_accounts_block_the_commit_until_the_mapping_names_them(api, company):
    from tests.monitoring.engines.imports.builders import csv_bytes

    content = csv_bytes(
        [["勘定科目", "2025年4月", "2025年5月"], ["売上高", "1,000", "2,000"], ["謎の勘定ABC", "300", "400"]]
    )
    preview = upload(api, company, content, name="汎用.csv").json()
    assert [u["name"] for u in preview["unmapped_accounts"]] == ["謎の勘定ABC"]
    refused = api.post(f"/api/v1/imports/{preview['id']}/commit", {"version": preview["version"]})
    assert refused.status_code == 400 and "謎の勘定ABC" in refused.json()["detail"]
    mapping_url = f"/api/v1/companies/{company.pk}/account-mapping"
    assert api.get(mapping_url).json() == {"mapping": {}, "version": None}
    first = put(api, mapping_url, {"mapping": {"謎の勘定ABC": "sga"}})
    assert first.status_code == 200 and first.json()["version"] == 1
    assert put(api, mapping_url, {"mapping": {"謎の勘定ABC": "ignore"}}).status_code == 428
    assert put(api, mapping_url, {"mapping": {"謎の勘定ABC": "nope"}, "version": 1}).status_code == 400
    refreshed = api.get(f"/api/v1/imports/{preview['id']}").json()
    assert refreshed["unmapped_accounts"] == [] and refreshed["totals"]["sga"]["2025-05"] == 400
    committed = api.post(f"/api/v1/imports/{preview['id']}/commit", {"version": refreshed["version"]})
    assert committed.status_code == 200, committed.json()
    may = api.get(actuals_url(company), **{"from": "2025-05", "to": "2025-05"}).json()["results"]
    assert {r["line"]: r["amount"] for r in may} == {"net_sales": 2_000, "sga": 400}


def test_a_refused_file_is_a_japanese_4xx_and_writes_nothing(api, company, settings):
    from banso.monitoring.models import AccountingImport

    garbage = upload(api, company, "これは会計データではありません".encode(), name="memo.csv")
    assert garbage.status_code == 400 and garbage.json()["detail"]
    settings.BANSO_MAX_UPLOAD_BYTES = 100
    big = upload(api, company, b"x" * 500, name="big.csv")
    assert big.status_code == 413 and "大きすぎ" in big.json()["detail"]
    assert not AccountingImport.objects.exists()


def test_imports_of_another_organization_are_404(api, company, outsider, viewer):
    from tests.monitoring.engines.imports.builders import freee_trial

    preview = upload(api, company, freee_trial()).json()
    outsider_api = Api(token_for(outsider))
    assert outsider_api.get(f"/api/v1/imports/{preview['id']}").status_code == 404
    refused = outsider_api.post(f"/api/v1/imports/{preview['id']}/commit", {"version": 1})
    assert refused.status_code == 404
    viewer_api = Api(token_for(viewer))
    assert viewer_api.post(f"/api/v1/imports/{preview['id']}/commit", {"version": 1}).status_code == 403
    assert upload(viewer_api, company, freee_trial()).status_code == 403
    assert api.get(actuals_url(company)).json()["count"] == 0


# --- the monitoring table ---------------------------------------------------------------------------


def table_url(company):
    return f"/api/v1/companies/{company.pk}/monitoring"


@pytest.fixture
def table_world(api, company):
    """A plan (FY2026, 3月決算, spread evenly), April–May 2025 actuals and April 2024 for 前年実績."""
    plan = make_plan(api, company)
    rows = [
        {"month": "2024-04", "line": "net_sales", "amount": 8_000_000},
        {"month": "2025-04", "line": "net_sales", "amount": 9_000_000},
        {"month": "2025-04", "line": "cost_of_sales", "amount": 6_500_000},
        {"month": "2025-04", "line": "sga", "amount": 3_000_000},
        {"month": "2025-05", "line": "net_sales", "amount": 11_000_000},
        {"month": "2025-05", "line": "cost_of_sales", "amount": 7_000_000},
        {"month": "2025-05", "line": "sga", "amount": 3_100_000},
    ]
    assert put(api, actuals_url(company), {"rows": rows}).status_code == 200
    return plan


def test_monitoring_table_values_to_the_yen(api, company, table_world):
    body = api.get(table_url(company), **{"from": "2025-04", "to": "2025-05"}).json()
    assert (body["from_month"], body["to_month"]) == ("2025-04", "2025-05")
    assert body["plan_version"]["number"] == 1 and body["plan_version"]["plan"] == table_world["id"]
    lines = {line["key"]: line for line in body["lines"]}
    april = lines["net_sales"]["months"][0]
    # plan 120,000,007 spread evenly: April carries one of the seven remainder yen
    assert april == {
        "month": "2025-04",
        "plan": 10_000_001,
        "actual": 9_000_000,
        "variance": -1_000_001,
        "achievement": pytest.approx(9_000_000 / 10_000_001),
        "prior_year": 8_000_000,
        "status": "amber",
    }
    ytd = lines["net_sales"]["year_to_date"]
    assert (ytd["month"], ytd["plan"], ytd["actual"], ytd["variance"]) == (
        "2025-05",
        20_000_002,
        20_000_000,
        -2,
    )
    gross = lines["gross_profit"]["months"][0]
    assert (gross["plan"], gross["actual"]) == (10_000_001 - 6_666_667, 2_500_000)
    operating = lines["operating_income"]["year_to_date"]
    assert operating["actual"] == (20_000_000 - 13_500_000) - 6_100_000
    assert operating["plan"] == (20_000_002 - 13_333_334) - 6_000_000


def test_monitoring_table_equals_the_builder_the_pages_use(api, company, table_world):
    from banso.monitoring.domain.table import monitoring_table

    body = api.get(table_url(company), **{"from": "2025-04", "to": "2025-05"}).json()
    built = monitoring_table(company, from_month="2025-04", to_month="2025-05")
    assert [line["key"] for line in body["lines"]] == [row.key for row in built.rows]
    for line in body["lines"]:
        row = built.row(line["key"])
        for cell, column in zip(line["months"], row.months, strict=True):
            expected = column.cell
            got = (cell["plan"], cell["actual"], cell["variance"], cell["prior_year"], cell["status"])
            assert got == (
                None if expected.plan is None else int(expected.plan),
                None if expected.actual is None else int(expected.actual),
                None if expected.variance is None else int(expected.variance),
                None if expected.prior_year is None else int(expected.prior_year),
                expected.status,
            ), (line["key"], cell["month"])


def test_monitoring_table_refuses_bad_months_long_ranges_and_foreign_versions(
    api, company, foreign_company, outsider, table_world
):
    bad = api.get(table_url(company), **{"from": "2025-13"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "from"
    long = api.get(table_url(company), **{"from": "2015-01", "to": "2025-05"})
    assert long.status_code == 422 and "120か月" in long.json()["errors"][0]["message"]
    backwards = api.get(table_url(company), **{"from": "2025-05", "to": "2025-04"})
    assert backwards.status_code == 422
    other = make_plan(Api(token_for(outsider)), foreign_company)
    foreign_version = other["versions"][0]["id"]
    refused = api.get(table_url(company), plan_version=foreign_version)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "plan_version"
    assert api.get(table_url(foreign_company)).status_code == 404
    own = table_world["versions"][0]["id"]
    assert api.get(table_url(company), plan_version=own).json()["plan_version"]["id"] == own
