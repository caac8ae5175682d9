"""The local benchmark as people read it: up to three confirmed years side by side, for the page, the
PDF, the Excel export and the API. Reads stored results; the only write is filling in a missing
result for a confirmed statement (ensure_results), which is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from banso.companies.engines.size import SIZE_LABELS
from banso.core import fiscal
from banso.core.access import NamedNotFound
from banso.diagnosis.domain.benchmarks import current_table
from banso.diagnosis.domain.results import (
    benchmark_year,
    ensure_results,
    evaluation_options,
    size_for_statement,
)
from banso.diagnosis.engines.localbenchmark import INDICATORS, IndicatorSpec, format_value, industry_text
from banso.diagnosis.models import BenchmarkTable, FinancialStatement, LocalBenchmarkResult

YEARS_SHOWN = 3


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    display: str
    score: int | None
    reason: str | None
    note: str | None


EMPTY_CELL = Cell(None, "—", None, None, None)


@dataclass(frozen=True)
class YearColumn:
    fiscal_year: int
    label: str
    statement: FinancialStatement
    result: LocalBenchmarkResult | None

    @property
    def rank(self) -> str:
        return self.result.rank if self.result else ""

    @property
    def total_display(self) -> str:
        if self.result is None:
            return "—"
        suffix = f"ランク{self.result.rank}" if self.result.rank else "ランクなし"
        return f"{self.result.total_score}点（{self.result.scored_count}指標）{suffix}"


@dataclass(frozen=True)
class Row:
    spec: IndicatorSpec
    cells: list[Cell]  # aligned with Report.years
    median: Decimal | None
    median_display: str

    @property
    def current(self) -> Cell:
        return self.cells[-1]

    @property
    def unit_label(self) -> str:
        return self.spec.unit


@dataclass
class Report:
    company: object
    statements: list[FinancialStatement]
    final_years: list[int]
    years: list[YearColumn] = field(default_factory=list)
    table: BenchmarkTable | None = None
    rows: list[Row] = field(default_factory=list)
    stale_reasons: list[str] = field(default_factory=list)
    newer_table: BenchmarkTable | None = None
    versions: list[str] = field(default_factory=list)  # table versions the selected year has results for

    @property
    def selected(self) -> YearColumn | None:
        return self.years[-1] if self.years else None

    @property
    def result(self) -> LocalBenchmarkResult | None:
        return self.selected.result if self.selected else None

    @property
    def drafts(self) -> list[FinancialStatement]:
        return [s for s in self.statements if not s.is_final]

    @property
    def industry_display(self) -> str:
        code = self.result.industry_code if self.result else self.company.industry_code
        return industry_text(code)

    @property
    def size_display(self) -> str:
        return SIZE_LABELS.get(self.result.size, "") if self.result else ""

    @property
    def period_label(self) -> str:
        return self.selected.label if self.selected else ""

    def reasons(self) -> list[tuple[str, str, str]]:
        """(where, indicator, reason or note) for every value not computed or set by a rule, the
        selected year first, then the earlier years shown."""
        out = []
        for index in reversed(range(len(self.years))):
            for row in self.rows:
                cell = row.cells[index]
                text = cell.reason or cell.note
                if text:
                    out.append((self.years[index].label, f"{row.spec.number}{row.spec.label_ja}", text))
        return out

    def radar_series(self):
        from banso.core.charts import Series

        return [
            Series(label=column.label, values=[row.cells[i].score for row in self.rows])
            for i, column in enumerate(self.years)
        ]

    def radar_alt(self) -> str:
        """The chart in words, for screen readers and when the image does not load."""
        parts = []
        for i, column in enumerate(self.years):
            scores = "、".join(
                f"{row.spec.label_ja}{'—' if row.cells[i].score is None else row.cells[i].score}点"
                for row in self.rows
            )
            parts.append(f"{column.label}: {scores}")
        return "評点のレーダーチャート。" + "／".join(parts)

    def radar_axes(self) -> list[str]:
        return [f"{spec.number}{spec.label_ja}" for spec in INDICATORS]

    def radar_drawing(self, *, size: float = 300):
        """The score radar (core.charts) with room at the sides for the long axis names."""
        from reportlab.graphics.shapes import Drawing, Group

        from banso.core.charts import radar_chart

        chart = radar_chart(self.radar_axes(), self.radar_series(), size=size)
        pad = 70
        outer = Drawing(chart.width + pad, chart.height)
        group = Group(*chart.contents)
        group.translate(pad, 0)
        outer.add(group)
        return outer


def house_sign(text: str) -> str:
    """The engine writes negatives as "-1.0%"; show them in the house style (BANSO_NEGATIVE_STYLE)."""
    if text.startswith("-") and getattr(settings, "BANSO_NEGATIVE_STYLE", "triangle") == "triangle":
        return "△" + text[1:]
    return text


def _cell(result: LocalBenchmarkResult | None, key: str) -> Cell:
    if result is None:
        return EMPTY_CELL
    for row in result.indicators:
        if row["key"] == key:
            value = Decimal(row["value"]) if row["value"] is not None else None
            return Cell(value, house_sign(row["display"]), row["score"], row["reason"], row["note"])
    return EMPTY_CELL


def _pick(results: list[LocalBenchmarkResult], version: str | None) -> LocalBenchmarkResult | None:
    """The result for a table version if there is one, else the one with the newest table."""
    if not results:
        return None
    if version is not None:
        for r in results:
            if r.benchmark_version == version:
                return r
    return max(results, key=lambda r: (r.benchmark_table.created_at, r.benchmark_table_id))


def _stale_reasons(company, column: YearColumn) -> list[str]:
    result = column.result
    if result is None:
        return []
    reasons = []
    if result.industry_code != company.industry_code:
        reasons.append(
            f"業種が評価したとき（{industry_text(result.industry_code)}）から"
            f"「{industry_text(company.industry_code)}」に変わっています。"
        )
    size_now = size_for_statement(company, column.statement)
    if result.size != size_now:
        reasons.append(
            f"規模区分が評価したとき（{SIZE_LABELS.get(result.size, result.size)}）から"
            f"「{SIZE_LABELS[size_now]}」に変わっています。"
        )
    if result.options != evaluation_options().as_dict():
        reasons.append("ランクの下限点やリース債務の扱いの設定が、評価したときから変わっています。")
    return reasons


def missing_version_message(benchmark_version: str) -> str:
    return f"基準値「{benchmark_version}」による評価結果はありません。"


def local_benchmark_report(
    company, *, fiscal_year: int | None = None, benchmark_version: str | None = None
) -> Report:
    """The report for `fiscal_year` and up to two years before it.

    Which year is shown, or why not, is `benchmark_year`'s rule (default: the latest confirmed year;
    a missing year is a 404, a draft a ConflictError). A `benchmark_version` the year has no result
    for is a 404 too, rather than a quiet switch to another table's result.
    """
    year = benchmark_year(company, fiscal_year)
    ensure_results(company)
    statements = list(company.financial_statements.all())
    finals = {s.fiscal_year: s for s in statements if s.is_final}
    report = Report(company=company, statements=statements, final_years=sorted(finals, reverse=True))
    if year is None:
        return report
    results_by_year: dict[int, list[LocalBenchmarkResult]] = {}
    for result in LocalBenchmarkResult.objects.filter(company=company).select_related("benchmark_table"):
        results_by_year.setdefault(result.fiscal_year, []).append(result)
    selected_result = _pick(results_by_year.get(year, []), benchmark_version)
    if benchmark_version is not None and (
        selected_result is None or selected_result.benchmark_version != benchmark_version
    ):
        raise NamedNotFound(missing_version_message(benchmark_version))
    version = selected_result.benchmark_version if selected_result else None
    end_month = company.fiscal_year_end_month
    report.years = [
        YearColumn(
            fiscal_year=y,
            label=fiscal.fiscal_year_label(y, end_month),
            statement=finals[y],
            result=selected_result if y == year else _pick(results_by_year.get(y, []), version),
        )
        for y in range(year - YEARS_SHOWN + 1, year + 1)
        if y in finals
    ]
    report.table = selected_result.benchmark_table if selected_result else None
    report.versions = sorted({r.benchmark_version for r in results_by_year.get(year, [])})
    for spec in INDICATORS:
        cells = [_cell(column.result, spec.key.value) for column in report.years]
        median = None
        if selected_result is not None:
            raw = next(r["median"] for r in selected_result.indicators if r["key"] == spec.key.value)
            median = Decimal(raw)
        report.rows.append(
            Row(
                spec=spec,
                cells=cells,
                median=median,
                median_display=house_sign(format_value(median, spec.key)),
            )
        )
    report.stale_reasons = _stale_reasons(company, report.selected)
    newest = current_table(company.organization_id)
    if report.table is None or newest.pk != report.table.pk:
        report.newer_table = newest
    return report
