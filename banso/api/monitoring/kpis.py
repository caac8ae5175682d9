"""/api/v1/companies/{company_id}/kpis: KPI管理シート — the company's KPIs (name, unit, direction) and
their monthly target and actual, through banso.monitoring.domain.kpis; achievement, status and trend
come from engines/kpi.py with the organization's thresholds.

The monthly values are a sheet (`kpis/months`): read for a period with the sheet's `version`, saved as
a whole against it (428 without, 409 when someone saved the sheet since) — as on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from banso.api.common import (
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    as_float,
    paginate,
    required_version,
    stamps,
)
from banso.api.monitoring._common import MonthText, company, editable_company, month
from banso.core.pagination import MAX_ID
from banso.monitoring import queries
from banso.monitoring.domain import kpis as domain
from banso.monitoring.domain.table import thresholds_of
from banso.monitoring.engines import kpi as kpi_engine
from banso.monitoring.engines.months import Month, MonthError, fiscal_year_start, months_between
from banso.monitoring.models import Kpi, KpiMonth
from banso.monitoring.models.kpis import KPI_MAX

router = Router(tags=["monitoring"])

Direction = Literal["higher", "lower"]
MAX_SHEET_MONTHS = 36
# A sheet's version is the sum of its cells' versions: 0 while it has none.
SheetVersion = Annotated[int, Field(ge=0, le=MAX_ID)]
KpiValue = Annotated[Decimal, Field(ge=-KPI_MAX, le=KPI_MAX, decimal_places=2, max_digits=14)]


class KpiOut(Schema):
    id: int
    company: int
    name: str
    unit: str
    direction: Direction = Field(description="higher 高いほど良い / lower 低いほど良い")
    order: int
    is_active: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(kpi: Kpi) -> KpiOut:
        return KpiOut(
            id=kpi.pk,
            company=kpi.company_id,
            name=kpi.name,
            unit=kpi.unit,
            direction=kpi.direction,
            order=kpi.order,
            is_active=kpi.is_active,
            **stamps(kpi),
        )


class KpiPage(Page):
    results: list[KpiOut]


class KpiIn(Schema):
    name: str = Field(max_length=100)
    unit: str = Field("", max_length=20)
    direction: Direction = "higher"
    is_active: bool = True


class KpiPatch(Schema):
    name: str | None = Field(None, max_length=100)
    unit: str | None = Field(None, max_length=20)
    direction: Direction | None = None
    order: int | None = Field(None, ge=0, le=100_000)
    is_active: bool | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


class PointOut(Schema):
    month: str
    target: float | None
    actual: float | None
    achievement: float | None = Field(
        description="達成率（1.0 = 100%、方向を考慮）。目標がない・0以下なら null"
    )
    status: Literal["ok", "amber", "red", "none"]


class SheetRowOut(Schema):
    kpi: KpiOut
    months: list[PointOut]
    trend: Literal["improving", "worsening", "flat"] | None = Field(
        description="実績のある直近2か月の比較（方向を考慮）"
    )


class SheetOut(Schema):
    company: int
    from_month: str
    to_month: str
    months: list[str]
    version: int = Field(description="表の版（保存のときに指定します。まだ値がなければ 0）")
    rows: list[SheetRowOut] = Field(description="KPI（並び順）ごとの月次の目標・実績")


class CellIn(Schema):
    kpi: Id
    month: MonthText
    target: KpiValue | None = None
    actual: KpiValue | None = None


class SheetIn(Schema):
    from_: MonthText = Field(alias="from", description="表の最初の月（取得したときの from）")
    to: MonthText = Field(description="表の最後の月（取得したときの to）")
    rows: list[CellIn] = Field(max_length=5000, description="KPI・月ごとの目標と実績（null で空欄）")
    version: SheetVersion | None = Field(None, description="取得したときの表の version。" + VERSION_HELP)
    correction_reason: str = Field(
        "",
        max_length=2000,
        description="発行済みのモニタリング報告書に含まれる月（締めた月）の実績を変更するときの"
        "修正の理由（必須。なければ 400）",
    )


def _period(found, from_: str | None, to: str | None) -> list[Month]:
    """The sheet's months: from…to, by default the fiscal year of last month (as the page)."""
    first, last = month(from_, "from"), month(to, "to")
    end_month = found.fiscal_year_end_month
    try:
        if last is None:
            last = (first + 11) if first is not None else Month.of(dt.date.today()) - 1
        if first is None:
            first = fiscal_year_start(last.fiscal_year(end_month), end_month)
    except MonthError as error:  # a default beyond the calendar the app keeps (1900–9999)
        raise ValidationError({"to" if last is None else "from": str(error)}) from None
    if last < first:
        raise ValidationError({"to": "to は from 以降の月にしてください。"})
    if last - first + 1 > MAX_SHEET_MONTHS:
        raise ValidationError({"to": f"期間は{MAX_SHEET_MONTHS}か月までにしてください。"})
    return months_between(first, last)


def _sheet(found, months: list[Month], *, active_only: bool) -> SheetOut:
    thresholds = thresholds_of(found.organization_id)
    kpis = Kpi.objects.filter(company=found)
    if active_only:
        kpis = kpis.filter(is_active=True)
    kpis = list(kpis.order_by("order", "id"))
    days = [m.first_day for m in months]
    values: dict[int, dict] = {kpi.pk: {} for kpi in kpis}
    for row in KpiMonth.objects.filter(kpi__in=kpis, month__in=days):
        values[row.kpi_id][Month.of(row.month)] = (row.target, row.actual)
    rows = []
    for kpi in kpis:
        points = kpi_engine.kpi_points(
            {m: values[kpi.pk].get(m, (None, None)) for m in months}, kpi.direction, thresholds
        )
        rows.append(
            SheetRowOut(
                kpi=KpiOut.of(kpi),
                months=[
                    PointOut(
                        month=str(p.month),
                        target=as_float(p.target),
                        actual=as_float(p.actual),
                        achievement=as_float(p.achievement),
                        status=p.status,
                    )
                    for p in points
                ],
                trend=kpi_engine.trend(points, kpi.direction),
            )
        )
    return SheetOut(
        company=found.pk,
        from_month=str(months[0]),
        to_month=str(months[-1]),
        months=[str(m) for m in months],
        version=domain.kpi_sheet_version(found, days),
        rows=rows,
    )


@router.get(
    "/companies/{company_id}/kpis",
    response=KpiPage,
    summary="KPI の一覧（並び順）",
    description="active=true で使用中の KPI だけを返します。",
)
def list_kpis(
    request, company_id: Id, active: bool | None = None, page: PageNumber = 1, page_size: PageSize = 100
):
    found = company(request, company_id)
    rows = Kpi.objects.filter(company=found)
    if active is not None:
        rows = rows.filter(is_active=active)
    return paginate(rows.order_by("order", "id"), page, page_size, KpiOut.of)


@router.post("/companies/{company_id}/kpis", response={201: KpiOut}, summary="KPI の追加")
def create_kpi(request, company_id: Id, payload: KpiIn):
    found = editable_company(request, company_id, Kpi)
    kpi = domain.create_kpi(found, by=request.user, **payload.dict())
    return Status(201, KpiOut.of(kpi))


@router.get(
    "/companies/{company_id}/kpis/months",
    response=SheetOut,
    summary="KPI管理シート（月次の目標・実績・達成率・判定と傾向）",
    description="from / to（YYYY-MM、36か月まで）。省略すると先月を含む事業年度です。"
    "include_inactive=true で使用中でない KPI も含めます。",
)
def read_sheet(
    request,
    company_id: Id,
    from_: Annotated[MonthText | None, Query(alias="from")] = None,
    to: MonthText | None = None,
    include_inactive: bool = False,
):
    found = company(request, company_id)
    return _sheet(found, _period(found, from_, to), active_only=not include_inactive)


@router.put(
    "/companies/{company_id}/kpis/months",
    response=SheetOut,
    summary="KPI管理シートの保存（月次の目標・実績）",
    description="from / to は取得したときの期間、version はそのときの表の version です"
    "（なければ 428、他の方が先に保存していれば 409 で、何も保存しません）。"
    "指定したセルだけを書き換えます（null で空欄）。すべて保存するか何も保存しないかのどちらかです。"
    "発行済みの報告書に含まれる月の実績の変更には correction_reason が必要です（なければ 400）。",
)
def save_sheet(request, company_id: Id, payload: SheetIn):
    found = editable_company(request, company_id, Kpi)
    months = _period(found, payload.from_, payload.to)
    expected = required_version(request, payload.version)
    values: dict = {}
    for index, cell in enumerate(payload.rows):
        key = (cell.kpi, month(cell.month, f"rows[{index}].month").first_day)
        if key in values:
            raise HttpError(422, f"rows[{index}]: KPI {cell.kpi} の {cell.month} が2回指定されています。")
        values[key] = (cell.target, cell.actual)
    domain.save_kpi_months(
        found,
        by=request.user,
        months=[m.first_day for m in months],
        values=values,
        expected_sheet_version=expected,
        correction_reason=payload.correction_reason,
    )
    return _sheet(found, months, active_only=False)


@router.get("/companies/{company_id}/kpis/{kpi_id}", response=KpiOut, summary="KPI")
def read_kpi(request, company_id: Id, kpi_id: Id):
    return KpiOut.of(queries.kpi_or_404(request.membership, company(request, company_id), kpi_id))


@router.patch(
    "/companies/{company_id}/kpis/{kpi_id}",
    response=KpiOut,
    summary="KPI の変更（名前・単位・方向・並び順・使用中）",
)
def update_kpi(request, company_id: Id, kpi_id: Id, payload: KpiPatch):
    found = editable_company(request, company_id, Kpi)
    kpi = queries.kpi_or_404(request.membership, found, kpi_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "version"}
    expected = required_version(request, fields.pop("version", None))
    return KpiOut.of(domain.update_kpi(kpi, by=request.user, expected_version=expected, **fields))
