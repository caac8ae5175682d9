"""Financial statements: save (create or replace one fiscal year), delete, import several years."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core import fiscal
from banso.core.errors import DUPLICATE_CODE, DomainError
from banso.core.records import ensure_version, log_company_event, save_audited
from banso.core.text import clean_line
from banso.diagnosis.domain.results import refresh_results
from banso.diagnosis.engines.statement_checks import CheckResult, check_statement
from banso.diagnosis.engines.statement_input import YearInput
from banso.diagnosis.engines.statement_lines import LINE_KEYS
from banso.diagnosis.models import FinancialStatement

FINAL = FinancialStatement.Status.FINAL
DRAFT = FinancialStatement.Status.DRAFT


@dataclass(frozen=True)
class SaveOutcome:
    statement: FinancialStatement
    check: CheckResult
    created: bool


def check(values: Mapping[str, int | None], *, employees: int | None) -> CheckResult:
    """The statement checks with the configured rounding tolerance (BANSO_STATEMENT_TOLERANCE_YEN)."""
    return check_statement(values, employees=employees, tolerance=settings.BANSO_STATEMENT_TOLERANCE_YEN)


def duplicate_year_message(company, fiscal_year: int) -> str:
    label = fiscal.fiscal_year_label(fiscal_year, company.fiscal_year_end_month)
    return f"{label}の決算書はすでに登録されています。一覧から「編集」で直してください。"


def _problems_error(result: CheckResult) -> ValidationError:
    errors: dict[str, list[str]] = {}
    for problem in result.problems:
        errors.setdefault(problem.field or "__all__", []).append(problem.message)
    return ValidationError(errors)


def _lock_company(company) -> None:
    """Lock the company row until the transaction ends, so that the "is this year already there?"
    check and the write cannot interleave with another request's (a year that does not exist yet has
    no row to lock). On SQLite the IMMEDIATE transactions serialise writers the same way."""
    type(company).objects.select_for_update().filter(pk=company.pk).values_list("pk", flat=True).first()


def _write(
    company,
    *,
    fiscal_year: int,
    by,
    values: Mapping[str, int | None],
    employees: int | None,
    status: str | None,
    source_note: str,
    expected_version: int | None,
    create_only: bool,
) -> SaveOutcome:
    unknown = set(values) - set(LINE_KEYS)
    if unknown:
        raise DomainError(f"決算書にない項目が含まれています: {', '.join(sorted(unknown))}")
    if status not in (None, FINAL, DRAFT):
        raise DomainError("状態は final（確定）か draft（下書き）で指定してください。")
    existing = (
        FinancialStatement.objects.select_for_update()
        .filter(company=company, fiscal_year=fiscal_year)
        .first()
    )
    if existing is not None and create_only:
        raise ValidationError(
            {
                "fiscal_year": ValidationError(
                    duplicate_year_message(company, fiscal_year), code=DUPLICATE_CODE
                )
            }
        )
    if existing is not None:
        ensure_version(existing, expected_version)
    statement = existing or FinancialStatement(company=company, fiscal_year=fiscal_year, created_by=by)
    for key in LINE_KEYS:
        setattr(statement, key, values.get(key))
    statement.employees = employees
    statement.source_note = clean_line(source_note)[:200]
    # Field rules first (a negative 売上高 is a typing error), then the checks between lines.
    statement.clean_fields()
    result = check(values, employees=employees)
    if status == FINAL and not result.ok:
        raise _problems_error(result)
    statement.status = FINAL if (status == FINAL or (status is None and result.ok)) else DRAFT
    statement.problems = [{"field": p.field, "message": p.message} for p in result.problems]
    save_audited(statement, by=by, bump_version=existing is not None)
    return SaveOutcome(statement=statement, check=result, created=existing is None)


def _log_saved(company, outcome: SaveOutcome, *, by, via: str) -> None:
    statement = outcome.statement
    state = "確定" if statement.is_final else "下書き保存"
    log_company_event(
        company,
        code="diagnosis.statement.saved",
        message=f"{statement.fiscal_year_label}の決算書を{state}しました{via}。",
        by=by,
        data={
            "fiscal_year": statement.fiscal_year,
            "status": statement.status,
            "created": outcome.created,
            "problems": [p.message for p in outcome.check.problems],
        },
    )


def save_statement(
    company,
    *,
    fiscal_year: int,
    by,
    values: Mapping[str, int | None],
    employees: int | None,
    status: str | None = None,
    source_note: str = "",
    expected_version: int | None = None,
    create_only: bool = False,
) -> SaveOutcome:
    """Create or replace the statement of one fiscal year (every line; a missing line becomes blank).

    `status`: "final" is refused with a ValidationError listing the problems when a check fails;
    "draft" keeps the statement unscored with its problems recorded; None confirms it when the checks
    pass and keeps it as a draft otherwise (the outcome says which, and why). `create_only` refuses a
    year that already exists (the entry form's 新規 path); `expected_version` refuses a stale edit.

    Side effects: the statement row and its history; the stored local benchmark results of this year
    and the next (whose ① uses this year's 売上高) recomputed or, for a draft, removed; a
    `diagnosis.statement.saved` activity entry.
    """
    with transaction.atomic():
        _lock_company(company)
        outcome = _write(
            company,
            fiscal_year=fiscal_year,
            by=by,
            values=values,
            employees=employees,
            status=status,
            source_note=source_note,
            expected_version=expected_version,
            create_only=create_only,
        )
        refresh_results(company, [fiscal_year, fiscal_year + 1], by=by)
        _log_saved(company, outcome, by=by, via="")
    return outcome


def import_statements(
    company, *, by, years: Sequence[YearInput], overwrite: bool, source: str
) -> list[SaveOutcome]:
    """Save several years at once (the Excel import). All or nothing: if any year is refused, nothing
    is written. Each year is confirmed when its checks pass and kept as a draft otherwise.

    Without `overwrite`, a year that already exists is refused with a message naming it.
    Side effects: as save_statement for each year, plus a `diagnosis.statements.imported` entry.
    """
    fiscal_years = [y.fiscal_year for y in years]
    if not years:
        raise DomainError("取り込む決算期がありません。少なくとも1期分の数字を入力してください。")
    if len(set(fiscal_years)) != len(fiscal_years):
        raise DomainError("同じ決算期が2回入力されています。決算年をご確認ください。")
    outcomes = []
    with transaction.atomic():
        _lock_company(company)
        if not overwrite:
            taken = sorted(
                company.financial_statements.filter(fiscal_year__in=fiscal_years).values_list(
                    "fiscal_year", flat=True
                )
            )
            if taken:
                labels = "、".join(fiscal.fiscal_year_label(y, company.fiscal_year_end_month) for y in taken)
                raise DomainError(
                    f"{labels}の決算書はすでに登録されています。上書きする場合は「登録済みの決算期を上書きする」を"
                    "選んでから、もう一度取り込んでください。"
                )
        for year in sorted(years, key=lambda y: y.fiscal_year):
            try:
                outcome = _write(
                    company,
                    fiscal_year=year.fiscal_year,
                    by=by,
                    values=year.values,
                    employees=year.employees,
                    status=None,
                    source_note=year.source_note or source,
                    expected_version=None,
                    create_only=False,
                )
            except ValidationError as exc:
                label = fiscal.fiscal_year_label(year.fiscal_year, company.fiscal_year_end_month)
                raise DomainError(f"{label}: {' '.join(exc.messages)}") from exc
            outcomes.append(outcome)
        refresh_results(company, {y for f in fiscal_years for y in (f, f + 1)}, by=by)
        for outcome in outcomes:
            _log_saved(company, outcome, by=by, via=f"（{source}から取り込み）")
    return outcomes


def delete_statement(statement: FinancialStatement, *, by) -> None:
    """Delete one year's statement and its results. The next year's ① loses its previous year.

    Side effects: deletion history rows, the next year's results recomputed, a
    `diagnosis.statement.deleted` activity entry.
    """
    company = statement.company
    label = statement.fiscal_year_label
    year = statement.fiscal_year
    with transaction.atomic():
        for result in statement.results.all():
            result._history_user = by
            result.delete()
        statement._history_user = by
        statement.delete()
        refresh_results(company, [year + 1], by=by)
        log_company_event(
            company,
            code="diagnosis.statement.deleted",
            message=f"{label}の決算書を削除しました。",
            by=by,
            data={"fiscal_year": year},
        )
