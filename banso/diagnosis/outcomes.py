"""The diagnosis area's facts for the portfolio's outcomes (core.portfolio.register_outcome_facts):
per company, the ローカルベンチマーク rank of its latest confirmed year and of the year before, and the
sales and operating profit of its first and latest confirmed statements. Two queries whatever the
number of companies."""

from __future__ import annotations

from banso.diagnosis.models import FinancialStatement, LocalBenchmarkResult


def diagnosis_facts(companies) -> dict[int, dict]:
    facts: dict[int, dict] = {}
    # The newest evaluation of each confirmed year (a re-evaluation against a newer table wins).
    ranks: dict[int, dict[int, str]] = {}
    rows = (
        LocalBenchmarkResult.objects.filter(company__in=companies, statement__status="final")
        .order_by("company_id", "fiscal_year", "computed_at", "id")
        .values_list("company_id", "fiscal_year", "rank")
    )
    for company_id, fiscal_year, rank in rows:
        ranks.setdefault(company_id, {})[fiscal_year] = rank or ""
    for company_id, by_year in ranks.items():
        latest = max(by_year)
        entry = facts.setdefault(company_id, {})
        entry["rank_now"] = by_year[latest]
        entry["rank_now_year"] = latest
        if latest - 1 in by_year:
            entry["rank_year_ago"] = by_year[latest - 1]
    years: dict[int, list[tuple[int, int | None, int | None]]] = {}
    for company_id, fiscal_year, sales, operating in (
        FinancialStatement.objects.filter(company__in=companies, status="final")
        .order_by("company_id", "fiscal_year")
        .values_list("company_id", "fiscal_year", "net_sales", "operating_income")
    ):
        years.setdefault(company_id, []).append((fiscal_year, sales, operating))
    for company_id, rows in years.items():
        if len(rows) < 2:
            continue
        (first_year, first_sales, first_op), (last_year, last_sales, last_op) = rows[0], rows[-1]
        entry = facts.setdefault(company_id, {})
        entry.update(
            fiscal_year_first=first_year,
            fiscal_year_latest=last_year,
            sales_first=first_sales,
            sales_latest=last_sales,
            operating_first=first_op,
            operating_latest=last_op,
        )
    return facts
