"""月次実績: saving a block of months × input lines (the grid, the API's bulk upsert, an import's commit).

One rule for every writer:
- only input lines (engines/lines.py INPUT_KEYS); computed lines (売上総利益 …) are refused;
- months within ±20 years of today; whole yen with |amount| ≤ MAX_AMOUNT; None clears a cell;
- all or nothing: one refused cell and nothing is written;
- every change of an existing row names the version it was read at (a conflict otherwise);
- a month covered by an ISSUED monitoring report changes only with a correction reason, and each
  changed cell of such a month leaves an ActualCorrection row (the next report discloses it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.records import log_company_event, save_audited
from banso.monitoring.domain.month_close import check_month_close, clean_reason, closed_message, closed_months
from banso.monitoring.engines.lines import COMPUTED_KEYS, INPUT_KEYS, LINES_BY_KEY, MAX_AMOUNT
from banso.monitoring.engines.months import Month, MonthError, to_month
from banso.monitoring.models import ActualCorrection, MonitoringReport, MonthlyActual

MAX_YEARS_AWAY = 20

CONFLICT_MESSAGE = (
    "次のセルは、表示した後に他の方が更新しました。上書きを防ぐため何も保存していません。"
    "最新の内容を確認してから、もう一度入力してください: {cells}"
)
VERSION_REQUIRED_MESSAGE = (
    "登録済みの実績を変更するときは、表示した時点の版（version）を指定してください: {cells}"
)


class VersionRequired(DomainError):
    """A change of an existing row without its version (the API answers 428)."""


@dataclass(frozen=True)
class Cell:
    month: Month
    line: str

    @property
    def label(self) -> str:
        return f"{self.month.label} {LINES_BY_KEY[self.line].label}"


@dataclass
class SaveOutcome:
    """What save_actuals wrote: the cells created, changed and cleared, the corrections recorded."""

    created: list[Cell] = field(default_factory=list)
    changed: list[Cell] = field(default_factory=list)
    cleared: list[Cell] = field(default_factory=list)
    corrections: int = 0

    @property
    def count(self) -> int:
        return len(self.created) + len(self.changed) + len(self.cleared)

    @property
    def months(self) -> list[Month]:
        return sorted({c.month for c in self.created + self.changed + self.cleared})


def month_bounds(today: dt.date | None = None) -> tuple[Month, Month]:
    """The earliest and latest month accepted: 20 years either side of this month."""
    this = Month.of(today or timezone.localdate())
    return this - 12 * MAX_YEARS_AWAY, this + 12 * MAX_YEARS_AWAY


def _month(value) -> Month:
    try:
        month = to_month(value)
    except MonthError as exc:
        raise DomainError(str(exc)) from None
    low, high = month_bounds()
    if not (low <= month <= high):
        raise DomainError(f"{month.label}は入力できる範囲（{low.label}〜{high.label}）の外です。")
    return month


def _line(key) -> str:
    if key in COMPUTED_KEYS:
        raise DomainError(
            f"「{LINES_BY_KEY[key].label}」は他の科目から計算する行なので、実績として入力できません。"
        )
    if key not in INPUT_KEYS:
        raise DomainError(f"「{key}」は実績の科目ではありません。")
    return key


def _amount(value, cell: Cell) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise DomainError(f"{cell.label}: 金額は円単位の数値で指定してください。")
    number = Decimal(value)
    if not number.is_finite() or number != number.to_integral_value():
        raise DomainError(f"{cell.label}: 金額は1円単位で入力してください（{number}）。")
    if abs(number) > MAX_AMOUNT:
        raise DomainError(f"{cell.label}: 金額が大きすぎます。円単位の数字をご確認ください。")
    return int(number)


def normalize_amounts(amounts: Mapping) -> dict[Cell, int | None]:
    """{month: {line: yen or None}} (months as Month, date or 'YYYY-MM') → {Cell: yen or None},
    checked (DomainError naming the cell)."""
    cells: dict[Cell, int | None] = {}
    for month_value, lines in amounts.items():
        month = _month(month_value)
        for key, value in lines.items():
            cell = Cell(month, _line(key))
            if cell in cells:
                raise DomainError(f"{cell.label}が2回指定されています。")
            cells[cell] = _amount(value, cell)
    return cells


def _normalize_versions(expected_versions: Mapping | None) -> dict[Cell, int | None]:
    result: dict[Cell, int | None] = {}
    for key, version in (expected_versions or {}).items():
        month_value, line = key
        try:
            result[Cell(to_month(month_value), line)] = version
        except MonthError:
            continue
    return result


def issued_reports_covering(company, months) -> dict[Month, MonitoringReport]:
    """For each of `months` covered by an issued report of `company`: the latest such report
    (the month-close rule, domain/month_close.py)."""
    return closed_months(company, months)


def locked_month_message(month: Month, report: MonitoringReport) -> str:
    return closed_message(month, report)


def _lock_company(company) -> None:
    type(company).objects.select_for_update().filter(pk=company.pk).values_list("pk", flat=True).first()


def write_actuals(
    company,
    cells: Mapping[Cell, int | None],
    *,
    by,
    expected_versions: Mapping[Cell, int | None] | None,
    correction_reason: str,
    source: str,
    accounting_import=None,
) -> SaveOutcome:
    """The write itself (inside the caller's transaction, company locked). `expected_versions` None:
    no version check (an import commit, which overwrites by design); else every change of an existing
    row needs its version there (a row the caller saw as absent: None)."""
    outcome = SaveOutcome()
    if not cells:
        return outcome
    months = {cell.month for cell in cells}
    existing = {
        Cell(Month.of(row.month), row.line): row
        for row in MonthlyActual.objects.select_for_update().filter(
            company=company, month__in=[m.first_day for m in months]
        )
    }
    changes: list[tuple[Cell, MonthlyActual | None, int | None]] = []
    for cell, amount in sorted(cells.items(), key=lambda item: (item[0].month, item[0].line)):
        row = existing.get(cell)
        if (row is None and amount is None) or (row is not None and row.amount == amount):
            continue
        changes.append((cell, row, amount))
    if expected_versions is not None:
        missing = [c for c, row, _ in changes if row is not None and c not in expected_versions]
        if missing:
            raise VersionRequired(VERSION_REQUIRED_MESSAGE.format(cells="、".join(c.label for c in missing)))
        stale = [
            c
            for c, row, _ in changes
            if (row.version if row is not None else None) != expected_versions.get(c)
        ]
        if stale:
            raise ConflictError(CONFLICT_MESSAGE.format(cells="、".join(c.label for c in stale)))
    covering = check_month_close(company, {c.month for c, _, _ in changes}, correction_reason)
    reason = clean_reason(correction_reason)
    for cell, row, amount in changes:
        old = row.amount if row is not None else None
        if row is None:
            row = MonthlyActual(
                company=company,
                month=cell.month.first_day,
                line=cell.line,
                amount=amount,
                source=source,
                accounting_import=accounting_import,
            )
            save_audited(row, by=by)
            outcome.created.append(cell)
        elif amount is None:
            row._history_user = by
            row.delete()
            outcome.cleared.append(cell)
        else:
            row.amount = amount
            row.source = source
            row.accounting_import = accounting_import
            save_audited(row, by=by, bump_version=True)
            outcome.changed.append(cell)
        if cell.month in covering:
            ActualCorrection.objects.create(
                company=company,
                month=cell.month.first_day,
                line=cell.line,
                old_amount=old,
                new_amount=amount,
                reason=reason,
                by=by,
            )
            outcome.corrections += 1
    return outcome


def period_label(months) -> str:
    months = sorted(months)
    if not months:
        return ""
    return months[0].label if len(months) == 1 else f"{months[0].label}〜{months[-1].label}"


def save_actuals(
    company,
    *,
    by,
    amounts: Mapping,
    expected_versions: Mapping | None,
    correction_reason: str = "",
    source: str = MonthlyActual.Source.MANUAL,
) -> SaveOutcome:
    """Create, change or clear monthly actuals typed by hand (the grid, the API's bulk upsert).

    `amounts`: {month (Month, date or 'YYYY-MM'): {input line key: whole yen (int/Decimal) or None}};
    a cell equal to what is stored is left alone. `expected_versions`: {(month, line): version or None
    (the caller saw no row)} — every change of an existing row must name its version
    (VersionRequired otherwise), and a version that moved is a ConflictError naming the cells.
    `correction_reason`: required when a changed month is covered by an issued report.

    `source`: manual (the supporter's grid, the API) or owner (the owner's phone form).

    All or nothing. Side effects: MonthlyActual rows (with `source`) with their history; one
    ActualCorrection per changed cell of a reported month; a `monitoring.actuals.saved` activity entry
    when anything changed.
    """
    cells = normalize_amounts(amounts)
    versions = _normalize_versions(expected_versions) if expected_versions is not None else {}
    with transaction.atomic():
        _lock_company(company)
        outcome = write_actuals(
            company,
            cells,
            by=by,
            expected_versions=versions,
            correction_reason=correction_reason,
            source=source,
        )
        if outcome.count:
            note = f"（修正{outcome.corrections}件）" if outcome.corrections else ""
            log_company_event(
                company,
                code="monitoring.actuals.saved",
                message=f"{period_label(outcome.months)}の月次実績を保存しました（{outcome.count}件）{note}。",
                by=by,
                data={
                    "months": [str(m) for m in outcome.months],
                    "created": len(outcome.created),
                    "changed": len(outcome.changed),
                    "cleared": len(outcome.cleared),
                    "corrections": outcome.corrections,
                    "correction_reason": (correction_reason or "").strip() if outcome.corrections else "",
                },
            )
    return outcome
