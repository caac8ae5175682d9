"""Editing the 資金繰り表: the month-entry grid and a lender's repayment-schedule grid are saved against
the version they were rendered with (a colleague's save in between — also one that only cleared a
cell, which removes a row — makes the save a 409 that writes nothing); lenders are renamed and
deleted with their version, a lender still named by entries or a schedule is not deleted; the grids
load the spreadsheet script; the terms form names its version."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.monitoring.domain import cashflow as domain
from banso.monitoring.engines.months import Month
from banso.monitoring.models import CashFlowEntry, CashFlowTerms, Lender, LoanScheduleEntry

pytestmark = pytest.mark.django_db

MARCH = Month(2026, 3)
APRIL = Month(2026, 4)


def url(company, name, **kwargs):
    return reverse(name, kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs})


def rendered_version(response) -> str:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the page carries the version it was rendered with"
    return match.group(1)


# ---- the month-entry grid --------------------------------------------------------------------------


def test_month_version_grows_when_a_cell_is_cleared(supporter, company):
    domain.save_month_entries(
        company, by=supporter, month=MARCH, amounts={("cash_sales", None): 100, ("personnel", None): 50}
    )
    before = domain.month_version(company, MARCH)
    domain.save_month_entries(
        company,
        by=supporter,
        month=MARCH,
        amounts={("cash_sales", None): 100, ("personnel", None): None},
        expected_version=before,
    )
    assert domain.month_version(company, MARCH) == before + 1  # a removed row counts too
    with pytest.raises(ConflictError):
        domain.save_month_entries(
            company, by=supporter, month=MARCH, amounts={("personnel", None): 70}, expected_version=before
        )
    assert dict(CashFlowEntry.objects.filter(company=company).values_list("item", "amount")) == {
        "cash_sales": 100
    }


def test_month_grid_refuses_a_save_started_before_a_colleagues(
    login, supporter, colleague, admin_user, company
):
    domain.save_month_entries(
        company,
        by=supporter,
        month=MARCH,
        amounts={("cash_sales", None): 250_000, ("personnel", None): 300_000},
    )
    page = login(supporter).get(url(company, "monitoring:cashflow_month", month="2026-03"))
    assert page.status_code == 200
    version = rendered_version(page)
    # Meanwhile the administrator clears 人件費 (the row is deleted) — nothing else changes.
    admin_page = login(admin_user).get(url(company, "monitoring:cashflow_month", month="2026-03"))
    saved = login(admin_user).post(
        url(company, "monitoring:cashflow_month", month="2026-03"),
        {"cash_sales": "250", "personnel": "", "version": rendered_version(admin_page)},
    )
    assert saved.status_code == 302
    response = login(supporter).post(
        url(company, "monitoring:cashflow_month", month="2026-03"),
        {"cash_sales": "999", "personnel": "300", "version": version},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "他の方が更新しました" in body
    assert dict(CashFlowEntry.objects.filter(company=company).values_list("item", "amount")) == {
        "cash_sales": 250_000
    }
    # The refused page shows what is stored now, with the new version: saving again works.
    personnel = re.search(r'<input[^>]*name="personnel"[^>]*>', body).group(0)
    assert "value=" not in personnel  # stored now: cleared
    assert 'value="250"' in re.search(r'<input[^>]*name="cash_sales"[^>]*>', body).group(0)
    again = login(supporter).post(
        url(company, "monitoring:cashflow_month", month="2026-03"),
        {"cash_sales": "999", "version": rendered_version(response)},
    )
    assert again.status_code == 302
    assert CashFlowEntry.objects.get(company=company, item="cash_sales").amount == 999_000


def test_month_grid_without_a_version_writes_nothing(login, supporter, company):
    response = login(supporter).post(
        url(company, "monitoring:cashflow_month", month="2026-03"), {"cash_sales": "1"}
    )
    assert response.status_code == 400
    assert "どの時点の内容を編集したか" in response.content.decode()
    assert not CashFlowEntry.objects.exists()


def test_month_grid_is_a_spreadsheet_grid(login, supporter, company):
    body = login(supporter).get(url(company, "monitoring:cashflow_month", month="2026-03")).content.decode()
    assert "js/grid.js" in body
    assert 'data-grid data-testid="cashflow-month-grid"' in body
    assert re.search(r'<input[^>]*name="cash_sales"[^>]*data-grid-cell', body)


def test_month_save_refuses_an_entry_for_a_lender_deleted_meanwhile(supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    version = domain.month_version(company, MARCH)
    domain.delete_lender(lender, by=supporter, expected_version=lender.version)
    with pytest.raises(Exception) as caught:
        domain.save_month_entries(
            company,
            by=supporter,
            month=MARCH,
            amounts={("repayment", lender.pk): 100},
            expected_version=version,
        )
    assert "借入先" in str(caught.value)
    assert not CashFlowEntry.objects.exists()


# ---- the repayment-schedule grid -------------------------------------------------------------------


def test_schedule_grid_refuses_a_save_started_before_a_colleagues(login, supporter, admin_user, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    domain.save_loan_schedule(
        lender, by=supporter, rows={APRIL: (None, 100_000, 5_000), APRIL + 1: (None, 100_000, 4_000)}
    )
    schedule_url = url(company, "monitoring:lender_schedule", pk=lender.pk) + "?from=2026-04"
    page = login(supporter).get(schedule_url)
    version = rendered_version(page)
    assert "js/grid.js" in page.content.decode()
    # The administrator clears May (its row is deleted): the sum of row versions would go down.
    admin_version = rendered_version(login(admin_user).get(schedule_url))
    cleared = login(admin_user).post(
        schedule_url,
        {"from": "2026-04", "version": admin_version, "repayment_2026-04": "100", "interest_2026-04": "5"},
    )
    assert cleared.status_code == 302
    response = login(supporter).post(
        schedule_url,
        {
            "from": "2026-04",
            "version": version,
            "repayment_2026-04": "200",
            "interest_2026-04": "5",
            "repayment_2026-05": "100",
            "interest_2026-05": "4",
        },
    )
    assert response.status_code == 409
    assert "他の方が更新しました" in response.content.decode()
    rows = list(LoanScheduleEntry.objects.filter(lender=lender).values_list("month", "repayment", "interest"))
    assert rows == [(APRIL.first_day, 100_000, 5_000)]


def test_schedule_version_only_covers_the_months_shown(supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    months = [APRIL + i for i in range(24)]
    version = domain.schedule_version(lender, months)
    domain.save_loan_schedule(lender, by=supporter, rows={Month(2030, 1): (None, 1, None)})  # outside
    assert domain.schedule_version(lender, months) == version
    domain.save_loan_schedule(lender, by=supporter, rows={APRIL: (None, 1, None)}, expected_version=version)
    with pytest.raises(ConflictError):
        domain.save_loan_schedule(
            lender, by=supporter, rows={APRIL: (None, 2, None)}, expected_version=version
        )
    assert LoanScheduleEntry.objects.get(lender=lender, month=APRIL.first_day).repayment == 1


def test_schedule_of_a_deleted_lender_is_a_conflict(supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    Lender.objects.filter(pk=lender.pk).delete()
    with pytest.raises(ConflictError):
        domain.save_loan_schedule(lender, by=supporter, rows={APRIL: (None, 1, None)}, expected_version=0)


# ---- lenders: rename and delete --------------------------------------------------------------------


def test_rename_lender_bumps_version_with_history_and_log(login, supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと銀行")
    edit_url = url(company, "monitoring:lender_edit", pk=lender.pk)
    page = login(supporter).get(edit_url)
    assert page.status_code == 200 and "みなと銀行" in page.content.decode()
    response = login(supporter).post(edit_url, {"name": "みなと地域銀行", "version": rendered_version(page)})
    assert response.status_code == 302
    lender.refresh_from_db()
    assert (lender.name, lender.version) == ("みなと地域銀行", 2)
    assert list(lender.history.values_list("name", flat=True)) == ["みなと地域銀行", "みなと銀行"]
    log = ActivityLog.objects.get(code="monitoring.cashflow.lender_renamed", company_id=company.pk)
    assert "みなと地域銀行" in log.message
    # A second rename from the old page is stale.
    stale = login(supporter).post(edit_url, {"name": "別の名前", "version": rendered_version(page)})
    assert stale.status_code == 409
    lender.refresh_from_db()
    assert lender.name == "みなと地域銀行"


def test_rename_lender_refuses_a_duplicate_and_a_missing_version(login, supporter, company):
    domain.add_lender(company, by=supporter, name="商工中金")
    lender = domain.add_lender(company, by=supporter, name="みなと銀行")
    edit_url = url(company, "monitoring:lender_edit", pk=lender.pk)
    duplicate = login(supporter).post(edit_url, {"name": "商工中金", "version": "1"})
    assert duplicate.status_code == 400
    assert "同じ名前の借入先がすでにあります" in duplicate.content.decode()
    missing = login(supporter).post(edit_url, {"name": "新しい名前"})
    assert missing.status_code == 400
    assert Lender.objects.get(pk=lender.pk).name == "みなと銀行"


def test_delete_lender_in_use_is_refused_saying_what_to_do(login, supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    domain.save_loan_schedule(lender, by=supporter, rows={APRIL: (None, 100_000, None)})
    domain.save_month_entries(company, by=supporter, month=MARCH, amounts={("repayment", lender.pk): 100_000})
    delete_url = url(company, "monitoring:lender_delete", pk=lender.pk)
    page = login(supporter).get(delete_url)
    assert "資金繰りの実績（1か月分）と返済予定（1か月分）" in page.content.decode()
    response = login(supporter).post(delete_url, {"version": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "削除できません" in body and "空欄にして保存してから削除してください" in body
    assert Lender.objects.filter(pk=lender.pk).exists()
    assert LoanScheduleEntry.objects.filter(lender=lender).count() == 1


def test_delete_unused_lender_with_history_and_log(login, supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    domain.save_loan_schedule(lender, by=supporter, rows={APRIL: (None, 100_000, None)})
    domain.save_loan_schedule(lender, by=supporter, rows={APRIL: (None, None, None)})  # cleared again
    delete_url = url(company, "monitoring:lender_delete", pk=lender.pk)
    assert login(supporter).post(delete_url, {"version": "2"}).status_code == 409  # not its version
    response = login(supporter).post(delete_url, {"version": "1"})
    assert response.status_code == 302
    assert not Lender.objects.filter(pk=lender.pk).exists()
    assert Lender.history.filter(id=lender.pk, history_type="-").count() == 1
    assert ActivityLog.objects.filter(
        code="monitoring.cashflow.lender_deleted", company_id=company.pk
    ).exists()


def test_delete_lender_domain_refusal_is_a_domain_error(supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    domain.save_month_entries(company, by=supporter, month=MARCH, amounts={("borrowing", lender.pk): 1_000})
    with pytest.raises(DomainError, match="資金繰りの実績（1か月分）"):
        domain.delete_lender(lender, by=supporter, expected_version=1)


def test_viewer_and_outsider_cannot_rename_or_delete(login, viewer, outsider, supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    for name in ("monitoring:lender_edit", "monitoring:lender_delete"):
        assert (
            login(viewer).post(url(company, name, pk=lender.pk), {"name": "x", "version": "1"}).status_code
            == 403
        )
        response = login(outsider).get(url(company, name, pk=lender.pk))
        assert response.status_code == 404
        assert "みなと地域銀行" not in response.content.decode()
    lender.refresh_from_db()
    assert (lender.name, lender.version) == ("みなと地域銀行", 1)


# ---- the terms form --------------------------------------------------------------------------------


def test_terms_change_names_its_version(login, supporter, company):
    domain.save_terms(
        company,
        by=supporter,
        cash_sales_ratio=Decimal(0),
        collection_months=1,
        cash_purchase_ratio=Decimal(0),
        payment_months=1,
        minimum_balance=None,
    )
    terms_url = url(company, "monitoring:cashflow_terms")
    data = {"cash_sales_pct": "10", "collection_months": "2", "cash_purchase_pct": "0", "payment_months": "1"}
    missing = login(supporter).post(terms_url, data)
    assert missing.status_code == 200 and "どの時点の内容を編集したか" in missing.content.decode()
    assert CashFlowTerms.objects.get(company=company).collection_months == 1
    assert login(supporter).post(terms_url, {**data, "version": "1"}).status_code == 302
    assert CashFlowTerms.objects.get(company=company).collection_months == 2
