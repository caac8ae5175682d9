"""/api/v1/companies/{company_id}/plans: 経営改善計画, its versions (計画の修正 makes a new one), the
yearly amounts with their monthly spread, and the measures (施策).

Same domain functions (banso.monitoring.domain.plans), permissions and loaders as the pages. Only
the current version changes; revising names the version it replaces (`version` = its number, or
If-Match) and a stale one is 409."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema
from ninja.responses import Status

from banso.api.common import (
    VERSION_HELP,
    FiscalYear,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    Yen,
    blank_for_null,
    paginate,
    patch_body,
    required_version,
    stamps,
)
from banso.api.monitoring._common import (
    InputLineKey,
    MonthText,
    PlanLineKey,
    company,
    editable_company,
    month,
    month_text,
)
from banso.core.errors import DomainError
from banso.monitoring import queries
from banso.monitoring.domain import plans as plan_domain
from banso.monitoring.engines import months as m
from banso.monitoring.models import ImprovementPlan, Measure, PlanVersion, PlanYear

router = Router(tags=["monitoring"])

SpreadMethod = Literal["even", "seasonal", "manual"]
MeasureStatus = Literal["not_started", "in_progress", "done", "cancelled"]
BalanceField = Literal[
    "net_assets", "borrowings", "cash_and_deposits", "receivables", "inventories", "payables"
]
REPLACES_HELP = (
    "置き換える版の番号（現行版の number）。本文の version か If-Match ヘッダーで必ず指定してください"
    "（なければ 428）。他の方が先に修正していた場合は 409 です。"
)
PRECONDITION_REQUIRED = {
    "428": {
        "description": "置き換える版（version または If-Match）の指定が必要です",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}


# --- answers ----------------------------------------------------------------------------------------


class VersionSummaryOut(Schema):
    id: int = Field(description="版の ID（月次モニタリング表の plan_version に使います）")
    number: int
    label: str
    start_month: str
    end_month: str
    years: int
    fiscal_years: list[int]
    period: str
    reason: str
    is_current: bool
    created_by: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(version: PlanVersion, end_month: int) -> VersionSummaryOut:
        return VersionSummaryOut(
            id=version.pk,
            number=version.number,
            label=version.label,
            start_month=str(version.first_month),
            end_month=str(version.last_month),
            years=version.years,
            fiscal_years=version.fiscal_years(end_month),
            period=version.period_label(end_month),
            reason=version.reason,
            is_current=version.is_current,
            created_by=version.created_by_id,
            **stamps(version),
        )


class PlanOut(Schema):
    id: int
    company: int
    title: str
    engagement_id: int | None
    current_version: int | None = Field(description="現行版の番号")
    versions: list[VersionSummaryOut] = Field(description="版（新しい順）")
    created_by: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(plan: ImprovementPlan) -> PlanOut:
        end_month = plan.company.fiscal_year_end_month
        versions = sorted(plan.versions.all(), key=lambda v: -v.number)
        current = next((v for v in versions if v.is_current), None)
        return PlanOut(
            id=plan.pk,
            company=plan.company_id,
            title=plan.title,
            engagement_id=plan.engagement_id,
            current_version=current.number if current else None,
            versions=[VersionSummaryOut.of(v, end_month) for v in versions],
            created_by=plan.created_by_id,
            **stamps(plan),
        )


class PlanPage(Page):
    results: list[PlanOut]


class PlanYearOut(Schema):
    fiscal_year: int
    label: str
    spread_method: SpreadMethod
    totals: dict[str, int] = Field(description="科目ごとの年間計画（円、月の合計）")
    months: dict[str, dict[str, int]] = Field(description="{YYYY-MM: {科目: 円}}")
    balances: dict[str, int | None] = Field(description="期末残高の計画（円）")
    version: int


class MeasureOut(Schema):
    id: int
    plan_version: int = Field(description="施策が属する版の番号")
    title: str
    owner: str
    start_month: str | None
    end_month: str | None
    expected_effect: int | None = Field(description="見込む効果（円／年）")
    line: str
    status: MeasureStatus
    progress_note: str
    engagement_action_id: int | None
    order: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(measure: Measure, number: int) -> MeasureOut:
        return MeasureOut(
            id=measure.pk,
            plan_version=number,
            title=measure.title,
            owner=measure.owner,
            start_month=month_text(measure.start_month) if measure.start_month else None,
            end_month=month_text(measure.end_month) if measure.end_month else None,
            expected_effect=measure.expected_effect,
            line=measure.line,
            status=measure.status,
            progress_note=measure.progress_note,
            engagement_action_id=measure.engagement_action_id,
            order=measure.order,
            **stamps(measure),
        )


class MeasurePage(Page):
    results: list[MeasureOut]


class VersionOut(VersionSummaryOut):
    plan: int
    plan_title: str
    plan_years: list[PlanYearOut]
    measures: list[MeasureOut]

    @staticmethod
    def full(version: PlanVersion) -> VersionOut:
        end_month = version.plan.company.fiscal_year_end_month
        totals = plan_domain.year_totals(version, end_month)
        years = []
        for plan_year in version.plan_years.order_by("fiscal_year"):
            fy = plan_year.fiscal_year
            months = plan_domain.year_months(version, fy, end_month)
            years.append(
                PlanYearOut(
                    fiscal_year=fy,
                    label=m.fiscal_year_label(fy, end_month),
                    spread_method=plan_year.spread_method,
                    totals=totals.get(fy, {}),
                    months={str(month): dict(values) for month, values in months.items()},
                    balances={field: getattr(plan_year, field) for field in PlanYear.BALANCE_FIELDS},
                    version=plan_year.version,
                )
            )
        summary = VersionSummaryOut.of(version, end_month)
        return VersionOut(
            **summary.dict(),
            plan=version.plan_id,
            plan_title=version.plan.title,
            plan_years=years,
            measures=[MeasureOut.of(x, version.number) for x in version.measures.order_by("order", "id")],
        )


# --- bodies -----------------------------------------------------------------------------------------


class PlanIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    start_month: MonthText = Field(description="計画開始月（最初の計画年度の期首月、YYYY-MM）")
    years: int = Field(ge=3, le=5, description="計画年数（3〜5）")
    spread_method: SpreadMethod = Field("even", description="年間計画の月次への配分")
    yearly: dict[FiscalYear, dict[PlanLineKey, Yen | None]] = Field(
        default_factory=dict, description="{決算年: {科目: 年間計画（円）}}（月へ配分されます）"
    )
    engagement_id: Id | None = Field(None, description="関連する伴走支援案件の ID")


class RevisionIn(Schema):
    reason: str = Field(min_length=1, max_length=5000, description="計画の修正の理由")
    version: Version | None = Field(None, description=REPLACES_HELP)


class YearsIn(Schema):
    yearly: dict[FiscalYear, dict[PlanLineKey, Yen | None]] = Field(
        default_factory=dict, description="{決算年: {科目: 年間計画（円）}}。変わった年は配分し直します"
    )
    balances: dict[FiscalYear, dict[BalanceField, Yen | None]] = Field(
        default_factory=dict, description="{決算年: {項目: 期末残高の計画（円）}}"
    )
    version: Version | None = Field(None, description="版の取得時の version。" + VERSION_HELP)


class MonthsIn(Schema):
    months: dict[MonthText, dict[PlanLineKey, Yen | None]] = Field(
        description="{YYYY-MM: {科目: 円}}。科目ごとに12か月の合計が年間計画と一致する必要があります"
    )
    version: Version | None = Field(None, description="版の取得時の version。" + VERSION_HELP)


class MeasureIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    owner: str = Field("", max_length=100)
    start_month: MonthText | None = None
    end_month: MonthText | None = None
    expected_effect: Yen | None = Field(None, description="見込む効果（円／年）")
    line: InputLineKey | Literal[""] = ""
    status: MeasureStatus = "not_started"
    progress_note: str = Field("", max_length=5000)
    engagement_action_id: Id | None = Field(None, description="伴走支援のアクションの ID")
    order: int = Field(0, ge=0, le=100_000)


class MeasurePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    owner: str | None = Field(None, max_length=100)
    start_month: MonthText | None = None
    end_month: MonthText | None = None
    expected_effect: Yen | None = None
    line: InputLineKey | Literal[""] | None = None
    status: MeasureStatus | None = None
    progress_note: str | None = Field(None, max_length=5000)
    engagement_action_id: Id | None = None
    order: int | None = Field(None, ge=0, le=100_000)
    version: Version | None = Field(None, description=VERSION_HELP)


# --- helpers ----------------------------------------------------------------------------------------


def _plan(request, company_id: int, plan_id: int, *, change: bool = False) -> ImprovementPlan:
    found = editable_company(request, company_id, ImprovementPlan) if change else company(request, company_id)
    return queries.plan_or_404(request.membership, found, plan_id)


def _plan_out(plan: ImprovementPlan) -> PlanOut:
    return PlanOut.of(queries.plans(plan.company).select_related("company").get(pk=plan.pk))


def _version(plan: ImprovementPlan, number: int) -> PlanVersion:
    return queries.version_or_404(plan, number)


def _current(plan: ImprovementPlan) -> PlanVersion:
    current = plan.current_version
    if current is None:
        raise DomainError("この計画には現行版がありません。")
    return _version(plan, current.number)


def _measure_fields(data: dict) -> dict:
    fields = dict(data)
    for name in ("start_month", "end_month"):
        if name in fields:
            fields[name] = month(fields[name], name)
    return blank_for_null(fields, ("owner", "progress_note", "line"))


# --- plans ------------------------------------------------------------------------------------------


@router.get("/companies/{company_id}/plans", response=PlanPage, summary="経営改善計画の一覧（新しい順）")
def list_plans(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    found = company(request, company_id)
    return paginate(queries.plans(found).select_related("company"), page, page_size, PlanOut.of)


@router.post("/companies/{company_id}/plans", response={201: PlanOut}, summary="経営改善計画の登録（第1版）")
def create_plan(request, company_id: Id, payload: PlanIn):
    found = editable_company(request, company_id, ImprovementPlan)
    version = plan_domain.create_plan(
        found,
        by=request.user,
        title=payload.title,
        start_month=month(payload.start_month, "start_month"),
        years=payload.years,
        yearly=payload.yearly,
        spread_method=payload.spread_method,
        engagement_id=payload.engagement_id,
    )
    return Status(201, _plan_out(version.plan))


@router.get("/companies/{company_id}/plans/{plan_id}", response=PlanOut, summary="経営改善計画と版の一覧")
def read_plan(request, company_id: Id, plan_id: Id):
    return PlanOut.of(_plan(request, company_id, plan_id))


@router.post(
    "/companies/{company_id}/plans/{plan_id}/versions",
    response={201: VersionOut},
    summary="計画の修正（新しい版の作成）",
    description="現行版を写した新しい現行版を、修正の理由とともに作成します。古い版は読み取り専用で残ります。",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def revise_plan(request, company_id: Id, plan_id: Id, payload: RevisionIn):
    plan = _plan(request, company_id, plan_id, change=True)
    replaces = required_version(request, payload.version)
    new = plan_domain.revise_plan(plan, by=request.user, reason=payload.reason, expected_version=replaces)
    return Status(201, VersionOut.full(_version(plan, new.number)))


@router.get(
    "/companies/{company_id}/plans/{plan_id}/versions/{number}",
    response=VersionOut,
    summary="計画の版（年度別・月次の計画額と施策）",
)
def read_version(request, company_id: Id, plan_id: Id, number: Id):
    return VersionOut.full(_version(_plan(request, company_id, plan_id), number))


@router.put(
    "/companies/{company_id}/plans/{plan_id}/versions/{number}/years",
    response=VersionOut,
    summary="年度別計画（年間の計画額と期末残高）の保存",
    description="年間の計画額が変わった年度は、その年度の配分方法で月へ配分し直します（手入力の年度は均等に戻ります）。"
    "現行版だけ変更できます。",
)
def save_years(request, company_id: Id, plan_id: Id, number: Id, payload: YearsIn):
    version = _version(_plan(request, company_id, plan_id, change=True), number)
    expected = required_version(request, payload.version)
    plan_domain.set_year_totals(
        version, by=request.user, yearly=payload.yearly, balances=payload.balances, expected_version=expected
    )
    return VersionOut.full(_version(version.plan, number))


@router.put(
    "/companies/{company_id}/plans/{plan_id}/versions/{number}/years/{fiscal_year}/months",
    response=VersionOut,
    summary="月次計画の手入力（1年度分）",
    description="科目ごとに12か月の合計が年間計画と一致しなければ 422"
    "（科目・年度・差額を示します）で、何も保存しません。",
)
def save_months(request, company_id: Id, plan_id: Id, number: Id, fiscal_year: FiscalYear, payload: MonthsIn):
    version = _version(_plan(request, company_id, plan_id, change=True), number)
    expected = required_version(request, payload.version)
    typed = {month(key, "months"): values for key, values in payload.months.items()}
    plan_domain.set_plan_months(
        version, by=request.user, fiscal_year=fiscal_year, months=typed, expected_version=expected
    )
    return VersionOut.full(_version(version.plan, number))


# --- measures ---------------------------------------------------------------------------------------


@router.get(
    "/companies/{company_id}/plans/{plan_id}/measures",
    response=MeasurePage,
    summary="施策の一覧（現行版、または plan_version で指定した版）",
)
def list_measures(
    request,
    company_id: Id,
    plan_id: Id,
    plan_version: Id | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 100,
):
    plan = _plan(request, company_id, plan_id)
    version = _version(plan, plan_version) if plan_version else _current(plan)
    rows = version.measures.order_by("order", "id")
    return paginate(rows, page, page_size, lambda x: MeasureOut.of(x, version.number))


@router.post(
    "/companies/{company_id}/plans/{plan_id}/measures",
    response={201: MeasureOut},
    summary="施策の追加（現行版）",
)
def create_measure(request, company_id: Id, plan_id: Id, payload: MeasureIn):
    plan = _plan(request, company_id, plan_id, change=True)
    version = _current(plan)
    measure = plan_domain.add_measure(version, by=request.user, **_measure_fields(payload.dict()))
    return Status(201, MeasureOut.of(measure, version.number))


def _measure(request, company_id: int, plan_id: int, measure_id: int, *, change: bool = False) -> Measure:
    plan = _plan(request, company_id, plan_id, change=change)
    version = _current(plan)
    return queries.measure_or_404(request.membership, version, measure_id)


@router.patch(
    "/companies/{company_id}/plans/{plan_id}/measures/{measure_id}",
    response=MeasureOut,
    summary="施策の更新（現行版）",
)
def update_measure(request, company_id: Id, plan_id: Id, measure_id: Id, payload: MeasurePatch):
    measure = _measure(request, company_id, plan_id, measure_id, change=True)
    fields, expected = patch_body(request, payload)
    updated = plan_domain.update_measure(
        measure, by=request.user, expected_version=expected, **_measure_fields(fields)
    )
    return MeasureOut.of(updated, updated.plan_version.number)


@router.delete(
    "/companies/{company_id}/plans/{plan_id}/measures/{measure_id}",
    response={204: None},
    summary="施策の削除（現行版）",
)
def delete_measure(request, company_id: Id, plan_id: Id, measure_id: Id):
    measure = _measure(request, company_id, plan_id, measure_id, change=True)
    plan_domain.delete_measure(measure, by=request.user)
    return Status(204, None)
