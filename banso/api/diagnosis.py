"""/api/v1/companies/{id}/financial-statements, /local-benchmark and the diagnosis sheets (api.md).

Field names are the contract; amounts are integers in yen; indicator values are numbers in the
display unit (%, 千円/人, 倍, ヶ月). The same domain functions and access rule as the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import create_model

from banso.api.common import (
    VERSION_HELP,
    FiscalYear,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    Yen,
    paginate,
    required_version,
)
from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.diagnosis import queries
from banso.diagnosis.domain import sheets as sheet_domain
from banso.diagnosis.domain import statements as statement_domain
from banso.diagnosis.engines.localbenchmark import INDICATORS
from banso.diagnosis.engines.sheet_items import (
    ANSWER_MAX_LENGTH,
    DESIGN_BOXES,
    DESIGN_KEYS,
    SOURCE_MAX_LENGTH,
    VIEWPOINT_KEYS,
)
from banso.diagnosis.engines.statement_lines import EMPLOYEES_LABEL, LINE_KEYS, LINES
from banso.diagnosis.models import DesignSheet, FinancialStatement, NonFinancialSheet
from banso.diagnosis.permissions import ensure_may_edit
from banso.diagnosis.report import local_benchmark_report

router = Router(tags=["diagnosis"])


def _company(request, company_id: int) -> Company:
    return visible_company_or_404(request.membership, company_id)


# --- statements -------------------------------------------------------------------------------------

_LINE_FIELDS = {line.key: (Yen | None, Field(None, description=f"{line.label}（円）")) for line in LINES}

StatementIn = create_model(
    "StatementIn",
    __base__=Schema,
    **_LINE_FIELDS,
    employees=(int | None, Field(None, description=f"{EMPLOYEES_LABEL}（人、期末）")),
    status=(
        Literal["final", "draft"] | None,
        Field(
            None,
            description="final: 確定（確認事項があれば 422）。draft: 下書き（評価しません）。"
            "省略時は確認事項がなければ確定、あれば下書きとして保存し problems で理由を返します。",
        ),
    ),
    source_note=(str, Field("", max_length=200, description="出典・メモ")),
    version=(
        Version | None,
        Field(None, description=VERSION_HELP + "（その年度の決算書がまだないときは不要）"),
    ),
)


class ProblemOut(Schema):
    field: str
    message: str


StatementOut = create_model(
    "StatementOut",
    __base__=Schema,
    company_id=(int, ...),
    fiscal_year=(int, ...),
    fiscal_year_label=(str, ...),
    period_end=(dt.date, ...),
    status=(Literal["final", "draft"], ...),
    **_LINE_FIELDS,
    employees=(int | None, None),
    source_note=(str, ""),
    problems=(list[ProblemOut], []),
    version=(int, ...),
    updated_at=(dt.datetime, ...),
)


def _statement_out(statement: FinancialStatement):
    return StatementOut(
        company_id=statement.company_id,
        fiscal_year=statement.fiscal_year,
        fiscal_year_label=statement.fiscal_year_label,
        period_end=statement.period_end,
        status=statement.status,
        **statement.line_values(),
        employees=statement.employees,
        source_note=statement.source_note,
        problems=[ProblemOut(**p) for p in statement.problems],
        version=statement.version,
        updated_at=statement.updated_at,
    )


class StatementPage(Page):
    results: list[StatementOut]


@router.get(
    "/companies/{company_id}/financial-statements",
    response=StatementPage,
    summary="決算書の一覧（古い期から）",
)
def list_statements(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    company = _company(request, company_id)
    statements = company.financial_statements.order_by("fiscal_year")
    return paginate(statements, page, page_size, _statement_out)


@router.get(
    "/companies/{company_id}/financial-statements/{fiscal_year}",
    response=StatementOut,
    summary="決算書の取得",
)
def read_statement(request, company_id: Id, fiscal_year: FiscalYear):
    return _statement_out(queries.statement_or_404(_company(request, company_id), fiscal_year))


@router.put(
    "/companies/{company_id}/financial-statements/{fiscal_year}",
    response={200: StatementOut, 201: StatementOut},
    summary="決算書の登録・置き換え（fiscal_year は決算月が属する西暦年）",
)
def put_statement(request, company_id: Id, fiscal_year: FiscalYear, payload: StatementIn):
    company = _company(request, company_id)
    ensure_may_edit(request.membership, company, FinancialStatement)
    data = payload.dict()
    exists = company.financial_statements.filter(fiscal_year=fiscal_year).exists()
    data["version"] = required_version(request, data["version"], required=exists)
    outcome = statement_domain.save_statement(
        company,
        fiscal_year=fiscal_year,
        by=request.user,
        values={key: data[key] for key in LINE_KEYS},
        employees=data["employees"],
        status=data["status"],
        source_note=data["source_note"],
        expected_version=data["version"],
    )
    return Status(201 if outcome.created else 200, _statement_out(outcome.statement))


@router.delete(
    "/companies/{company_id}/financial-statements/{fiscal_year}", response={204: None}, summary="決算書の削除"
)
def delete_statement(request, company_id: Id, fiscal_year: FiscalYear):
    company = _company(request, company_id)
    statement = queries.statement_or_404(company, fiscal_year)
    ensure_may_edit(request.membership, company, FinancialStatement)
    statement_domain.delete_statement(statement, by=request.user)
    return Status(204, None)


# --- local benchmark --------------------------------------------------------------------------------


class IndicatorOut(Schema):
    key: str
    label: str
    value: float | None = Field(description="表示単位（%, 千円/人, 倍, ヶ月）の数値。計算できないときは null")
    display: str
    unit: str
    score: int | None
    median: float | None
    reason: str | None
    note: str | None
    hint: str


class LocalBenchmarkOut(Schema):
    fiscal_year: int
    fiscal_year_label: str
    industry_code: str
    size: Literal["medium", "small"]
    benchmark_version: str
    indicators: list[IndicatorOut]
    total_score: int
    scored_count: int
    rank: Literal["A", "B", "C", "D"] | None
    computed_at: dt.datetime


@router.get(
    "/companies/{company_id}/local-benchmark",
    response=LocalBenchmarkOut,
    summary="ローカルベンチマーク（6指標・評点・ランク）",
)
def read_local_benchmark(
    request, company_id: Id, fiscal_year: FiscalYear | None = None, benchmark_version: str | None = None
):
    company = _company(request, company_id)
    report = local_benchmark_report(company, fiscal_year=fiscal_year, benchmark_version=benchmark_version)
    result = report.result
    if result is None:
        raise HttpError(404, "確定した決算書がないため、ローカルベンチマークはまだありません。")
    indicators = []
    for spec, stored in zip(INDICATORS, result.indicators, strict=True):
        indicators.append(
            IndicatorOut(
                key=spec.key.value,
                label=spec.label_ja,
                value=None if stored["value"] is None else float(stored["value"]),
                display=stored["display"],
                unit=spec.unit,
                score=stored["score"],
                median=None if stored["median"] is None else float(stored["median"]),
                reason=stored["reason"],
                note=stored["note"],
                hint=spec.hint,
            )
        )
    return LocalBenchmarkOut(
        fiscal_year=result.fiscal_year,
        fiscal_year_label=report.period_label,
        industry_code=result.industry_code,
        size=result.size,
        benchmark_version=result.benchmark_version,
        indicators=indicators,
        total_score=result.total_score,
        scored_count=result.scored_count,
        rank=result.rank or None,
        computed_at=result.computed_at,
    )


# --- non-financial sheets (4つの視点 + 商流・業務フロー) ------------------------------------------------


class AnswerSchema(Schema):
    text: str = Field("", max_length=ANSWER_MAX_LENGTH)
    source: str = Field(
        "", max_length=SOURCE_MAX_LENGTH, description="出典となった対話（例: 2026/4/10 社長面談）"
    )


class StepSchema(Schema):
    name: str = Field(max_length=40, description="工程")
    activity: str = Field("", max_length=1000, description="内容（何をしているか）")
    differentiation: str = Field("", max_length=1000, description="差別化ポイント")


class CounterpartyIn(Schema):
    kind: Literal["supplier", "partner", "subcontractor", "customer", "end_user"]
    name: str = Field(max_length=100)
    reason: str = Field("", max_length=1000, description="取引の理由（選ばれている理由）")


class CounterpartyOut(CounterpartyIn):
    kind_label: str


class NonFinancialSheetIn(Schema):
    as_of: dt.date
    answers: dict[str, AnswerSchema] | None = Field(
        None, description=f"項目キー（{', '.join(VIEWPOINT_KEYS)}）→ 回答。copy_from があれば省略可"
    )
    steps: list[StepSchema] | None = None
    counterparties: list[CounterpartyIn] | None = None
    copy_from: Id | None = Field(None, description="内容を引き継ぐ同じ事業者のシートの id")


class NonFinancialSheetPatch(Schema):
    as_of: dt.date | None = None
    answers: dict[str, AnswerSchema] | None = Field(None, description="指定した項目だけを置き換えます")
    steps: list[StepSchema] | None = Field(None, description="指定すると工程をすべて置き換えます")
    counterparties: list[CounterpartyIn] | None = Field(
        None, description="指定すると取引先をすべて置き換えます"
    )
    version: Version | None = Field(None, description=VERSION_HELP)


class NonFinancialSheetOut(Schema):
    id: int
    company_id: int
    as_of: dt.date
    answers: dict[str, AnswerSchema]
    steps: list[StepSchema]
    counterparties: list[CounterpartyOut]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


def _sheet_out(sheet: NonFinancialSheet) -> NonFinancialSheetOut:
    return NonFinancialSheetOut(
        id=sheet.pk,
        company_id=sheet.company_id,
        as_of=sheet.as_of,
        answers={key: AnswerSchema(**sheet.answer(key)) for key in VIEWPOINT_KEYS},
        steps=[
            StepSchema(name=s.name, activity=s.activity, differentiation=s.differentiation)
            for s in sheet.steps.all()
        ],
        counterparties=[
            CounterpartyOut(kind=c.kind, kind_label=c.get_kind_display(), name=c.name, reason=c.reason)
            for c in sheet.counterparties.all()
        ],
        version=sheet.version,
        created_at=sheet.created_at,
        updated_at=sheet.updated_at,
    )


def _sheet(request, company, sheet_id: int) -> NonFinancialSheet:
    return queries.non_financial_sheet_or_404(request.membership, company, sheet_id)


def _dicts(items) -> list[dict] | None:
    return None if items is None else [item.dict() for item in items]


class NonFinancialSheetPage(Page):
    results: list[NonFinancialSheetOut]


@router.get(
    "/companies/{company_id}/non-financial-sheets",
    response=NonFinancialSheetPage,
    summary="非財務シート（4つの視点・商流）の版の一覧（新しい順）",
)
def list_sheets(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 50):
    sheets = queries.non_financial_sheets(_company(request, company_id))
    return paginate(sheets, page, page_size, _sheet_out)


@router.post(
    "/companies/{company_id}/non-financial-sheets",
    response={201: NonFinancialSheetOut},
    summary="非財務シートの版を作成",
)
def create_sheet(request, company_id: Id, payload: NonFinancialSheetIn):
    company = _company(request, company_id)
    ensure_may_edit(request.membership, company, NonFinancialSheet)
    copy_from = _sheet(request, company, payload.copy_from) if payload.copy_from is not None else None
    sheet = sheet_domain.create_non_financial_sheet(
        company,
        by=request.user,
        as_of=payload.as_of,
        answers=None if payload.answers is None else {k: v.dict() for k, v in payload.answers.items()},
        steps=_dicts(payload.steps),
        counterparties=_dicts(payload.counterparties),
        copy_from=copy_from,
    )
    return Status(201, _sheet_out(_sheet(request, company, sheet.pk)))


@router.get(
    "/companies/{company_id}/non-financial-sheets/{sheet_id}",
    response=NonFinancialSheetOut,
    summary="非財務シートの取得",
)
def read_sheet(request, company_id: Id, sheet_id: Id):
    return _sheet_out(_sheet(request, _company(request, company_id), sheet_id))


@router.patch(
    "/companies/{company_id}/non-financial-sheets/{sheet_id}",
    response=NonFinancialSheetOut,
    summary="非財務シートの更新",
)
def update_sheet(request, company_id: Id, sheet_id: Id, payload: NonFinancialSheetPatch):
    company = _company(request, company_id)
    sheet = _sheet(request, company, sheet_id)
    ensure_may_edit(request.membership, company, NonFinancialSheet)
    answers = None
    if payload.answers is not None:
        answers = {**sheet.answers, **{k: v.dict() for k, v in payload.answers.items()}}
    sheet_domain.update_non_financial_sheet(
        sheet,
        by=request.user,
        expected_version=required_version(request, payload.version),
        as_of=payload.as_of,
        answers=answers,
        steps=_dicts(payload.steps),
        counterparties=_dicts(payload.counterparties),
    )
    return _sheet_out(_sheet(request, company, sheet_id))


@router.delete(
    "/companies/{company_id}/non-financial-sheets/{sheet_id}",
    response={204: None},
    summary="非財務シートの削除",
)
def delete_sheet(request, company_id: Id, sheet_id: Id):
    company = _company(request, company_id)
    sheet = _sheet(request, company, sheet_id)
    ensure_may_edit(request.membership, company, NonFinancialSheet)
    sheet_domain.delete_non_financial_sheet(sheet, by=request.user)
    return Status(204, None)


# --- 経営デザインシート -----------------------------------------------------------------------------------

_DESIGN_FIELDS = {
    item.key: (
        str | None,
        Field(None, max_length=ANSWER_MAX_LENGTH, description=f"{box.label}: {item.label}"),
    )
    for box in DESIGN_BOXES
    for item in box.fields
}

DesignSheetIn = create_model(
    "DesignSheetIn",
    __base__=Schema,
    as_of=(dt.date, ...),
    title=(str | None, Field(None, max_length=100)),
    copy_from=(Id | None, Field(None, description="内容を引き継ぐ同じ事業者のシートの id")),
    **_DESIGN_FIELDS,
)
DesignSheetPatch = create_model(
    "DesignSheetPatch",
    __base__=Schema,
    as_of=(dt.date | None, None),
    title=(str | None, Field(None, max_length=100)),
    version=(Version | None, Field(None, description=VERSION_HELP)),
    **_DESIGN_FIELDS,
)
DesignSheetOut = create_model(
    "DesignSheetOut",
    __base__=Schema,
    id=(int, ...),
    company_id=(int, ...),
    as_of=(dt.date, ...),
    title=(str, ...),
    **{key: (str, ...) for key in DESIGN_KEYS},
    version=(int, ...),
    created_at=(dt.datetime, ...),
    updated_at=(dt.datetime, ...),
)


def _design_out(sheet: DesignSheet):
    return DesignSheetOut(
        id=sheet.pk,
        company_id=sheet.company_id,
        as_of=sheet.as_of,
        title=sheet.title,
        **{key: getattr(sheet, key) for key in DESIGN_KEYS},
        version=sheet.version,
        created_at=sheet.created_at,
        updated_at=sheet.updated_at,
    )


def _design(request, company, design_sheet_id: int) -> DesignSheet:
    return queries.design_sheet_or_404(request.membership, company, design_sheet_id)


def _given(data: dict) -> dict:
    return {key: value for key, value in data.items() if key in (*DESIGN_KEYS, "title") and value is not None}


class DesignSheetPage(Page):
    results: list[DesignSheetOut]


@router.get(
    "/companies/{company_id}/design-sheets",
    response=DesignSheetPage,
    summary="経営デザインシートの版の一覧（新しい順）",
)
def list_design_sheets(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 50):
    company = _company(request, company_id)
    return paginate(queries.design_sheets(company), page, page_size, _design_out)


@router.post(
    "/companies/{company_id}/design-sheets",
    response={201: DesignSheetOut},
    summary="経営デザインシートの版を作成",
)
def create_design_sheet(request, company_id: Id, payload: DesignSheetIn):
    company = _company(request, company_id)
    ensure_may_edit(request.membership, company, DesignSheet)
    data = payload.dict()
    copy_from = _design(request, company, data["copy_from"]) if data["copy_from"] is not None else None
    sheet = sheet_domain.create_design_sheet(
        company, by=request.user, as_of=data["as_of"], copy_from=copy_from, **_given(data)
    )
    return Status(201, _design_out(sheet))


@router.get(
    "/companies/{company_id}/design-sheets/{design_sheet_id}",
    response=DesignSheetOut,
    summary="経営デザインシートの取得",
)
def read_design_sheet(request, company_id: Id, design_sheet_id: Id):
    return _design_out(_design(request, _company(request, company_id), design_sheet_id))


@router.patch(
    "/companies/{company_id}/design-sheets/{design_sheet_id}",
    response=DesignSheetOut,
    summary="経営デザインシートの更新",
)
def update_design_sheet(request, company_id: Id, design_sheet_id: Id, payload: DesignSheetPatch):
    company = _company(request, company_id)
    sheet = _design(request, company, design_sheet_id)
    ensure_may_edit(request.membership, company, DesignSheet)
    data = payload.dict(exclude_unset=True)
    updated = sheet_domain.update_design_sheet(
        sheet,
        by=request.user,
        expected_version=required_version(request, data.get("version")),
        as_of=data.get("as_of"),
        **_given(data),
    )
    return _design_out(updated)


@router.delete(
    "/companies/{company_id}/design-sheets/{design_sheet_id}",
    response={204: None},
    summary="経営デザインシートの削除",
)
def delete_design_sheet(request, company_id: Id, design_sheet_id: Id):
    company = _company(request, company_id)
    sheet = _design(request, company, design_sheet_id)
    ensure_may_edit(request.membership, company, DesignSheet)
    sheet_domain.delete_design_sheet(sheet, by=request.user)
    return Status(204, None)
