"""The owner's monthly figures (経営者の月次入力): 売上高, 売上総利益, 現預金 and the KPI actuals of one
month, typed by the company's 経営者 on a phone (portal form and the portal API).

The same rules as the supporter's writes, through the same functions:
- 売上高 and 売上総利益 are given together (売上原価 = 売上高 − 売上総利益 is what is stored, since
  売上総利益 is a computed line); 売上総利益 is not above 売上高; 現預金 alone is fine; a blank field
  leaves what is stored (a supporter's or an import's figure is never wiped by an empty box);
- a month in the future is refused; so is a month more than OWNER_MONTHS_BACK months ago;
- the form names the version it was opened at (`figures_version`: every stored row of the month it
  shows, line:version); a changed month is a ConflictError and nothing is written;
- a month behind an issued report is closed (domain/month_close.py): changes need a correction
  reason, recorded as ActualCorrection rows / in the KPI entry like any correction;
- monthly actuals are written by `actuals.write_actuals` with source `owner` (事業者入力, shown on
  the supporter's grid), KPI actuals by `kpis.save_kpi_months` (targets untouched).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.records import log_company_event
from banso.monitoring.domain import actuals as actuals_domain
from banso.monitoring.domain import kpis as kpis_domain
from banso.monitoring.domain.month_close import check_month_close, clean_reason, closed_months
from banso.monitoring.engines.lines import MAX_AMOUNT
from banso.monitoring.engines.months import Month, MonthError, to_month
from banso.monitoring.models import Kpi, KpiMonth, MonitoringReport, MonthlyActual

OWNER_MONTHS_BACK = 12
STORED_LINES = ("net_sales", "cost_of_sales", "cash_and_deposits")
VERSION_REQUIRED = (
    "どの時点の内容を編集したかが確認できないため、保存していません。画面を開き直してください。"
)


@dataclass(frozen=True)
class OwnerKpi:
    id: int
    name: str
    unit: str
    actual: Decimal | None


@dataclass(frozen=True)
class OwnerFigures:
    month: Month
    net_sales: int | None
    gross_profit: int | None
    cash_and_deposits: int | None
    kpis: list[OwnerKpi] = field(default_factory=list)
    version: str = ""
    closed_by: MonitoringReport | None = None
    entered_by_owner: bool = False


def owner_months(today: dt.date | None = None) -> list[Month]:
    """The months the owner may choose, newest first: this month and the OWNER_MONTHS_BACK before."""
    this = Month.of(today or timezone.localdate())
    return [this - n for n in range(OWNER_MONTHS_BACK + 1)]


def owner_month(value, today: dt.date | None = None) -> Month:
    """A month the owner may enter (DomainError in Japanese otherwise)."""
    try:
        month = value if isinstance(value, Month) else to_month(value)
    except MonthError as exc:
        raise DomainError(str(exc)) from None
    allowed = owner_months(today)
    if month > allowed[0]:
        raise DomainError(f"{month.label}はまだ来ていない月です。今月までの月を選んでください。")
    if month < allowed[-1]:
        raise DomainError(
            f"{month.label}は{OWNER_MONTHS_BACK}か月より前の月です。担当の支援者に修正を依頼してください。"
        )
    return month


def _rows(company, month: Month):
    actual_rows = {
        row.line: row
        for row in MonthlyActual.objects.filter(company=company, month=month.first_day, line__in=STORED_LINES)
    }
    kpis = list(Kpi.objects.filter(company=company, is_active=True).order_by("order", "id"))
    kpi_rows = {row.kpi_id: row for row in KpiMonth.objects.filter(kpi__in=kpis, month=month.first_day)}
    return actual_rows, kpis, kpi_rows


def _signature(actual_rows, kpi_rows) -> str:
    parts = [f"{line}:{actual_rows[line].version}" for line in STORED_LINES if line in actual_rows]
    parts += [f"k{kpi_id}:{kpi_rows[kpi_id].version}" for kpi_id in sorted(kpi_rows)]
    return ",".join(parts) or "-"


def figures_version(company, month: Month) -> str:
    actual_rows, _, kpi_rows = _rows(company, month)
    return _signature(actual_rows, kpi_rows)


def owner_figures(company, month: Month) -> OwnerFigures:
    """What the owner's form shows for `month` (the stored figures, the version, the close)."""
    actual_rows, kpis, kpi_rows = _rows(company, month)
    amount = {line: row.amount for line, row in actual_rows.items()}
    sales, cost = amount.get("net_sales"), amount.get("cost_of_sales")
    return OwnerFigures(
        month=month,
        net_sales=sales,
        gross_profit=None if sales is None else sales - (cost or 0),
        cash_and_deposits=amount.get("cash_and_deposits"),
        kpis=[
            OwnerKpi(
                id=k.pk,
                name=k.name,
                unit=k.unit,
                actual=kpi_rows[k.pk].actual if k.pk in kpi_rows else None,
            )
            for k in kpis
        ],
        version=_signature(actual_rows, kpi_rows),
        closed_by=closed_months(company, [month]).get(month),
        entered_by_owner=any(row.source == MonthlyActual.Source.OWNER for row in actual_rows.values()),
    )


def _yen(value, label: str, field_name: str) -> int | None:
    if value is None:
        return None
    number = Decimal(value)
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError({field_name: f"{label}は1円単位で入力してください。"})
    if abs(number) > MAX_AMOUNT:
        raise ValidationError({field_name: f"{label}が大きすぎます。円単位の数字をご確認ください。"})
    return int(number)


def save_owner_figures(
    company,
    *,
    by,
    month,
    expected_version: str | None,
    net_sales=None,
    gross_profit=None,
    cash_and_deposits=None,
    kpi_actuals: dict[int, Decimal | None] | None = None,
    correction_reason: str = "",
) -> int:
    """Save the owner's figures of `month` (module docstring for the rules). `kpi_actuals`: {kpi id:
    actual} for the company's active KPIs (None leaves the stored value). Returns how many values
    changed.

    All or nothing. Errors: ValidationError {field: message} for an amount or KPI value refused,
    DomainError for a month refused or a missing version, ConflictError when the month changed since
    `expected_version`, MonthClosed for a closed month without a reason. Side effects: MonthlyActual
    rows (source owner) with history and ActualCorrection rows for a closed month; KpiMonth rows with
    history; a `monitoring.kpis.saved` entry when KPIs changed and one `monitoring.owner_figures.saved`
    entry naming the owner when anything changed.
    """
    month = owner_month(month)
    sales = _yen(net_sales, "売上高", "net_sales")
    profit = _yen(gross_profit, "売上総利益", "gross_profit")
    cash = _yen(cash_and_deposits, "現預金残高", "cash_and_deposits")
    if (sales is None) != (profit is None):
        missing = "gross_profit" if profit is None else "net_sales"
        raise ValidationError(
            {missing: "売上高と売上総利益は両方入力してください（売上原価はその差として記録します）。"}
        )
    if sales is not None and profit > sales:
        raise ValidationError({"gross_profit": "売上総利益は売上高以下の金額で入力してください。"})
    kpi_actuals = {k: v for k, v in (kpi_actuals or {}).items() if v is not None}
    if not expected_version:
        raise DomainError(VERSION_REQUIRED)
    with transaction.atomic():
        actuals_domain._lock_company(company)
        actual_rows, kpis, kpi_rows = _rows(company, month)
        if _signature(actual_rows, kpi_rows) != expected_version:
            raise ConflictError(STALE_EDIT_MESSAGE)
        active = {k.pk for k in kpis}
        unknown = set(kpi_actuals) - active
        if unknown:
            raise DomainError(
                "この事業者の使用中の KPI ではない項目が含まれています。画面を開き直してください。"
            )
        lines: dict[str, int] = {}
        if sales is not None:
            lines.update(net_sales=sales, cost_of_sales=sales - profit)
        if cash is not None:
            lines["cash_and_deposits"] = cash
        cells = {actuals_domain.Cell(month, line): amount for line, amount in lines.items()}
        changed_actuals = [
            c
            for c, a in cells.items()
            if (actual_rows[c.line].amount if c.line in actual_rows else None) != a
        ]
        changed_kpis = {
            k: v for k, v in kpi_actuals.items() if (kpi_rows[k].actual if k in kpi_rows else None) != v
        }
        if changed_actuals or changed_kpis:
            check_month_close(company, [month], correction_reason)
        outcome = actuals_domain.write_actuals(
            company,
            cells,
            by=by,
            expected_versions={
                cell: (actual_rows[cell.line].version if cell.line in actual_rows else None) for cell in cells
            },
            correction_reason=correction_reason,
            source=MonthlyActual.Source.OWNER,
        )
        kpi_changed = 0
        if changed_kpis:
            kpi_changed = kpis_domain.save_kpi_months(
                company,
                by=by,
                months=[month.first_day],
                values={
                    (kpi_id, month.first_day): (
                        kpi_rows[kpi_id].target if kpi_id in kpi_rows else None,
                        actual,
                    )
                    for kpi_id, actual in changed_kpis.items()
                },
                expected_sheet_version=None,
                correction_reason=correction_reason,
            )
        total = outcome.count + kpi_changed
        if total:
            note = (
                "（締めた月の修正）"
                if outcome.corrections or (kpi_changed and closed_months(company, [month]))
                else ""
            )
            log_company_event(
                company,
                code="monitoring.owner_figures.saved",
                message=f"経営者が{month.label}の月次の数字を入力しました（{total}件）{note}。",
                by=by,
                data={
                    "month": str(month),
                    "actuals": outcome.count,
                    "kpis": kpi_changed,
                    "corrections": outcome.corrections,
                    "correction_reason": clean_reason(correction_reason) if note else "",
                },
            )
    return total
