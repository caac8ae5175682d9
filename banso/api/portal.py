"""The owner portal's API (事業者ポータル): the company side's own actions and the owner's monthly
figures. The same registry (banso.core.portal) and domain functions as the portal's pages, so the
same rules hold: support-side members and outsiders get 404 for every route; an employee sees only
the actions assigned to them and never the figures (404); every change names its version (428
without it, 409 when stale, nothing written); a closed month needs `correction_reason` (400)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Annotated, get_type_hints

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import create_model

from banso.api.common import (
    NOT_FOUND_RESPONSE,
    VERSION_REQUIRED_MESSAGE,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    Yen,
    paginate,
    required_version,
)
from banso.core import portal as registry
from banso.portal.permissions import ensure_company_side

router = Router(tags=["事業者ポータル"])

MAX_TEXT = 4000
MonthText = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
KpiValue = Annotated[Decimal, Field(ge=Decimal("-999999999999.99"), le=Decimal("999999999999.99"))]


def _schema_of(name: str, record, **fields) -> type[Schema]:
    """An answer schema with the fields of a record of banso.core.portal (what the portal's pages show),
    in their order; `fields` gives some of them again (a description, a nested schema)."""
    hints = get_type_hints(record)
    own = {f.name: (hints[f.name], ...) for f in dataclasses.fields(record)}
    return create_model(name, __base__=Schema, **{**own, **fields})


PortalReviewOut = _schema_of(
    "PortalReviewOut",
    registry.PortalReview,
    by_company=(bool, Field(description="事業者（経営者・従業員）の記入なら true")),
)
PortalActionOut = _schema_of("PortalActionOut", registry.PortalAction, reviews=(list[PortalReviewOut], ...))


def _action_out(action: registry.PortalAction) -> PortalActionOut:
    return PortalActionOut(
        **{name: getattr(action, name) for name in PortalActionOut.model_fields if name != "reviews"},
        reviews=[PortalReviewOut(**vars(r)) for r in action.reviews],
    )


class ActionEntryIn(Schema):
    status: str = Field(max_length=20, description="状況（not_started / in_progress / done / revising …）")
    result: str = Field("", max_length=MAX_TEXT, description="やったこと・結果")
    learning: str = Field("", max_length=MAX_TEXT, description="気づいたこと・学び")
    next_step: str = Field("", max_length=MAX_TEXT, description="次の一歩")
    version: Version | None = Field(None, description="取得したときのアクションの version（なければ 428）")


KpiValueOut = _schema_of("KpiValueOut", registry.PortalKpiValue)


class OwnerFiguresOut(Schema):
    month: str
    month_label: str
    net_sales: int | None = Field(description="売上高（円）")
    gross_profit: int | None = Field(
        description="売上総利益（円）。売上原価は 売上高 − 売上総利益 で記録します"
    )
    cash_and_deposits: int | None = Field(description="月末の現預金残高（円）")
    kpis: list[KpiValueOut]
    version: str = Field(description="この月の版。保存するときにそのまま送ってください")
    closed: bool = Field(
        description="発行済みの報告書の対象月（締めた月）なら true。変更には correction_reason が必要"
    )
    closed_message: str
    entered_by_owner: bool

    @staticmethod
    def of(figures) -> OwnerFiguresOut:
        return OwnerFiguresOut(
            month=figures.month,
            month_label=figures.month_label,
            net_sales=figures.net_sales,
            gross_profit=figures.gross_profit,
            cash_and_deposits=figures.cash_and_deposits,
            kpis=[KpiValueOut(**vars(k)) for k in figures.kpis],
            version=figures.version,
            closed=bool(figures.closed_message),
            closed_message=figures.closed_message,
            entered_by_owner=figures.entered_by_owner,
        )


class KpiActualIn(Schema):
    kpi: Id
    actual: KpiValue | None = Field(None, description="実績（null は変更しない）")


class OwnerFiguresIn(Schema):
    month: MonthText
    net_sales: Yen | None = Field(
        None, description="売上高（円）。売上総利益と両方指定します。null は変更しない"
    )
    gross_profit: Yen | None = Field(None, description="売上総利益（円）")
    cash_and_deposits: Yen | None = Field(None, description="月末の現預金残高（円）")
    kpis: list[KpiActualIn] = Field(default_factory=list, max_length=200)
    correction_reason: str = Field("", max_length=2000, description="締めた月を変更するときの修正の理由")
    version: str | None = Field(None, max_length=4000, description="取得したときの version（なければ 428）")


def _company_side(request):
    ensure_company_side(request.membership)
    return request.membership


class PortalActionPage(Page):
    results: list[PortalActionOut]


@router.get(
    "/portal/actions",
    response=PortalActionPage,
    summary="自分のアクション（共有されたもの。期限順）",
    openapi_extra={"responses": {"404": NOT_FOUND_RESPONSE}},  # the support side: not a portal user
)
def my_actions(request, page: PageNumber = 1, page_size: PageSize = 100):
    return paginate(registry.actions(_company_side(request)), page, page_size, _action_out)


@router.get("/portal/actions/{action_id}", response=PortalActionOut, summary="アクションとその振り返り")
def my_action(request, action_id: Id):
    return _action_out(registry.action(_company_side(request), action_id))


@router.patch(
    "/portal/actions/{action_id}",
    response=PortalActionOut,
    summary="アクションの進み具合を記録する（事業者の記入として PDCA 履歴に残ります）",
)
def update_my_action(request, action_id: Id, payload: ActionEntryIn):
    membership = _company_side(request)
    registry.action(membership, action_id)  # 404 before anything else
    version = required_version(request, payload.version)
    if payload.status not in {value for value, _ in registry.status_choices()}:
        raise HttpError(422, "状況は一覧の値で指定してください。")
    registry.review_action(
        membership,
        action_id,
        expected_version=version,
        status=payload.status,
        result=payload.result,
        learning=payload.learning,
        next_step=payload.next_step,
    )
    return _action_out(registry.action(membership, action_id))


@router.get(
    "/portal/figures",
    response=OwnerFiguresOut,
    summary="月次の数字（経営者のみ）",
    description="month（YYYY-MM、省略で今月。今月から12か月前まで）。従業員・支援者側は 404。",
    openapi_extra={"responses": {"404": NOT_FOUND_RESPONSE}},
)
def my_figures(request, month: Annotated[MonthText | None, Query()] = None):
    return OwnerFiguresOut.of(registry.figures(_company_side(request), month))


@router.put(
    "/portal/figures",
    response=OwnerFiguresOut,
    summary="月次の数字を記録する（経営者のみ）",
    description="version は取得したときの値（なければ 428、他の方が先に保存していれば 409）。"
    "売上高と売上総利益は両方指定します（片方だけは 422）。発行済みの報告書の対象月は "
    "correction_reason が必要です（なければ 400）。すべて保存するか何も保存しないかのどちらかです。",
)
def save_my_figures(request, payload: OwnerFiguresIn):
    membership = _company_side(request)
    current = registry.figures(membership, payload.month)  # 404 for an employee or a month out of range
    version = payload.version or (request.headers.get("If-Match") or "").strip().strip('"') or None
    if not version:
        raise HttpError(428, VERSION_REQUIRED_MESSAGE)
    registry.save_figures(
        membership,
        current.month,
        expected_version=version,
        net_sales=payload.net_sales,
        gross_profit=payload.gross_profit,
        cash_and_deposits=payload.cash_and_deposits,
        kpi_actuals={row.kpi: row.actual for row in payload.kpis},
        correction_reason=payload.correction_reason,
    )
    return OwnerFiguresOut.of(registry.figures(membership, current.month))
