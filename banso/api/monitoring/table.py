"""/api/v1/companies/{company_id}/monitoring: the monitoring table (月次モニタリング表) — per line, each
month's and the year to date's plan, actual, variance (actual − plan), achievement (actual ÷ plan as a
ratio, null when not meaningful) and prior year. Built by the one table builder the pages and the
report use (banso.monitoring.domain.table.monitoring_table); no arithmetic here."""

from __future__ import annotations

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from banso.api.common import Id, as_float
from banso.api.monitoring._common import MonthText, company, month, yen
from banso.monitoring.domain.table import MAX_TABLE_MONTHS, CompanyTable, monitoring_table
from banso.monitoring.engines.months import Month
from banso.monitoring.models import PlanVersion

router = Router(tags=["monitoring"])

Status = Literal["ok", "amber", "red", "none"]
PLAN_VERSION_MESSAGE = "plan_version には、この事業者の計画の版の ID を指定してください。"


class CellOut(Schema):
    month: str = Field(description="月（YYYY-MM）。累計では累計の最終月")
    plan: int | None = Field(description="計画（円）")
    actual: int | None = Field(description="実績（円）")
    variance: int | None = Field(description="差異 = 実績 − 計画（円）")
    achievement: float | None = Field(
        description="達成率 = 実績 ÷ 計画（1.0 = 100%）。計画が 0 以下・ないときは null"
    )
    prior_year: int | None = Field(description="前年同期の実績（円）")
    status: Status = Field(description="判定（ok / amber / red / none）")

    @staticmethod
    def of(month_: Month, cell) -> CellOut:
        return CellOut(
            month=str(month_),
            plan=yen(cell.plan),
            actual=yen(cell.actual),
            variance=yen(cell.variance),
            achievement=as_float(cell.achievement),
            prior_year=yen(cell.prior_year),
            status=cell.status,
        )


class LineOut(Schema):
    key: str
    label: str
    kind: Literal["revenue", "cost", "profit", "balance"]
    months: list[CellOut]
    year_to_date: CellOut | None = Field(description="期首から最終月までの累計（残高の行は最終月の値）")


class VersionRef(Schema):
    id: int
    plan: int
    plan_title: str
    number: int
    label: str


class ThresholdsOut(Schema):
    amber: float
    red: float


class TableOut(Schema):
    company: int
    from_month: str = Field(description="表の最初の月（YYYY-MM）")
    to_month: str = Field(description="表の最後の月（YYYY-MM）")
    plan_version: VersionRef | None = Field(description="比べている計画の版（計画がなければ null）")
    plan_label: str
    thresholds: ThresholdsOut
    lines: list[LineOut]

    @staticmethod
    def of(built: CompanyTable) -> TableOut:
        version = built.plan_version
        months = built.months
        return TableOut(
            company=built.company.pk,
            from_month=str(months[0]),
            to_month=str(months[-1]),
            plan_version=None
            if version is None
            else VersionRef(
                id=version.pk,
                plan=version.plan_id,
                plan_title=version.plan.title,
                number=version.number,
                label=version.label,
            ),
            plan_label=built.plan_label,
            thresholds=ThresholdsOut(amber=float(built.thresholds.amber), red=float(built.thresholds.red)),
            lines=[
                LineOut(
                    key=row.key,
                    label=row.label,
                    kind=row.kind,
                    months=[CellOut.of(column.month, column.cell) for column in row.months],
                    year_to_date=CellOut.of(row.months[-1].month, row.year_to_date) if row.months else None,
                )
                for row in built.rows
            ],
        )


def table_arguments(request, company_id: int, plan_version, from_, to) -> dict:
    """The company and the builder's arguments from the query: months checked ('YYYY-MM', `to` not
    before `from`, at most MAX_TABLE_MONTHS), the plan version one of the company's (422 naming the
    field otherwise). Shared with the report downloads, which take the same parameters."""
    found = company(request, company_id)
    first, last = month(from_, "from"), month(to, "to")
    if first is not None and last is not None:
        if last < first:
            raise ValidationError({"to": "to は from 以降の月にしてください。"})
        if last - first + 1 > MAX_TABLE_MONTHS:
            raise ValidationError({"to": f"期間は{MAX_TABLE_MONTHS}か月（10年）までにしてください。"})
    version = None
    if plan_version is not None:
        version = (
            PlanVersion.objects.filter(plan__company=found, pk=plan_version).select_related("plan").first()
        )
        if version is None:
            raise ValidationError({"plan_version": PLAN_VERSION_MESSAGE})
    return {"company": found, "plan_version": version, "from_month": first, "to_month": last}


@router.get(
    "/companies/{company_id}/monitoring",
    response=TableOut,
    summary="月次モニタリング表（計画・実績・差異・達成率・前年実績、月次と累計）",
    description="plan_version を省略すると最新の計画の現行版と比べます。from / to（YYYY-MM）を省略すると、"
    "実績のある最後の月までの期首からの月です。期間は120か月（10年）までです。",
)
def read_table(
    request,
    company_id: Id,
    plan_version: Id | None = None,
    from_: Annotated[MonthText | None, Query(alias="from")] = None,
    to: MonthText | None = None,
):
    arguments = table_arguments(request, company_id, plan_version, from_, to)
    return TableOut.of(monitoring_table(arguments.pop("company"), **arguments))
