"""月次実績: save_actuals (all or nothing, versions, the correction rule behind issued reports) and the
fiscal-year grid page (units, read-only computed lines, conflicts, viewers, tenancy)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.monitoring.domain.actuals import VersionRequired, save_actuals
from banso.monitoring.models import ActualCorrection, MonitoringReport, MonthlyActual
from tests.monitoring.factories import make_plan

pytestmark = pytest.mark.django_db

APR, MAY, JUN = dt.date(2025, 4, 1), dt.date(2025, 5, 1), dt.date(2025, 6, 1)


def stored(company):
    return {(row.month, row.line): row.amount for row in MonthlyActual.objects.filter(company=company)}


def issue_report(company, by, *, first=APR, last=JUN):
    version = make_plan(company, by=by)
    return MonitoringReport.objects.create(
        company=company,
        from_month=first,
        to_month=last,
        plan_version=version,
        status=MonitoringReport.Status.ISSUED,
        issued_at=timezone.now(),
        issued_by=by,
    )


# --- domain ---


def test_save_creates_changes_and_clears_cells_with_history_and_one_log_entry(company, supporter):
    save_actuals(
        company,
        by=supporter,
        amounts={"2025-04": {"net_sales": 1_200_000, "cost_of_sales": 600_000}},
        expected_versions={},
    )
    row = MonthlyActual.objects.get(company=company, month=APR, line="net_sales")
    assert row.version == 1 and row.source == "manual"
    outcome = save_actuals(
        company,
        by=supporter,
        amounts={APR: {"net_sales": 1_300_000, "cost_of_sales": None}},
        expected_versions={(APR, "net_sales"): 1, (APR, "cost_of_sales"): 1},
    )
    assert stored(company) == {(APR, "net_sales"): 1_300_000}
    assert [c.line for c in outcome.changed] == ["net_sales"]
    assert [c.line for c in outcome.cleared] == ["cost_of_sales"]
    row.refresh_from_db()
    assert row.version == 2
    assert [h.history_type for h in row.history.order_by("history_id")] == ["+", "~"]
    assert row.history.latest().history_user == supporter
    logs = ActivityLog.objects.filter(code="monitoring.actuals.saved", company_id=company.pk)
    assert logs.count() == 2
    assert logs.latest("id").message == "2025年4月の月次実績を保存しました（2件）。"


def test_unchanged_cells_write_nothing_and_log_nothing(company, supporter):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 5}}, expected_versions={})
    outcome = save_actuals(company, by=supporter, amounts={APR: {"net_sales": 5}}, expected_versions={})
    assert outcome.count == 0
    assert ActivityLog.objects.filter(code="monitoring.actuals.saved").count() == 1


def test_all_or_nothing_when_one_cell_is_refused(company, supporter):
    with pytest.raises(DomainError) as refused:
        save_actuals(
            company,
            by=supporter,
            amounts={APR: {"net_sales": 100, "gross_profit": 50}},
            expected_versions={},
        )
    assert "売上総利益" in refused.value.message and "計算する行" in refused.value.message
    with pytest.raises(DomainError) as too_big:
        save_actuals(
            company,
            by=supporter,
            amounts={APR: {"net_sales": 100}, MAY: {"sga": 10**15 + 1}},
            expected_versions={},
        )
    assert "2025年5月 販売費及び一般管理費" in too_big.value.message
    assert stored(company) == {}


@pytest.mark.parametrize(
    ("month", "words"),
    [("1990-01", "範囲"), ("2025-13", "01〜12"), ("2025/04", "2026-04 の形")],
)
def test_months_outside_twenty_years_or_malformed_are_refused(company, supporter, month, words):
    with pytest.raises(DomainError) as refused:
        save_actuals(company, by=supporter, amounts={month: {"net_sales": 1}}, expected_versions={})
    assert words in refused.value.message


def test_fractional_yen_and_unknown_lines_are_refused(company, supporter):
    from decimal import Decimal

    with pytest.raises(DomainError, match="1円単位"):
        save_actuals(
            company, by=supporter, amounts={APR: {"net_sales": Decimal("1.5")}}, expected_versions={}
        )
    with pytest.raises(DomainError, match="実績の科目ではありません"):
        save_actuals(company, by=supporter, amounts={APR: {"profit": 1}}, expected_versions={})


def test_a_cell_changed_by_someone_else_is_a_conflict_and_nothing_is_written(company, supporter, admin_user):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 100, "sga": 10}}, expected_versions={})
    # a colleague saves net_sales (version 1 → 2) after the page was rendered
    save_actuals(
        company, by=admin_user, amounts={APR: {"net_sales": 150}}, expected_versions={(APR, "net_sales"): 1}
    )
    with pytest.raises(ConflictError) as conflict:
        save_actuals(
            company,
            by=supporter,
            amounts={APR: {"net_sales": 120, "sga": 20}},
            expected_versions={(APR, "net_sales"): 1, (APR, "sga"): 1},
        )
    assert "2025年4月 売上高" in conflict.value.message
    assert stored(company) == {(APR, "net_sales"): 150, (APR, "sga"): 10}


def test_a_cell_created_by_someone_else_since_the_page_showed_it_empty_is_a_conflict(company, supporter):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 100}}, expected_versions={})
    with pytest.raises(ConflictError):
        save_actuals(
            company,
            by=supporter,
            amounts={APR: {"net_sales": 200}},
            expected_versions={(APR, "net_sales"): None},
        )


def test_changing_an_existing_row_without_its_version_is_refused(company, supporter):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 100}}, expected_versions={})
    with pytest.raises(VersionRequired):
        save_actuals(company, by=supporter, amounts={APR: {"net_sales": 200}}, expected_versions={})
    assert stored(company) == {(APR, "net_sales"): 100}


def test_a_month_behind_an_issued_report_changes_only_with_a_reason(company, supporter):
    save_actuals(company, by=supporter, amounts={MAY: {"net_sales": 100}}, expected_versions={})
    issue_report(company, supporter)
    with pytest.raises(DomainError) as locked:
        save_actuals(
            company, by=supporter, amounts={MAY: {"net_sales": 90}}, expected_versions={(MAY, "net_sales"): 1}
        )
    assert (
        "2025年5月の実績は発行済みのモニタリング報告書（対象期間 2025年4月〜2025年6月" in locked.value.message
    )
    assert "修正の理由" in locked.value.message
    assert stored(company) == {(MAY, "net_sales"): 100}
    assert not ActualCorrection.objects.exists()

    outcome = save_actuals(
        company,
        by=supporter,
        amounts={MAY: {"net_sales": 90, "sga": 5}, dt.date(2025, 7, 1): {"net_sales": 1}},
        expected_versions={(MAY, "net_sales"): 1},
        correction_reason="返品の計上漏れ",
    )
    assert outcome.corrections == 2
    corrections = {
        (c.line, c.old_amount, c.new_amount, c.reason, c.by_id)
        for c in ActualCorrection.objects.filter(company=company)
    }
    assert corrections == {
        ("net_sales", 100, 90, "返品の計上漏れ", supporter.pk),
        ("sga", None, 5, "返品の計上漏れ", supporter.pk),
    }


def test_a_draft_report_locks_nothing(company, supporter):
    version = make_plan(company, by=supporter)
    MonitoringReport.objects.create(company=company, from_month=APR, to_month=JUN, plan_version=version)
    save_actuals(company, by=supporter, amounts={MAY: {"net_sales": 1}}, expected_versions={})
    assert not ActualCorrection.objects.exists()


# --- the grid page ---


def grid_url(company, **query):
    url = reverse("monitoring:actuals", kwargs={"org": company.organization.slug, "company_pk": company.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def grid_post(page_html: str) -> dict:
    """The form as the browser would send it: every input's name and value."""
    import re

    data = {}
    for match in re.finditer(r'<input type="(?:text|hidden)"[^>]*?name="([^"]+)" value="([^"]*)"', page_html):
        data[match.group(1)] = match.group(2).replace("&amp;", "&")
    for match in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page_html):
        data[match.group(1)] = match.group(2)
    return data


def test_grid_shows_thousands_with_triangle_and_computed_lines_read_only(login, supporter, company):
    save_actuals(
        company,
        by=supporter,
        amounts={APR: {"net_sales": 1_234_567, "cost_of_sales": 2_000_000, "sga": 100_000}},
        expected_versions={},
    )
    page = login(supporter).get(grid_url(company, fy=2026)).content.decode()
    assert "2026年3月期" in page
    assert 'name="a-2025-04-net_sales" value="1,235"' in page
    assert "a-2025-04-gross_profit" not in page  # computed lines have no input
    assert "△765" in page  # 売上総利益 1,234,567 − 2,000,000 shown in 千円
    assert 'data-testid="grid-unit">単位: <strong>千円</strong>' in page
    yen_page = login(supporter).get(grid_url(company, fy=2026, unit="yen")).content.decode()
    assert 'name="a-2025-04-net_sales" value="1,234,567"' in yen_page


def test_grid_saves_only_changed_cells_in_the_pages_unit(login, supporter, company):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 1_234_567}}, expected_versions={})
    client = login(supporter)
    data = grid_post(client.get(grid_url(company, fy=2026)).content.decode())
    assert data["a-2025-04-net_sales"] == "1,235"  # untouched: the rounded 千円 text must not overwrite yen
    data["a-2025-05-net_sales"] = "１,５００"  # full-width digits
    data["a-2025-05-sga"] = "△2"
    data["a-2025-06-net_sales"] = "1.5億"  # a unit in the text is yen whatever the page's unit
    response = client.post(grid_url(company), data)
    assert response.status_code == 302
    assert stored(company) == {
        (APR, "net_sales"): 1_234_567,
        (MAY, "net_sales"): 1_500_000,
        (MAY, "sga"): -2_000,
        (JUN, "net_sales"): 150_000_000,
    }


def test_grid_with_an_unreadable_cell_writes_nothing_and_keeps_what_was_typed(login, supporter, company):
    client = login(supporter)
    data = grid_post(client.get(grid_url(company, fy=2026)).content.decode())
    data["a-2025-04-net_sales"] = "100"
    data["a-2025-05-net_sales"] = "abc"
    response = client.post(grid_url(company), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "2025年5月 売上高: 「abc」" in page
    assert 'aria-label="2025年5月 売上高" aria-invalid="true"' in page
    assert 'name="a-2025-05-net_sales" value="abc"' in page
    assert 'name="a-2025-04-net_sales" value="100"' in page
    assert stored(company) == {}


def test_grid_conflict_names_the_cell_and_writes_nothing(login, supporter, admin_user, company):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 100_000}}, expected_versions={})
    client = login(supporter)
    data = grid_post(client.get(grid_url(company, fy=2026)).content.decode())
    save_actuals(
        company,
        by=admin_user,
        amounts={APR: {"net_sales": 150_000}},
        expected_versions={(APR, "net_sales"): 1},
    )
    data["a-2025-04-net_sales"] = "120"
    data["a-2025-05-net_sales"] = "7"
    response = client.post(grid_url(company), data)
    assert response.status_code == 409
    assert "2025年4月 売上高" in response.content.decode()
    assert stored(company) == {(APR, "net_sales"): 150_000}


def test_grid_month_behind_an_issued_report_asks_for_a_reason(login, supporter, company):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 100_000}}, expected_versions={})
    issue_report(company, supporter)
    client = login(supporter)
    page = client.get(grid_url(company, fy=2026)).content.decode()
    assert "2025年4月、2025年5月、2025年6月は発行済みのモニタリング報告書の対象です" in page
    data = grid_post(page)
    data["a-2025-04-net_sales"] = "90"
    refused = client.post(grid_url(company), data)
    assert refused.status_code == 400
    assert "修正の理由" in refused.content.decode()
    assert stored(company) == {(APR, "net_sales"): 100_000}
    data["correction_reason"] = "売上の二重計上を取消"
    assert client.post(grid_url(company), data).status_code == 302
    assert stored(company) == {(APR, "net_sales"): 90_000}
    assert ActualCorrection.objects.get().reason == "売上の二重計上を取消"


def test_viewer_sees_the_grid_read_only_and_cannot_post(login, viewer, supporter, company):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 1_000}}, expected_versions={})
    client = login(viewer)
    page = client.get(grid_url(company, fy=2026)).content.decode()
    assert "data-grid-cell" not in page
    assert "保存する" not in page
    assert client.post(grid_url(company), {"fy": "2026", "a-2025-04-net_sales": "5"}).status_code == 403
    assert stored(company) == {(APR, "net_sales"): 1_000}


def test_another_organizations_user_gets_404_and_writes_nothing(login, outsider, supporter, company):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 1_000}}, expected_versions={})
    client = login(outsider)
    assert client.get(grid_url(company, fy=2026)).status_code == 404
    response = client.post(
        grid_url(company), {"fy": "2026", "a-2025-04-net_sales": "5", "o-2025-04-net_sales": ""}
    )
    assert response.status_code == 404
    assert stored(company) == {(APR, "net_sales"): 1_000}
