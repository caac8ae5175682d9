"""KPI管理シート: a company's KPIs (behaviour and leading indicators) and their monthly target and
actual, saved together from the sheet's grid.

Rules: a KPI has a name unique in the company, a unit and a direction (higher / lower is better);
inactive KPIs keep their months but leave the sheet. Monthly values are Decimal (2 places), within
±KPI_MAX. The grid is saved as a whole against the version it was opened at (sheet_version of its
rows): a grid opened before a colleague's save is refused (ConflictError), never merged silently.
Rows are never deleted: a blanked cell stores None (so the history shows it). Achievement and trend
are computed by engines/kpi.py, not here.

Signs: a target is never negative (a goal below zero has no achievement rate and is always a typo of
△ or -). An actual may be negative unless the KPI counts or measures time (unit 件, 人, 回, 時間, 日 …:
NON_NEGATIVE_UNITS) — a change, a profit in 円 or a rate in % can fall below zero, a number of visits
cannot. A KPI without a unit is not judged. The messages name the KPI and the month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.core.text import nfkc
from banso.monitoring.domain._common import (
    clean_text,
    next_order,
    refuse_unknown_fields,
    require_text,
    save_changed_fields,
    sheet_version,
)
from banso.monitoring.domain.month_close import check_month_close, clean_reason
from banso.monitoring.models import Kpi, KpiMonth
from banso.monitoring.models.kpis import KPI_MAX

EDITABLE_FIELDS = ("name", "unit", "direction", "order", "is_active")
NAME_REQUIRED_MESSAGE = "KPI の名前を入力してください（例: 訪問件数）。"
DUPLICATE_NAME_MESSAGE = "同じ名前の KPI がすでにあります。"


def _check_name(company, name: str, *, exclude_pk: int | None = None) -> str:
    name = require_text(name, "name", NAME_REQUIRED_MESSAGE)
    same = Kpi.objects.filter(company=company, name=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": DUPLICATE_NAME_MESSAGE})
    return name


def _check_direction(direction: str) -> None:
    if direction not in Kpi.Direction.values:
        raise ValidationError({"direction": "方向は「高いほど良い」「低いほど良い」から選んでください。"})


def create_kpi(
    company, *, by, name: str, unit: str = "", direction: str = Kpi.Direction.HIGHER, is_active: bool = True
) -> Kpi:
    """Add a KPI (last on the sheet). Side effects: the Kpi row with history and a
    `monitoring.kpi.created` entry. ValidationError for an empty or duplicate name, an unknown direction."""
    name = _check_name(company, name)
    _check_direction(direction)
    with transaction.atomic():
        kpi = Kpi(
            company=company,
            name=name,
            unit=clean_text(unit),
            direction=direction,
            is_active=is_active,
            order=next_order(Kpi.objects.filter(company=company)),
        )
        save_audited(kpi, by=by)
        log_company_event(
            company,
            code="monitoring.kpi.created",
            message=f"KPI「{kpi.name}」を追加しました。",
            by=by,
            data={"kpi_id": kpi.pk},
        )
    return kpi


def update_kpi(kpi: Kpi, *, by, expected_version: int | None, **changes) -> Kpi:
    """Change a KPI's definition (EDITABLE_FIELDS). ConflictError when stale. Side effects: version + 1,
    history and a `monitoring.kpi.updated` entry, only when something changed."""
    refuse_unknown_fields(changes, EDITABLE_FIELDS)
    if "unit" in changes:
        changes["unit"] = clean_text(changes["unit"])
    if "direction" in changes:
        _check_direction(changes["direction"])
    with transaction.atomic():
        current = locked(Kpi, kpi.pk, expected_version)
        if "name" in changes:
            changes["name"] = _check_name(current.company, changes["name"], exclude_pk=current.pk)
        save_changed_fields(
            current,
            changes,
            by=by,
            code="monitoring.kpi.updated",
            message=lambda kpi: f"KPI「{kpi.name}」の設定を更新しました。",
            id_key="kpi_id",
        )
    return current


def kpi_sheet_rows(company, months: list[dt.date]):
    """The KpiMonth rows of the company's KPIs in `months` (what one grid shows and saves)."""
    return KpiMonth.objects.filter(kpi__company=company, month__in=months)


def kpi_sheet_version(company, months: list[dt.date]) -> int:
    return sheet_version(kpi_sheet_rows(company, months))


# Units of a count or a duration: an actual below zero is refused for these (module docstring).
NON_NEGATIVE_UNITS = frozenset(
    {
        "件", "人", "名", "回", "社", "個", "台", "本", "枚", "冊", "店", "店舗", "組", "口", "箇所",
        "人日", "人時", "時間", "時", "分", "秒", "日", "週", "週間", "か月", "カ月", "ヶ月", "年",
    }
)  # fmt: skip


def negative_actual_allowed(unit: str) -> bool:
    """Whether an actual below zero makes sense for a KPI with this unit (module docstring)."""
    return nfkc(unit or "").strip() not in NON_NEGATIVE_UNITS


def kpi_value_problems(
    kpi: Kpi, month: dt.date, target: Decimal | None, actual: Decimal | None
) -> list[tuple[str, str]]:
    """[("target" | "actual", Japanese message naming the KPI and the month)] for one month's values."""
    where = f"「{kpi.name}」{month.year}年{month.month}月"
    problems = []
    for value, column, what in ((target, "target", "目標"), (actual, "actual", "実績")):
        if value is None:
            continue
        if abs(value) > KPI_MAX or value != value.quantize(Decimal("0.01")):
            problems.append(
                (column, f"{where}の{what}: 小数第2位までの、±{KPI_MAX:,.0f}以内の数値で入力してください。")
            )
    if target is not None and target < 0:
        problems.append(
            ("target", f"{where}の目標: 目標にマイナスは入力できません。0以上の数値で入力してください。")
        )
    if actual is not None and actual < 0 and not negative_actual_allowed(kpi.unit):
        problems.append(
            (
                "actual",
                f"{where}の実績: 単位が「{kpi.unit}」の実績にマイナスは入力できません。"
                "0以上の数値で入力してください。",
            )
        )
    return problems


def save_kpi_months(
    company,
    *,
    by,
    months: list[dt.date],
    values: Mapping[tuple[int, dt.date], tuple[Decimal | None, Decimal | None]],
    expected_sheet_version: int | None,
    correction_reason: str = "",
) -> int:
    """Save the KPI sheet's grid for `months`: `values` maps (kpi id, month) → (target, actual).

    All or nothing. ConflictError when the grid's rows changed since `expected_sheet_version` (None:
    no check); DomainError for a KPI that is not the company's or a month outside `months`;
    ValidationError naming the KPI and month of every value out of range or of a sign refused (module
    docstring). Only cells that differ are
    written (created or version + 1, with history). An actual changed in a month behind an issued
    report needs `correction_reason` (the month-close rule, domain/month_close.py: MonthClosed
    otherwise); the reason goes into the activity entry. Returns how many rows changed; when any
    did, one `monitoring.kpis.saved` activity entry.
    """
    months = [m.replace(day=1) for m in months]
    kpis = {kpi.pk: kpi for kpi in Kpi.objects.filter(company=company)}
    problems: list[str] = []
    for (kpi_id, month), (target, actual) in sorted(values.items()):
        if kpi_id not in kpis:
            raise DomainError("この事業者の KPI ではない行が含まれています。画面を開き直してください。")
        if month not in months:
            raise DomainError(f"{month:%Y-%m} はこの表の月ではありません。")
        problems.extend(message for _, message in kpi_value_problems(kpis[kpi_id], month, target, actual))
    if problems:
        raise ValidationError(problems)
    changed = 0
    with transaction.atomic():
        rows = list(kpi_sheet_rows(company, months).select_for_update())
        if expected_sheet_version is not None and sum(r.version for r in rows) != expected_sheet_version:
            raise ConflictError(STALE_EDIT_MESSAGE)
        existing = {(row.kpi_id, row.month): row for row in rows}
        actual_months = {
            month
            for (kpi_id, month), (_, actual) in values.items()
            if actual != (existing[(kpi_id, month)].actual if (kpi_id, month) in existing else None)
        }
        corrected = check_month_close(company, actual_months, correction_reason)
        for (kpi_id, month), (target, actual) in sorted(values.items()):
            row = existing.get((kpi_id, month))
            if row is None:
                if target is None and actual is None:
                    continue
                row = KpiMonth(kpi=kpis[kpi_id], month=month, target=target, actual=actual)
                save_audited(row, by=by)
            elif (row.target, row.actual) != (target, actual):
                row.target, row.actual = target, actual
                save_audited(row, by=by, bump_version=True)
            else:
                continue
            changed += 1
        if changed:
            log_company_event(
                company,
                code="monitoring.kpis.saved",
                message=f"KPI管理シートを保存しました（{changed}件の月次値）。",
                by=by,
                data={
                    "months": [f"{m:%Y-%m}" for m in months],
                    "changed": changed,
                    "corrected_months": [str(m) for m in sorted(corrected)],
                    "correction_reason": clean_reason(correction_reason) if corrected else "",
                },
            )
    return changed
