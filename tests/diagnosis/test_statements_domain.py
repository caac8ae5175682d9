"""Saving statements: confirmed years are scored and stored, drafts never are, nothing half-written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.diagnosis.domain.statements import YearInput, delete_statement, import_statements, save_statement
from banso.diagnosis.models import FinancialStatement, LocalBenchmarkResult
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement, statement_values

pytestmark = pytest.mark.django_db


def result_of(company, year) -> LocalBenchmarkResult:
    return LocalBenchmarkResult.objects.get(company=company, fiscal_year=year)


def test_confirmed_statement_is_stored_exactly_and_scored(company, supporter):
    make_statement(company, 2024, by=supporter, **PREVIOUS_YEAR)
    outcome = save_statement(
        company, fiscal_year=2025, by=supporter, values=statement_values(), employees=12, status="final"
    )
    statement = outcome.statement
    assert (statement.status, statement.net_sales, statement.problems) == ("final", 210_000_000, [])
    result = result_of(company, 2025)
    # 0304 小規模 (12 people): 5% → 4, 4% → 4, 700千円 → 3, 52/12 = 4.33倍 → 4, 2.03ヶ月 → 3, 30% → 3
    assert result.scores == [4, 4, 3, 4, 3, 3]
    assert (result.total_score, result.scored_count, result.rank) == (21, 6, "B")
    assert (result.benchmark_version, result.industry_code, result.size) == ("2018", "0304", "small")
    assert result.options == {"include_lease_obligations": False, "rank_cutoffs": {"A": 24, "B": 18, "C": 12}}
    assert Decimal(result.indicators[3]["value"]) == Decimal(52) / Decimal(12)
    assert statement.history.get().history_user == supporter
    assert ActivityLog.objects.filter(code="diagnosis.statement.saved", company_id=company.pk).count() == 2


def test_first_year_is_scored_on_five_indicators_without_rank(company):
    make_statement(company, 2025)
    result = result_of(company, 2025)
    assert (result.scored_count, result.rank) == (5, "")
    assert (
        result.indicators[0]["reason"]
        == "前期の決算データがないため計算できません（2期分の決算が必要です）。"
    )


def test_unbalanced_statement_cannot_be_confirmed_and_nothing_is_written(company):
    with pytest.raises(ValidationError) as info:
        save_statement(
            company,
            fiscal_year=2025,
            by=None,
            values=statement_values(total_liabilities=90_000_000),
            employees=12,
            status="final",
        )
    assert "貸借が一致しません" in info.value.message_dict["total_liabilities"][0]
    assert not FinancialStatement.objects.exists()
    assert not ActivityLog.objects.filter(code="diagnosis.statement.saved").exists()


def test_unbalanced_statement_is_kept_as_draft_with_its_problems_and_never_scored(company):
    outcome = save_statement(
        company,
        fiscal_year=2025,
        by=None,
        values=statement_values(total_liabilities=90_000_000),
        employees=12,
        status="draft",
    )
    assert outcome.statement.status == "draft"
    assert outcome.statement.problems[0]["field"] == "total_liabilities"
    assert not LocalBenchmarkResult.objects.exists()


def test_status_left_open_confirms_when_checks_pass_and_drafts_otherwise(company):
    good = save_statement(company, fiscal_year=2024, by=None, values=statement_values(), employees=12)
    bad = save_statement(
        company, fiscal_year=2025, by=None, values=statement_values(operating_income=1), employees=12
    )
    assert (good.statement.status, bad.statement.status) == ("final", "draft")
    assert "営業利益が合いません" in bad.check.messages()[0]


def test_confirmed_year_turned_into_draft_loses_its_results(company):
    make_statement(company, 2025)
    assert LocalBenchmarkResult.objects.count() == 1
    make_statement(company, 2025, status="draft")
    assert not LocalBenchmarkResult.objects.exists()


def test_same_year_twice_is_refused_on_the_entry_path(company):
    make_statement(company, 2025)
    with pytest.raises(ValidationError) as info:
        save_statement(
            company, fiscal_year=2025, by=None, values=statement_values(), employees=12, create_only=True
        )
    assert info.value.message_dict["fiscal_year"] == [
        "2025年3月期の決算書はすでに登録されています。一覧から「編集」で直してください。"
    ]
    assert FinancialStatement.objects.count() == 1


def test_stale_edit_is_refused(company):
    statement = make_statement(company, 2025)
    make_statement(company, 2025, net_sales=210_000_001, sga=51_600_001)  # someone else saves: version 2
    with pytest.raises(ConflictError):
        save_statement(
            company,
            fiscal_year=2025,
            by=None,
            values=statement_values(),
            employees=12,
            expected_version=statement.version,
        )


@pytest.mark.parametrize(
    ("values", "employees", "field", "message"),
    [
        ({"net_sales": -1}, 12, "net_sales", "0 以上の数を入力してください（マイナスは入力できません）。"),
        ({}, -3, "employees", "0 以上の数を入力してください（マイナスは入力できません）。"),
        ({"total_assets": 10**16}, 12, "total_assets", "金額が大きすぎます。円単位の数字をご確認ください。"),
    ],
)
def test_impossible_values_are_refused_with_japanese_messages(company, values, employees, field, message):
    with pytest.raises(ValidationError) as info:
        save_statement(
            company,
            fiscal_year=2025,
            by=None,
            values=statement_values(**values),
            employees=employees,
            status="draft",
        )
    assert message in info.value.message_dict[field]
    assert not FinancialStatement.objects.exists()


def test_unknown_line_is_refused(company):
    with pytest.raises(DomainError, match="決算書にない項目"):
        save_statement(company, fiscal_year=2025, by=None, values={"sales": 1}, employees=1)


def test_changing_a_year_recomputes_the_next_years_sales_growth(company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    assert result_of(company, 2025).indicators[0]["value"] == "5"  # 210 ÷ 200 − 1
    make_statement(company, 2024, net_sales=175_000_000, sga=16_600_000)  # 175 − 150 − 16.6 = 8.4
    assert result_of(company, 2025).indicators[0]["value"] == "20"  # 210 ÷ 175 − 1


def test_a_draft_previous_year_is_not_used_and_says_why(company):
    make_statement(company, 2024, status="draft", **PREVIOUS_YEAR)
    make_statement(company, 2025)
    first = result_of(company, 2025).indicators[0]
    assert (first["value"], first["score"]) == (None, None)
    assert (
        first["reason"]
        == "前期（2024年3月期）の決算書が下書きのため計算できません。前期を確定すると計算します。"
    )


def test_deleting_a_year_removes_its_results_and_the_next_years_growth(company, supporter):
    previous = make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    delete_statement(previous, by=supporter)
    assert list(LocalBenchmarkResult.objects.values_list("fiscal_year", flat=True)) == [2025]
    assert result_of(company, 2025).rank == ""
    assert ActivityLog.objects.filter(code="diagnosis.statement.deleted").get().actor == supporter


def test_size_row_follows_the_years_employees_and_the_company_override(company):
    make_statement(company, 2025, employees=30)  # 0304 with 30 people → 中規模
    assert result_of(company, 2025).size == "medium"
    company.size_override = "small"
    company.save()
    make_statement(company, 2025, employees=30)
    assert result_of(company, 2025).size == "small"


def test_lease_setting_is_applied_and_recorded(company, settings):
    settings.BANSO_LOCABEN_INCLUDE_LEASE_OBLIGATIONS = True
    make_statement(company, 2025)
    result = result_of(company, 2025)
    # (20 + 62 + 6 − 30) ÷ (8.4 + 3.6) = 58 ÷ 12 = 4.8333… 倍
    assert Decimal(result.indicators[3]["value"]) == Decimal(58) / Decimal(12)
    assert result.options["include_lease_obligations"] is True


def test_rank_cut_offs_are_settings(company, settings):
    settings.BANSO_LOCABEN_RANK_CUTOFFS = {"A": 21, "B": 15, "C": 10}
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    assert (result_of(company, 2025).total_score, result_of(company, 2025).rank) == (21, "A")


def _year(year, **overrides):
    return YearInput(fiscal_year=year, values=statement_values(**overrides), employees=12)


def test_import_saves_all_years_and_drafts_the_unbalanced_one(company, supporter):
    outcomes = import_statements(
        company,
        by=supporter,
        years=[_year(2024, **PREVIOUS_YEAR), _year(2025, net_assets=40_000_000)],
        overwrite=False,
        source="Excel",
    )
    assert [(o.statement.fiscal_year, o.statement.status) for o in outcomes] == [
        (2024, "final"),
        (2025, "draft"),
    ]
    assert list(LocalBenchmarkResult.objects.values_list("fiscal_year", flat=True)) == [2024]


def test_import_refuses_existing_years_without_overwrite_and_writes_nothing(company):
    make_statement(company, 2025)
    with pytest.raises(DomainError) as info:
        import_statements(company, by=None, years=[_year(2024), _year(2025)], overwrite=False, source="Excel")
    assert "2025年3月期の決算書はすでに登録されています" in info.value.message
    assert list(FinancialStatement.objects.values_list("fiscal_year", flat=True)) == [2025]


def test_import_is_all_or_nothing(company):
    with pytest.raises(DomainError) as info:
        import_statements(company, by=None, years=[_year(2024), _year(1800)], overwrite=False, source="Excel")
    assert info.value.message.startswith("1800年3月期: 決算年は西暦 1950")
    assert not FinancialStatement.objects.exists()


def test_import_refuses_the_same_year_twice(company):
    with pytest.raises(DomainError, match="同じ決算期が2回"):
        import_statements(company, by=None, years=[_year(2024), _year(2024)], overwrite=True, source="Excel")
