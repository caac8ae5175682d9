"""/api/v1/companies/{company_id}/cash-flow: 資金繰り表 (docs/domain.md §5.4) — the actual months beside the
12-month projection, the checks and the shortfall warning, exactly as the page shows them
(banso.monitoring.domain.cashflow.cash_flow_overview); and one actual month's entries, read with the
month's version and replaced as a whole (save_month_entries: all or nothing)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from banso.api.common import VERSION_HELP, Id, Yen, required_version
from banso.api.monitoring._common import MonthText, company, editable_company, yen
from banso.api.monitoring._common import month as parse_month
from banso.core.pagination import MAX_ID
from banso.monitoring.domain import cashflow as domain
from banso.monitoring.engines import cashflow as cf
from banso.monitoring.engines.months import Month
from banso.monitoring.models import CashFlowEntry, Lender

router = Router(tags=["monitoring"])

EntryKey = Literal[tuple(sorted(domain.ENTRY_KEYS))]  # type: ignore[valid-type]
ITEM_HELP = "項目: " + "、".join(
    [f"{cf.OPENING_BALANCE} 前月繰越", f"{domain.RECEIVABLES_BALANCE} {domain.RECEIVABLES_BALANCE_LABEL}"]
    + [f"{item.key} {item.label}" + ("（借入先ごと）" if item.per_lender else "") for item in cf.ITEMS]
)


class ColumnOut(Schema):
    month: str
    projected: bool = Field(description="予測の月（false は実績の月）")
    opening: int = Field(description="前月繰越（円）")
    closing: int = Field(description="翌月繰越（円）")


class RowOut(Schema):
    key: str
    label: str
    kind: Literal["item", "total", "balance"]
    lender: int | None = Field(description="借入先ごとの行の借入先 ID")
    level: int
    values: list[int] = Field(description="月ごとの金額（円、columns の順）")


class WarningOut(Schema):
    month: str
    balance: int
    threshold: int
    below_zero: bool
    message: str


class CheckOut(Schema):
    key: Literal["receivables", "borrowings"]
    label: str
    month: str
    expected: int = Field(description="資金繰り表から計算した残高（円）")
    reported: int = Field(description="帳簿の残高（円）")
    difference: int
    ok: bool


class LenderOut(Schema):
    id: int
    name: str
    order: int


class CashFlowOut(Schema):
    company: int
    actual_months: list[str] = Field(description="実績の月（入力のある最後の月まで、最大12か月）")
    projection_start: str = Field(description="予測の最初の月")
    columns: list[ColumnOut]
    rows: list[RowOut] = Field(
        description="§5.4 の標準の並び（前月繰越 → 経常収支 → 経常外収支 → 財務収支 → 翌月繰越）"
    )
    threshold: int = Field(description="警告の基準残高（円）")
    threshold_is_default: bool = Field(
        description="true: 固定的な支出の1か月分（条件の最低限必要な残高がない）"
    )
    warning: WarningOut | None = Field(description="予測で残高が基準や0を下回る最初の月")
    checks: list[CheckOut]
    plan_label: str | None = Field(description="予測に使った計画の版")
    notes: list[str]
    lenders: list[LenderOut]


class EntryOut(Schema):
    item: str
    label: str
    lender: int | None
    amount: int


class MonthOut(Schema):
    company: int
    month: str
    entries: list[EntryOut]
    version: int = Field(description="この月の入力の版（保存のときに指定します。まだ入力がなければ 0）")


class EntryIn(Schema):
    item: EntryKey = Field(description=ITEM_HELP)
    lender: Id | None = Field(None, description="借入・借入金返済の借入先 ID")
    amount: Yen | None = Field(description="円（行の向きに正の数。前月繰越だけは負も可）。null・0 で削除")


class MonthIn(Schema):
    entries: list[EntryIn] = Field(
        max_length=500, description="この月の入力のすべて（載っていない項目は削除）"
    )
    version: int | None = Field(
        None, ge=0, le=MAX_ID, description="取得したときの月の version。" + VERSION_HELP
    )


def _label(item: str) -> str:
    if item == cf.OPENING_BALANCE:
        return "前月繰越"
    if item == domain.RECEIVABLES_BALANCE:
        return domain.RECEIVABLES_BALANCE_LABEL
    return cf.ITEMS_BY_KEY[item].label


def _month_out(found, the_month: Month) -> MonthOut:
    rows = CashFlowEntry.objects.filter(company=found, month=the_month.first_day).order_by(
        "item", "lender_id"
    )
    return MonthOut(
        company=found.pk,
        month=str(the_month),
        entries=[
            EntryOut(item=e.item, label=_label(e.item), lender=e.lender_id, amount=e.amount) for e in rows
        ],
        version=domain.month_version(found, the_month),
    )


@router.get(
    "/companies/{company_id}/cash-flow",
    response=CashFlowOut,
    summary="資金繰り表（実績の月と12か月の予測、チェック、資金不足の警告）",
    description="画面と同じ表です。予測は現行の計画の月次損益、回収・支払サイト、借入先ごとの返済予定から作ります。",
)
def read_cash_flow(request, company_id: Id):
    found = company(request, company_id)
    overview = domain.cash_flow_overview(found)
    table = overview.table
    warning = overview.warning
    return CashFlowOut(
        company=found.pk,
        actual_months=[str(m) for m in overview.actual_months],
        projection_start=str(overview.projection_start),
        columns=[
            ColumnOut(
                month=str(Month.of(c.month)),
                projected=c.projected,
                opening=yen(c.opening),
                closing=yen(c.closing),
            )
            for c in table.months
        ],
        rows=[
            RowOut(
                key=row.key,
                label=row.label,
                kind=row.kind,
                lender=row.lender,
                level=row.level,
                values=[yen(v) for v in row.values],
            )
            for row in table.rows()
        ],
        threshold=yen(overview.threshold),
        threshold_is_default=overview.threshold_is_default,
        warning=None
        if warning is None
        else WarningOut(
            month=str(Month.of(warning.month)),
            balance=yen(warning.balance),
            threshold=yen(warning.threshold),
            below_zero=warning.below_zero,
            message=warning.message,
        ),
        checks=[
            CheckOut(
                key=c.key,
                label=c.label,
                month=str(Month.of(c.month)),
                expected=yen(c.expected),
                reported=yen(c.reported),
                difference=yen(c.difference),
                ok=c.ok,
            )
            for c in overview.checks
        ],
        plan_label=overview.plan_label,
        notes=list(overview.notes),
        lenders=[
            LenderOut(id=ln.pk, name=ln.name, order=ln.order) for ln in Lender.objects.filter(company=found)
        ],
    )


@router.get(
    "/companies/{company_id}/cash-flow/months/{month}",
    response=MonthOut,
    summary="資金繰りの実績（1か月分の入力）",
)
def read_month(request, company_id: Id, month: MonthText):
    found = company(request, company_id)
    return _month_out(found, _path_month(month))


@router.put(
    "/companies/{company_id}/cash-flow/months/{month}",
    response=MonthOut,
    summary="資金繰りの実績の保存（1か月分を置き換え）",
    description="entries がその月の入力のすべてになります（載っていない項目は削除）。"
    "取得したときの version が必要です（なければ 428、他の方が先に保存していれば 409）。"
    "金額や借入先に誤りがあれば、月と項目を示して 422 で、何も保存しません。",
)
def save_month(request, company_id: Id, month: MonthText, payload: MonthIn):
    found = editable_company(request, company_id, CashFlowEntry)
    the_month = _path_month(month)
    expected = required_version(request, payload.version)
    amounts: dict = {key: None for key in domain.month_entries(found, the_month)}
    seen = set()
    for index, entry in enumerate(payload.entries):
        key = (entry.item, entry.lender)
        if key in seen:
            raise HttpError(422, f"entries[{index}]: {_label(entry.item)}が2回指定されています。")
        seen.add(key)
        amounts[key] = entry.amount
    domain.save_month_entries(
        found, by=request.user, month=the_month, amounts=amounts, expected_version=expected
    )
    return _month_out(found, the_month)


def _path_month(text: str) -> Month:
    return parse_month(text, "month")
