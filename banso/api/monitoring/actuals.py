"""/api/v1/companies/{company_id}/actuals: 月次実績, read by month range and saved in bulk by month and
line (banso.monitoring.domain.actuals.save_actuals: all or nothing, versions, corrections)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from banso.api.common import Id, Page, PageNumber, PageSize, Version, Yen, paginate
from banso.api.monitoring._common import InputLineKey, MonthText, company, editable_company, month, month_text
from banso.monitoring.domain import actuals as actual_domain
from banso.monitoring.models import MonthlyActual

router = Router(tags=["monitoring"])

MAX_ROWS = 5000
ROW_VERSION_HELP = (
    "登録済みの実績を変更・削除するときは、取得時の version を必ず指定してください"
    "（なければ 428、古ければ 409）。"
    "まだない実績として入力するときは null を指定するか省略します。"
)


class ActualOut(Schema):
    month: str
    line: str
    amount: int = Field(description="円")
    source: Literal["manual", "import"]
    accounting_import: int | None
    version: int
    updated_at: dt.datetime

    @staticmethod
    def of(row: MonthlyActual) -> ActualOut:
        return ActualOut(
            month=month_text(row.month),
            line=row.line,
            amount=row.amount,
            source=row.source,
            accounting_import=row.accounting_import_id,
            version=row.version,
            updated_at=row.updated_at,
        )


class ActualPage(Page):
    results: list[ActualOut]


class ActualIn(Schema):
    month: MonthText
    line: InputLineKey = Field(description="入力する科目（計算する行は指定できません）")
    amount: Yen | None = Field(description="円。null でその月・科目の実績を削除します")
    version: Version | None = Field(None, description=ROW_VERSION_HELP)


class ActualsIn(Schema):
    rows: list[ActualIn] = Field(max_length=MAX_ROWS, description=f"月・科目ごとの実績（{MAX_ROWS}件まで）")
    correction_reason: str = Field(
        "", max_length=2000, description="発行済みの報告書に含まれる月を変更するときの修正の理由（必須）"
    )


class SavedOut(Schema):
    months: list[str] = Field(description="変更があった月")
    created: int
    changed: int
    cleared: int
    corrections: int = Field(description="発行済みの報告書に含まれる月の修正件数（次の報告書で開示）")
    rows: list[ActualOut] = Field(description="変更があった月の実績（保存後）")


def _rows(found, first=None, last=None):
    rows = MonthlyActual.objects.filter(company=found)
    if first is not None:
        rows = rows.filter(month__gte=first.first_day)
    if last is not None:
        rows = rows.filter(month__lte=last.first_day)
    return rows.order_by("month", "line")


@router.get(
    "/companies/{company_id}/actuals",
    response=ActualPage,
    summary="月次実績（月・科目順）",
    description="from / to（YYYY-MM、両端を含む）で期間を絞れます。",
)
def list_actuals(
    request,
    company_id: Id,
    from_: Annotated[MonthText | None, Query(alias="from")] = None,
    to: MonthText | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 200,
):
    found = company(request, company_id)
    return paginate(_rows(found, month(from_, "from"), month(to, "to")), page, page_size, ActualOut.of)


@router.put(
    "/companies/{company_id}/actuals",
    response=SavedOut,
    summary="月次実績の一括保存（月・科目ごとの登録・変更・削除）",
    description="すべて保存するか、何も保存しないかのどちらかです。"
    "登録済みの実績を変更する行は、その行の version を指定してください"
    "（なければ 428、古ければ 409 で、該当の月と科目を示します）。"
    "発行済みのモニタリング報告書に含まれる月の変更には correction_reason が必要です（なければ 400）。",
)
def save_actuals(request, company_id: Id, payload: ActualsIn):
    found = editable_company(request, company_id, MonthlyActual)
    amounts: dict = {}
    versions: dict = {}
    for index, row in enumerate(payload.rows):
        cells = amounts.setdefault(row.month, {})
        if row.line in cells:
            raise HttpError(422, f"rows[{index}]: {row.month} の {row.line} が2回指定されています。")
        cells[row.line] = row.amount
        if "version" in row.model_fields_set:
            versions[(row.month, row.line)] = row.version
    try:
        outcome = actual_domain.save_actuals(
            found,
            by=request.user,
            amounts=amounts,
            expected_versions=versions,
            correction_reason=payload.correction_reason,
        )
    except actual_domain.VersionRequired as error:
        raise HttpError(428, error.message) from None
    months = outcome.months
    rows = MonthlyActual.objects.filter(company=found, month__in=[m.first_day for m in months])
    return SavedOut(
        months=[str(m) for m in months],
        created=len(outcome.created),
        changed=len(outcome.changed),
        cleared=len(outcome.cleared),
        corrections=outcome.corrections,
        rows=[ActualOut.of(r) for r in rows.order_by("month", "line")],
    )
