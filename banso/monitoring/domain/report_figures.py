"""The figures of a monitoring report (モニタリング報告書, docs/domain.md §5.2), gathered once into a
plain, JSON-ready dict: the snapshot an issued report keeps and the only input of its PDF and Excel
(banso/monitoring/exports/), so the files of an issued report can always be explained by its figures.

Amounts are whole yen as ``int``; ratios (達成率) are decimal strings (``"0.823456"``), rounded to six
places (display rounds them again to one decimal); months are ``"YYYY-MM"``. The monitoring table comes
from the table engine (engines/variance.py) with the organization's thresholds, so the report's
numbers are the table's numbers to the yen.

Shape (``SCHEMA`` 1)::

    {"schema", "company": {id, name}, "organization", "fiscal_year_end_month",
     "from_month", "to_month", "months": [...], "ytd_label": "4月〜9月",
     "plan": {id, plan_title, number, label, period_label, reason},
     "thresholds": {amber, red},
     "lines": [{key, label, kind, months: [{month, plan, actual, variance, achievement, prior_year,
                status, ytd: {...same without month}}]}],
     "targets": [...], "measures": [...], "gaps": [...], "reviewed_actions": [...],
     "next_actions": [...], "next_month", "kpis": [...], "cash": {...}, "corrections": [...]}
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from banso.core.errors import DomainError
from banso.core.formatting import document_date, document_era
from banso.monitoring.domain import table as table_builder
from banso.monitoring.domain.cashflow import cash_flow_overview
from banso.monitoring.engines import kpi as kpi_engine
from banso.monitoring.engines import lines as line_list
from banso.monitoring.engines.months import Month, fiscal_year_start, to_month
from banso.monitoring.engines.repeating import runs as gap_runs
from banso.monitoring.engines.targets import plan_targets, plan_year_figures
from banso.monitoring.engines.variance import Cell, MonitoringTable, Thresholds
from banso.monitoring.models import (
    ActualCorrection,
    Gap,
    KpiMonth,
    Measure,
    MonitoringReport,
    NextMonthAction,
    PlanAmount,
    PlanVersion,
)

SCHEMA = 1
MAX_REPORT_MONTHS = 24
_RATIO_PLACES = Decimal("0.000001")


# ---- small conversions -------------------------------------------------------------------------------


def _yen(value) -> int | None:
    if value is None:
        return None
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ratio(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(_RATIO_PLACES, rounding=ROUND_HALF_UP))


def _cell(cell: Cell) -> dict:
    return {
        "plan": _yen(cell.plan),
        "actual": _yen(cell.actual),
        "variance": _yen(cell.variance),
        "achievement": _ratio(cell.achievement),
        "prior_year": _yen(cell.prior_year),
        "status": cell.status,
    }


# ---- the period ----------------------------------------------------------------------------------------


def check_period(version: PlanVersion, first: Month, last: Month) -> None:
    """DomainError (Japanese) unless first ≤ last, the span is at most MAX_REPORT_MONTHS and it lies
    inside the plan version's period."""
    if last < first:
        raise DomainError("対象期間の終わりは始まり以降の月にしてください。")
    if last - first + 1 > MAX_REPORT_MONTHS:
        raise DomainError(f"対象期間は{MAX_REPORT_MONTHS}か月以内にしてください。")
    if first < version.first_month or last > version.last_month:
        raise DomainError(
            f"対象期間が計画（{version.label}）の期間 {version.first_month.label}〜"
            f"{version.last_month.label} の外にあります。計画の期間内の月を選んでください。"
        )


# ---- the monitoring table -------------------------------------------------------------------------------


def _amounts(rows) -> dict[str, dict[Month, int]]:
    amounts: dict[str, dict[Month, int]] = defaultdict(dict)
    for line, month, amount in rows:
        amounts[line][Month.of(month)] = amount
    return amounts


def load_table(company, version: PlanVersion, first: Month, last: Month) -> MonitoringTable:
    """The monitoring table of `company` against `version` for first…last, from the one table builder
    (banso/monitoring/domain/table.py), so the report's numbers are the table's numbers."""
    return table_builder.monitoring_table(
        company, plan_version=version, from_month=first, to_month=last
    ).table


def _lines(table: MonitoringTable) -> list[dict]:
    rows = []
    for row in table.rows:
        months = []
        for column in row.months:
            months.append({"month": str(column.month), **_cell(column.cell), "ytd": _cell(column.ytd)})
        rows.append({"key": row.key, "label": row.label, "kind": row.kind, "months": months})
    return rows


# ---- the other sections -----------------------------------------------------------------------------------


def _targets(company, version: PlanVersion) -> list[dict]:
    end_month = company.fiscal_year_end_month
    amounts = _amounts(PlanAmount.objects.filter(plan_version=version).values_list("line", "month", "amount"))
    balances = {
        year.fiscal_year: {field: getattr(year, field) for field in year.BALANCE_FIELDS}
        for year in version.plan_years.all()
    }
    figures = plan_year_figures(
        amounts=amounts,
        balances=balances,
        fiscal_years=version.fiscal_years(end_month),
        fiscal_year_end_month=end_month,
    )
    targets = plan_targets(figures, fiscal_year_end_month=end_month)
    result = []
    for target in targets.all():
        item = {
            "key": target.key,
            "label": target.label,
            "meets": target.meets,
            "yardstick": target.yardstick,
            "note": target.note,
        }
        if hasattr(target, "fiscal_year"):
            item["kind"] = "year"
            item["fiscal_year"] = target.fiscal_year
            item["plan_year"] = target.plan_year
            item["value"] = None
        else:
            item["kind"] = "ratio"
            item["value"] = None if target.value is None else str(target.value.quantize(Decimal("0.01")))
        result.append(item)
    return result


def _measures(version: PlanVersion) -> list[dict]:
    result = []
    for measure in Measure.objects.filter(plan_version=version).order_by("order", "id"):
        result.append(
            {
                "title": measure.title,
                "owner": measure.owner,
                "start_month": str(Month.of(measure.start_month)) if measure.start_month else None,
                "end_month": str(Month.of(measure.end_month)) if measure.end_month else None,
                "expected_effect": measure.expected_effect,
                "line": measure.line,
                "line_label": line_list.label(measure.line) if measure.line else "",
                "status": measure.status,
                "status_label": measure.get_status_display(),
                "progress_note": measure.progress_note,
            }
        )
    return result


def _gaps(company, first: Month, last: Month, era: str) -> list[dict]:
    # Repeating runs are judged over every gap of the company up to the period's end.
    all_gaps = list(
        Gap.objects.filter(company=company, month__lte=last.first_day).values_list("line", "month")
    )
    repeating = set()
    for run in gap_runs((line, Month.of(month)) for line, month in all_gaps):
        if run.repeating:
            repeating.update((run.line, month) for month in run.months)
    result = []
    gaps = Gap.objects.filter(
        company=company, month__gte=first.first_day, month__lte=last.first_day
    ).order_by("month", "id")
    order = {key: index for index, key in enumerate(line_list.LINE_KEYS)}
    for gap in sorted(gaps, key=lambda g: (g.month, order.get(g.line, 99))):
        month = Month.of(gap.month)
        result.append(
            {
                "month": str(month),
                "line": gap.line,
                "line_label": line_list.label(gap.line),
                "cause": gap.cause,
                "cause_label": gap.get_cause_display() if gap.cause else "",
                "why_chain": gap.why_chain,
                "response": gap.response,
                "owner": gap.owner,
                "due_on": document_date(gap.due_on, era=era) if gap.due_on else "",
                "status_label": gap.get_status_display(),
                "effect_label": gap.get_effect_display(),
                "effect_note": gap.effect_note,
                "repeating": (gap.line, month) in repeating,
            }
        )
    return result


def _actions(company, month: Month) -> list[dict]:
    return [
        {
            "month": str(month),
            "title": action.title,
            "owner": action.owner,
            "measure": action.measure,
            "review": action.review,
            "review_label": action.get_review_display(),
            "review_note": action.review_note,
        }
        for action in NextMonthAction.objects.filter(company=company, month=month.first_day).order_by(
            "order", "id"
        )
    ]


def _kpis(company, month: Month, thresholds: Thresholds) -> list[dict]:
    by_kpi: dict[int, dict] = {}
    rows = (
        KpiMonth.objects.filter(
            kpi__company=company,
            kpi__is_active=True,
            month__lte=month.first_day,
            month__gte=(month - 11).first_day,
        )
        .select_related("kpi")
        .order_by("kpi__order", "kpi_id", "month")
    )
    for row in rows:
        entry = by_kpi.setdefault(row.kpi_id, {"kpi": row.kpi, "months": {}})
        entry["months"][Month.of(row.month)] = (row.target, row.actual)
    result = []
    for entry in by_kpi.values():
        kpi = entry["kpi"]
        points = kpi_engine.kpi_points(entry["months"], kpi.direction, thresholds)
        point = next((p for p in points if p.month == month), None)
        trend = kpi_engine.trend(points, kpi.direction)
        result.append(
            {
                "name": kpi.name,
                "unit": kpi.unit,
                "direction": kpi.direction,
                "direction_label": kpi.get_direction_display(),
                "target": None if point is None or point.target is None else str(point.target),
                "actual": None if point is None or point.actual is None else str(point.actual),
                "achievement": None if point is None else _ratio(point.achievement),
                "status": "none" if point is None else point.status,
                "trend_label": kpi_engine.TREND_LABELS.get(trend, "—") if trend else "—",
            }
        )
    return result


def _cash(company, first: Month, last: Month) -> dict:
    """Month-end cash from the same overview as the 資金繰り表 page (domain/cashflow.cash_flow_overview),
    as of the report's end month: the actual months of the period (entries after the end month are
    left out), the 12 projected months, the threshold and the shortfall warning."""
    overview = cash_flow_overview(company, until=last)
    columns = [
        c for c in overview.table.months if c.projected or first.first_day <= c.month <= last.first_day
    ]
    warning = overview.warning
    return {
        "months": [
            {
                "month": str(Month.of(c.month)),
                "opening": _yen(c.opening),
                "operating_balance": _yen(c.operating_balance),
                "non_operating_balance": _yen(c.non_operating_balance),
                "financial_balance": _yen(c.financial_balance),
                "closing": _yen(c.closing),
                "projected": c.projected,
            }
            for c in columns
        ],
        "threshold": _yen(overview.threshold),
        "warning": warning.message if warning else "",
        "warning_month": str(Month.of(warning.month)) if warning else None,
        "warning_balance": _yen(warning.balance) if warning else None,
        "below_zero": bool(warning and warning.below_zero),
        "plan_label": overview.plan_label or "",
        "notes": list(overview.notes),
        "note": "" if columns else "資金繰り表の実績も、予測の起点となる月末の現預金もまだありません。",
    }


def undisclosed_corrections(company, *, exclude_report: MonitoringReport | None = None):
    """ActualCorrection rows of `company` that no issued report has disclosed yet (oldest first)."""
    disclosed: set[int] = set()
    issued = MonitoringReport.objects.filter(company=company, status=MonitoringReport.Status.ISSUED)
    if exclude_report is not None:
        issued = issued.exclude(pk=exclude_report.pk)
    for ids in issued.values_list("disclosed_corrections", flat=True):
        disclosed.update(int(i) for i in ids or ())
    return (
        ActualCorrection.objects.filter(company=company)
        .exclude(pk__in=disclosed)
        .select_related("by")
        .order_by("at", "id")
    )


def _corrections(company, era: str, exclude_report=None) -> list[dict]:
    return [
        {
            "id": c.pk,
            "month": str(Month.of(c.month)),
            "line": c.line,
            "line_label": line_list.label(c.line),
            "old_amount": c.old_amount,
            "new_amount": c.new_amount,
            "reason": c.reason,
            "by": c.by.display_name,
            "at": document_date(c.at, era=era),
        }
        for c in undisclosed_corrections(company, exclude_report=exclude_report)
    ]


# ---- all together ----------------------------------------------------------------------------------------


def report_figures(
    company, *, plan_version: PlanVersion, from_month, to_month, exclude_report=None
) -> tuple[dict, MonitoringTable]:
    """The report's figures (module docstring) and the monitoring table they were taken from.
    DomainError when the period is not usable (check_period)."""
    first, last = to_month_or_error(from_month), to_month_or_error(to_month)
    check_period(plan_version, first, last)
    end_month = company.fiscal_year_end_month
    era = document_era(company.organization)
    table = load_table(company, plan_version, first, last)
    thresholds = table.thresholds
    fy_start = fiscal_year_start(last.fiscal_year(end_month), end_month)
    plan = plan_version.plan
    figures = {
        "schema": SCHEMA,
        "company": {"id": company.pk, "name": company.name},
        "organization": company.organization.name,
        "fiscal_year_end_month": end_month,
        "from_month": str(first),
        "to_month": str(last),
        "months": [str(m) for m in table.months],
        "ytd_label": f"{fy_start.label}〜{last.label}",
        "plan": {
            "id": plan_version.pk,
            "plan_title": plan.title,
            "number": plan_version.number,
            "label": plan_version.label,
            "period_label": plan_version.period_label(end_month),
            "reason": plan_version.reason,
        },
        "thresholds": {"amber": str(thresholds.amber), "red": str(thresholds.red)},
        "lines": _lines(table),
        "targets": _targets(company, plan_version),
        "measures": _measures(plan_version),
        "gaps": _gaps(company, first, last, era),
        "reviewed_actions": _actions(company, last),
        "next_month": str(last + 1),
        "next_actions": _actions(company, last + 1),
        "kpis": _kpis(company, last, thresholds),
        "cash": _cash(company, first, last),
        "corrections": _corrections(company, era, exclude_report=exclude_report),
    }
    return figures, table


def to_month_or_error(value) -> Month:
    try:
        return to_month(value)
    except ValueError as error:
        raise DomainError(str(error)) from error


def table_part(figures: dict) -> list:
    """What must not change between a draft's figures and the issue: the monitoring table's lines."""
    return figures.get("lines", [])
