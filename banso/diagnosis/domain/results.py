"""Scoring confirmed statements and storing the results (snapshots per statement and table version).

Which statement counts as "the previous year", which size row applies and which settings hold are
decided here; the arithmetic is the engine's (localbenchmark.evaluate).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from banso.core import fiscal
from banso.core.errors import ConflictError
from banso.core.records import log_company_event
from banso.diagnosis.domain.benchmarks import current_table
from banso.diagnosis.engines.localbenchmark import (
    EvaluationOptions,
    IndicatorKey,
    Statement,
    evaluate,
)
from banso.diagnosis.engines.localbenchmark import LocalBenchmarkResult as EngineResult
from banso.diagnosis.engines.statement_lines import LINES
from banso.diagnosis.models import BenchmarkTable, FinancialStatement, LocalBenchmarkResult
from banso.diagnosis.queries import statement_or_404


def evaluation_options() -> EvaluationOptions:
    """The Banso-rule settings of docs/domain.md §3.1–3.2 (BANSO_LOCABEN_*)."""
    return EvaluationOptions.from_values(
        rank_cutoffs=settings.BANSO_LOCABEN_RANK_CUTOFFS,
        include_lease_obligations=settings.BANSO_LOCABEN_INCLUDE_LEASE_OBLIGATIONS,
    )


def size_for_statement(company, statement: FinancialStatement) -> str:
    """The size row for a year: the company's override if set, else the rule applied to that year's
    従業員数 (as the official tool takes it from the input sheet), else to the company's."""
    return company.size_with(statement.employees if statement.employees is not None else company.employees)


def engine_statement(statement: FinancialStatement) -> Statement:
    values = {line.key: getattr(statement, line.key) for line in LINES if line.in_engine}
    return Statement(**values, employees=statement.employees)


def _previous_note(company, previous: FinancialStatement | None, fiscal_year: int) -> str | None:
    """Why ① has no previous year to use, when the reason is a draft rather than a missing year."""
    if previous is None or previous.is_final:
        return None
    label = fiscal.fiscal_year_label(fiscal_year - 1, company.fiscal_year_end_month)
    return f"前期（{label}）の決算書が下書きのため計算できません。前期を確定すると計算します。"


def compute(
    statement: FinancialStatement,
    previous: FinancialStatement | None,
    *,
    table: BenchmarkTable,
    options: EvaluationOptions,
) -> tuple[EngineResult, str]:
    """The engine's result for a confirmed statement and the size row used. Only a confirmed previous
    year feeds ① 売上増加率."""
    company = statement.company
    size = size_for_statement(company, statement)
    row = table.parsed().get(company.industry_code, size)
    usable_previous = engine_statement(previous) if previous is not None and previous.is_final else None
    result = evaluate(engine_statement(statement), usable_previous, row, options)
    note = _previous_note(company, previous, statement.fiscal_year)
    if note:
        indicators = tuple(
            dataclasses.replace(ind, reason=note) if ind.key is IndicatorKey.SALES_GROWTH else ind
            for ind in result.indicators
        )
        result = dataclasses.replace(result, indicators=indicators)
    return result, size


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _indicator_rows(result: EngineResult) -> list[dict]:
    return [
        {
            "key": ind.key.value,
            "value": _number(ind.value),
            "display": ind.display,
            "score": ind.score,
            "median": _number(ind.median),
            "reason": ind.reason,
            "note": ind.note,
            "cut_points": [_number(c) for c in ind.cut_points],
        }
        for ind in result.indicators
    ]


def store_result(
    statement: FinancialStatement,
    previous: FinancialStatement | None,
    *,
    table: BenchmarkTable,
    by=None,
    options: EvaluationOptions | None = None,
) -> LocalBenchmarkResult:
    """Compute and keep the result of one confirmed statement against one table version, replacing the
    earlier result for the same pair. Side effect: the result row and its history snapshot."""
    options = options or evaluation_options()
    result, size = compute(statement, previous, table=table, options=options)
    stored = LocalBenchmarkResult.objects.filter(statement=statement, benchmark_table=table).first()
    stored = stored or LocalBenchmarkResult(statement=statement, benchmark_table=table)
    stored.company = statement.company
    stored.fiscal_year = statement.fiscal_year
    stored.benchmark_version = table.version
    stored.industry_code = result.industry_code
    stored.size = size
    stored.options = options.as_dict()
    stored.indicators = _indicator_rows(result)
    stored.total_score = result.total_score
    stored.scored_count = result.scored_count
    stored.rank = result.rank or ""
    stored.computed_at = timezone.now()
    stored.computed_by = by
    stored._history_user = by
    stored.save()
    return stored


def _statements_by_year(company) -> dict[int, FinancialStatement]:
    return {s.fiscal_year: s for s in company.financial_statements.all()}


def refresh_results(company, fiscal_years: Iterable[int], *, by=None) -> None:
    """Bring the stored results of these years up to date after a statement changed.

    A confirmed year gets a result with the current table and has any result it already holds for
    older tables recomputed (its inputs changed, the tables did not). A draft or deleted year loses
    its results: a draft is never scored. Side effects: result rows written or deleted (with history).
    """
    statements = _statements_by_year(company)
    table_now = current_table(company.organization_id)
    for year in sorted(set(fiscal_years)):
        statement = statements.get(year)
        if statement is None:
            continue
        existing = list(statement.results.select_related("benchmark_table"))
        if not statement.is_final:
            for old in existing:
                old._history_user = by
                old.delete()
            continue
        tables = {r.benchmark_table_id: r.benchmark_table for r in existing}
        tables.setdefault(table_now.pk, table_now)
        for table in tables.values():
            store_result(statement, statements.get(year - 1), table=table, by=by)


def ensure_results(company, *, by=None) -> None:
    """Give every confirmed statement a result if it has none (e.g. statements loaded before the
    results existed). Side effect: result rows for those statements only."""
    missing = [
        s.fiscal_year
        for s in company.financial_statements.filter(
            status=FinancialStatement.Status.FINAL, results__isnull=True
        )
    ]
    if missing:
        refresh_results(company, missing, by=by)


def draft_not_scored_message(statement: FinancialStatement) -> str:
    problems = " ".join(p["message"] for p in statement.problems)
    return f"{statement.fiscal_year_label}の決算書は下書きのため評価していません。" + (
        f"確認事項: {problems}" if problems else "確定すると評価します。"
    )


def benchmark_year(company, fiscal_year: int | None) -> int | None:
    """The fiscal year whose ローカルベンチマーク to show: one rule for the page, its PDF and Excel,
    and the API.

    - No year asked for: the latest confirmed year (None while no year is confirmed).
    - A year asked for is shown as that year or refused with the reason — never replaced silently by
      another year, since an advisor who opened 「2025年3月期」 takes the figures on screen for that
      year. A year without a statement is a 404 (「…の決算書は登録されていません。」, the same
      message as every statement lookup); a draft is a ConflictError (API 409; the page answers 409
      too, showing the message, the draft's problems and the confirmed years to choose from),
      because a draft is never scored.

    No side effects.
    """
    if fiscal_year is None:
        return (
            company.financial_statements.filter(status=FinancialStatement.Status.FINAL)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .first()
        )
    statement = statement_or_404(company, fiscal_year)
    if not statement.is_final:
        raise ConflictError(draft_not_scored_message(statement))
    return fiscal_year


def reevaluate_company(company, *, by) -> BenchmarkTable:
    """Score every confirmed year again with the current table and settings (after a newer table was
    loaded, or the company's industry or size changed). Results for older tables stay as they were.

    Side effects: result rows for the current table, and a `diagnosis.local_benchmark.reevaluated`
    activity entry.
    """
    table = current_table(company.organization_id)
    statements = _statements_by_year(company)
    options = evaluation_options()
    with transaction.atomic():
        for year, statement in sorted(statements.items()):
            if statement.is_final:
                store_result(statement, statements.get(year - 1), table=table, by=by, options=options)
        log_company_event(
            company,
            code="diagnosis.local_benchmark.reevaluated",
            message=f"ローカルベンチマークを基準値「{table.version_label}」で再評価しました。",
            by=by,
            data={"benchmark_version": table.version},
        )
    return table


# The company fields a stored result depends on (the industry row and the size row of the table).
BENCHMARK_INPUT_FIELDS = frozenset({"industry_code", "employees", "size_override"})


def recompute_after_company_change(company, fields, *, by) -> None:
    """Keep the stored results in step with the company: after a change of 業種, 従業員数 or the size
    override, every confirmed year is scored again — each stored result against the table version it
    already used, plus the current table — with no click on 再評価 needed.

    Registered with core.company_changes (diagnosis AppConfig.ready); called by
    companies.domain.update_company. Side effects: result rows rewritten (with history) and one
    `diagnosis.local_benchmark.recomputed` activity entry when any result was rewritten.
    """
    if not BENCHMARK_INPUT_FIELDS & set(fields):
        return
    final_years = list(
        company.financial_statements.filter(status=FinancialStatement.Status.FINAL).values_list(
            "fiscal_year", flat=True
        )
    )
    if not final_years:
        return
    refresh_results(company, final_years, by=by)
    log_company_event(
        company,
        code="diagnosis.local_benchmark.recomputed",
        message="業種・規模の変更に合わせて、ローカルベンチマークを再計算しました。",
        by=by,
        data={"fields": sorted(BENCHMARK_INPUT_FIELDS & set(fields)), "fiscal_years": sorted(final_years)},
    )
