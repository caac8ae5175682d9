"""決算書 pages as an advisor uses them: enter in 千円 or 円, confirm or keep a draft, fix, import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from banso.diagnosis.models import FinancialStatement, LocalBenchmarkResult
from banso.diagnosis.statement_xlsx import build_template
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def url(name, company, **kwargs):
    return reverse(
        f"diagnosis:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


def form_data(**overrides) -> dict:
    """The factory's statement typed in 千円, the way people copy it from a 決算書."""
    data = {
        "unit": "thousand",
        "fiscal_year": "２０２５",
        "employees": "１２",
        "source_note": "第45期 決算報告書",
        "net_sales": "210,000",
        "cost_of_sales": "150,000",
        "sga": "51,600",
        "operating_income": "8,400",
        "depreciation": "3,600",
        "ordinary_income": "7,900",
        "net_income": "5,500",
        "cash_and_deposits": "30,000",
        "accounts_receivable": "30,000",
        "notes_receivable": "5,000",
        "inventories": "17,500",
        "total_assets": "150,000",
        "accounts_payable": "14,000",
        "notes_payable": "3,000",
        "short_term_borrowings": "20,000",
        "long_term_borrowings": "62,000",
        "lease_obligations": "6,000",
        "total_liabilities": "105,000",
        "net_assets": "45,000",
        "action": "final",
    }
    data.update(overrides)
    return data


def test_advisor_enters_a_statement_in_thousands_and_it_is_confirmed(login, supporter, company):
    response = login(supporter).post(url("statement_create", company), form_data())
    assert response.status_code == 302
    assert response["Location"] == url("statements", company)
    statement = FinancialStatement.objects.get()
    assert (statement.fiscal_year, statement.status, statement.net_sales, statement.employees) == (
        2025,
        "final",
        210_000_000,
        12,
    )
    assert statement.source_note == "第45期 決算報告書"
    assert LocalBenchmarkResult.objects.filter(statement=statement).exists()


def test_amounts_in_yen_are_stored_exactly(login, supporter, company):
    in_yen = {
        key: value.replace(",", "") + "000"
        for key, value in form_data().items()
        if key not in {"unit", "fiscal_year", "employees", "source_note", "action"}
    }
    data = form_data(unit="yen", **in_yen)
    data.update(net_sales="210,000,123", sga="51,600,123")
    login(supporter).post(url("statement_create", company), data)
    statement = FinancialStatement.objects.get()
    assert (statement.net_sales, statement.sga, statement.total_assets) == (
        210_000_123,
        51_600_123,
        150_000_000,
    )


def test_unbalanced_statement_shows_the_problem_and_keeps_the_input(login, supporter, company):
    response = login(supporter).post(url("statement_create", company), form_data(total_liabilities="100,000"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "貸借が一致しません。総資産 150,000千円 に対し、負債合計 100,000千円 ＋ 純資産 45,000千円" in body
    assert "下書き保存" in body
    assert 'value="100,000"' in body
    assert not FinancialStatement.objects.exists()


def test_unbalanced_statement_can_be_kept_as_a_draft_with_a_warning(login, supporter, company):
    client = login(supporter)
    response = client.post(
        url("statement_create", company), form_data(total_liabilities="100,000", action="draft"), follow=True
    )
    statement = FinancialStatement.objects.get()
    assert statement.status == "draft"
    assert not LocalBenchmarkResult.objects.exists()
    body = response.content.decode()
    assert "下書きとして保存しました。下書きは評価しません。" in body
    assert "貸借が一致しません" in body  # shown again in the list


def test_year_entered_twice_gets_a_clear_message(login, supporter, company):
    make_statement(company, 2025)
    response = login(supporter).post(url("statement_create", company), form_data())
    assert (
        "2025年3月期の決算書はすでに登録されています。一覧から「編集」で直してください。"
        in response.content.decode()
    )
    assert FinancialStatement.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("employees", "-3", "0 以上の数を入力してください"),
        ("net_sales", "約2億", "「約2億」は金額として読み取れません"),
        ("net_sales", "-5", "0 以上の数を入力してください"),
        ("net_sales", "1.2345", "円未満の端数は入力できません。"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_saves_nothing(
    login, supporter, company, field, value, message
):
    response = login(supporter).post(url("statement_create", company), form_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FinancialStatement.objects.exists()


def test_edit_shows_amounts_in_thousands_and_refuses_a_stale_version(login, supporter, company):
    statement = make_statement(company, 2025, net_sales=210_000_500, sga=51_600_500)
    client = login(supporter)
    page = client.get(url("statement_edit", company, fiscal_year=2025)).content.decode()
    assert 'value="210,000.5"' in page
    make_statement(company, 2025)  # someone else saved meanwhile
    response = client.post(
        url("statement_edit", company, fiscal_year=2025), form_data(version=str(statement.version))
    )
    assert "他の方が更新しました" in response.content.decode()


def test_edit_confirms_a_draft_once_fixed(login, supporter, company):
    statement = make_statement(company, 2025, status="draft", total_liabilities=1)
    response = login(supporter).post(
        url("statement_edit", company, fiscal_year=2025), form_data(version=str(statement.version))
    )
    assert response.status_code == 302
    assert FinancialStatement.objects.get().status == "final"


def test_delete_asks_once_then_removes(login, supporter, company):
    make_statement(company, 2025)
    client = login(supporter)
    page = client.get(url("statement_delete", company, fiscal_year=2025)).content.decode()
    assert 'data-confirm="2025年3月期の決算書を削除します。よろしいですか？"' in page
    client.post(url("statement_delete", company, fiscal_year=2025))
    assert not FinancialStatement.objects.exists()


def test_unknown_year_is_404(login, supporter, company):
    assert login(supporter).get(url("statement_edit", company, fiscal_year=2019)).status_code == 404


def test_list_shows_years_in_thousands_with_status(login, viewer, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025, status="draft", total_liabilities=1)
    body = login(viewer).get(url("statements", company)).content.decode()
    assert "2025年3月期" in body and "2024年3月期" in body
    assert "200,000" in body  # 売上高 200,000,000 円 in 千円
    assert "下書き" in body and "確定" in body
    assert "決算書を入力する" not in body  # the viewer reads only


def test_list_query_count_does_not_grow_with_years(login, supporter, company):
    client = login(supporter)
    counts = []
    for years in ((2020, 2021), (2022, 2023, 2024, 2025, 2026)):
        for year in years:
            make_statement(company, year)
        counts.append(count_queries(client, url("statements", company)))
    assert counts[0] == counts[1]


def upload(content: bytes, name="決算書.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return file


def test_import_from_the_template(login, supporter, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    content = build_template(
        company, list(company.financial_statements.all()), today=dt.date(2026, 6, 1)
    ).content
    FinancialStatement.objects.all().delete()
    response = login(supporter).post(url("statement_import", company), {"file": upload(content)}, follow=True)
    assert "2024年3月期、2025年3月期の決算書を取り込み、確定しました。" in response.content.decode()
    assert LocalBenchmarkResult.objects.get(fiscal_year=2025).rank == "B"


def test_import_of_existing_years_needs_the_overwrite_choice(login, supporter, company):
    make_statement(company, 2025)
    content = build_template(
        company, list(company.financial_statements.all()), today=dt.date(2026, 6, 1)
    ).content
    client = login(supporter)
    refused = client.post(url("statement_import", company), {"file": upload(content)})
    assert "上書きする場合は「登録済みの決算期を上書きする」を選んで" in refused.content.decode()
    accepted = client.post(url("statement_import", company), {"file": upload(content), "overwrite": "on"})
    assert accepted.status_code == 302


def test_import_refuses_other_file_types_before_reading(login, supporter, company):
    response = login(supporter).post(
        url("statement_import", company), {"file": upload(b"a,b", name="決算書.csv")}
    )
    assert "Excel ブック（.xlsx）を選んでください。" in response.content.decode()


def test_template_download_is_an_xlsx_named_after_the_company(login, viewer, company):
    response = login(viewer).get(url("statement_template", company))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response.content.startswith(b"PK")


def test_import_refuses_a_file_too_big_for_a_template(login, supporter, company):
    response = login(supporter).post(
        url("statement_import", company), {"file": upload(b"PK" + b"0" * (2 * 1024 * 1024))}
    )
    assert "ファイルが大きすぎます（上限 2MB）。" in response.content.decode()
