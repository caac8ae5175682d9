"""売上構成比・粗利管理表: a company's sales segments (product, customer or channel) and their monthly
plan and actual sales and gross profit, saved together from the table's grid.

Rules: a segment has a name unique within its kind. Amounts are yen within ±MAX_AMOUNT. The grid is
saved against the version it was opened at (sheet_version of its rows; ConflictError when stale); rows
are never deleted (a blanked cell stores None). Shares, margins and the reconciliation with 売上高 are
computed by engines/segments.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.domain._common import (
    next_order,
    refuse_unknown_fields,
    require_text,
    save_changed_fields,
    sheet_version,
)
from banso.monitoring.engines.lines import MAX_AMOUNT
from banso.monitoring.models import MonthlyActual, SalesSegment, SegmentMonth

EDITABLE_FIELDS = ("name", "kind", "order")
FIGURES = ("plan_sales", "plan_gross_profit", "actual_sales", "actual_gross_profit")
FIGURE_LABELS = {
    "plan_sales": "計画売上高",
    "plan_gross_profit": "計画粗利",
    "actual_sales": "実績売上高",
    "actual_gross_profit": "実績粗利",
}
NAME_REQUIRED_MESSAGE = "区分名を入力してください（例: 主力製品A、既存顧客、EC）。"
DUPLICATE_NAME_MESSAGE = "同じ種類に同じ名前の区分がすでにあります。"


def _check(company, name: str, kind: str, *, exclude_pk: int | None = None) -> str:
    name = require_text(name, "name", NAME_REQUIRED_MESSAGE)
    if kind not in SalesSegment.Kind.values:
        raise ValidationError({"kind": "区分の種類を一覧から選んでください。"})
    same = SalesSegment.objects.filter(company=company, kind=kind, name=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": DUPLICATE_NAME_MESSAGE})
    return name


def create_segment(company, *, by, name: str, kind: str = SalesSegment.Kind.PRODUCT) -> SalesSegment:
    """Add a segment (last of its kind). Side effects: the row with history and a
    `monitoring.segment.created` entry. ValidationError for an empty or duplicate name, unknown kind."""
    name = _check(company, name, kind)
    with transaction.atomic():
        order = next_order(SalesSegment.objects.filter(company=company, kind=kind))
        segment = SalesSegment(company=company, name=name, kind=kind, order=order)
        save_audited(segment, by=by)
        log_company_event(
            company,
            code="monitoring.segment.created",
            message=f"売上区分「{segment.name}」を追加しました。",
            by=by,
            data={"segment_id": segment.pk},
        )
    return segment


def update_segment(segment: SalesSegment, *, by, expected_version: int | None, **changes) -> SalesSegment:
    """Rename, re-kind or reorder a segment. ConflictError when stale. Side effects: version + 1,
    history and a `monitoring.segment.updated` entry, only when something changed."""
    refuse_unknown_fields(changes, EDITABLE_FIELDS)
    with transaction.atomic():
        current = locked(SalesSegment, segment.pk, expected_version)
        if "name" in changes or "kind" in changes:
            changes["name"] = _check(
                current.company,
                changes.get("name", current.name),
                changes.get("kind", current.kind),
                exclude_pk=current.pk,
            )
        save_changed_fields(
            current,
            changes,
            by=by,
            code="monitoring.segment.updated",
            message=lambda segment: f"売上区分「{segment.name}」を更新しました。",
            id_key="segment_id",
        )
    return current


def segment_sheet_rows(company, months: list[dt.date]):
    return SegmentMonth.objects.filter(segment__company=company, month__in=months)


def segment_sheet_version(company, months: list[dt.date]) -> int:
    return sheet_version(segment_sheet_rows(company, months))


def write_segment_month(
    row: SegmentMonth | None, *, segment: SalesSegment, month: dt.date, figures: Mapping[str, int | None], by
) -> SegmentMonth | None:
    """Write a segment's month: a new row with `figures` when there is none (`row` None), else only the
    figures that differ from the stored row (version + 1). History either way. Returns the row
    written, None when nothing differed."""
    if row is None:
        row = SegmentMonth(segment=segment, month=month, **figures)
        save_audited(row, by=by)
        return row
    diff = {name: amount for name, amount in figures.items() if getattr(row, name) != amount}
    if not diff:
        return None
    for name, amount in diff.items():
        setattr(row, name, amount)
    save_audited(row, by=by, bump_version=True)
    return row


def save_segment_months(
    company,
    *,
    by,
    months: list[dt.date],
    values: Mapping[tuple[int, dt.date], Mapping[str, int | None]],
    expected_sheet_version: int | None,
) -> int:
    """Save the sales-mix grid for `months`: `values` maps (segment id, month) → {figure: yen or None}
    (figures: FIGURES; a figure left out keeps its value).

    All or nothing. ConflictError when the grid changed since `expected_sheet_version`; DomainError for
    a foreign segment, a month outside `months` or an unknown figure; ValidationError naming segment,
    month and figure for an amount beyond ±MAX_AMOUNT. Returns how many rows changed; when any did, one
    `monitoring.segments.saved` activity entry.
    """
    months = [m.replace(day=1) for m in months]
    segments = {s.pk: s for s in SalesSegment.objects.filter(company=company)}
    for (segment_id, month), figures in values.items():
        if segment_id not in segments:
            raise DomainError("この事業者の売上区分ではない行が含まれています。画面を開き直してください。")
        if month not in months:
            raise DomainError(f"{month:%Y-%m} はこの表の月ではありません。")
        unknown = set(figures) - set(FIGURES)
        if unknown:
            raise DomainError(f"売上構成表にない項目が含まれています: {', '.join(sorted(unknown))}")
        for name, amount in figures.items():
            if amount is not None and abs(amount) > MAX_AMOUNT:
                raise ValidationError(
                    f"「{segments[segment_id].name}」{month.year}年{month.month}月の"
                    f"{FIGURE_LABELS[name]}: 金額が大きすぎます。"
                )
    changed = 0
    with transaction.atomic():
        rows = list(segment_sheet_rows(company, months).select_for_update())
        if expected_sheet_version is not None and sum(r.version for r in rows) != expected_sheet_version:
            raise ConflictError(STALE_EDIT_MESSAGE)
        existing = {(row.segment_id, row.month): row for row in rows}
        for (segment_id, month), figures in sorted(values.items()):
            row = existing.get((segment_id, month))
            if row is None and all(amount is None for amount in figures.values()):
                continue
            if write_segment_month(row, segment=segments[segment_id], month=month, figures=figures, by=by):
                changed += 1
        if changed:
            log_company_event(
                company,
                code="monitoring.segments.saved",
                message=f"売上構成比・粗利管理表を保存しました（{changed}件の月次行）。",
                by=by,
                data={"months": [f"{m:%Y-%m}" for m in months], "changed": changed},
            )
    return changed


def actual_ledger(company, days: list[dt.date]) -> dict:
    """What the sales mix is reconciled with (engines/segments.py `ledger`): 売上高 and 売上総利益
    (売上高 − 売上原価, when both are entered) of the monthly actuals for `days`."""
    lines: dict[str, dict] = defaultdict(dict)
    for row in MonthlyActual.objects.filter(
        company=company, month__in=days, line__in=("net_sales", "cost_of_sales")
    ).values("month", "line", "amount"):
        lines[row["line"]][row["month"]] = Decimal(row["amount"])
    sales, cost = lines.get("net_sales", {}), lines.get("cost_of_sales", {})
    gross = {day: sales[day] - cost[day] for day in sales if day in cost}
    ledger = {}
    if sales:
        ledger[("actual", "net_sales")] = sales
    if gross:
        ledger[("actual", "gross_profit")] = gross
    return ledger
