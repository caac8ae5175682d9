"""/api/v1/companies/{company_id}/gaps: 乖離分析 — a gap recorded on one line in one month (cause, why-chain,
response, owner, due date, status, effect), through banso.monitoring.domain.gaps (record_gap,
update_gap). Each gap says whether it repeats: the same line has a gap in the month before or after
(engines/repeating.py via domain.gaps.gap_runs)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from banso.api.common import (
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    patch_body,
    stamps,
)
from banso.api.monitoring._common import LineKey, MonthText, company, editable_company, month, month_text
from banso.monitoring import queries
from banso.monitoring.domain import gaps as gap_domain
from banso.monitoring.domain.table import current_plan_version
from banso.monitoring.engines import lines
from banso.monitoring.engines.months import Month
from banso.monitoring.models import Gap, PlanVersion

router = Router(tags=["monitoring"])

Cause = Literal[tuple(Gap.Cause.values)]  # type: ignore[valid-type]
GapStatus = Literal[tuple(Gap.Status.values)]  # type: ignore[valid-type]
Effect = Literal[tuple(Gap.Effect.values)]  # type: ignore[valid-type]
CAUSE_HELP = "原因の分類: " + "・".join(f"{v} {label}" for v, label in Gap.Cause.choices)
PLAN_VERSION_MESSAGE = "plan_version には、この事業者の計画の版の ID を指定してください。"


class RunOut(Schema):
    first_month: str
    last_month: str
    length: int = Field(description="連続する月数")


class GapOut(Schema):
    id: int
    company: int
    month: str
    line: str
    line_label: str
    plan_version: int | None = Field(description="比較した計画の版の ID")
    cause: str = Field(description=CAUSE_HELP)
    cause_label: str
    why_chain: str
    response: str
    owner: str
    due_on: dt.date | None
    status: GapStatus
    status_label: str
    effect: Effect
    effect_label: str
    effect_note: str
    repeating: bool = Field(description="同じ科目で連続する月にも乖離が記録されている")
    run: RunOut | None = Field(description="この乖離を含む連続した月（repeating のとき）")
    created_by: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(gap: Gap, runs: dict) -> GapOut:
        run = runs.get((gap.line, Month.of(gap.month)))
        repeating = run is not None and run.repeating
        return GapOut(
            id=gap.pk,
            company=gap.company_id,
            month=month_text(gap.month),
            line=gap.line,
            line_label=lines.label(gap.line),
            plan_version=gap.plan_version_id,
            cause=gap.cause,
            cause_label=gap.get_cause_display() if gap.cause else "",
            why_chain=gap.why_chain,
            response=gap.response,
            owner=gap.owner,
            due_on=gap.due_on,
            status=gap.status,
            status_label=gap.get_status_display(),
            effect=gap.effect,
            effect_label=gap.get_effect_display(),
            effect_note=gap.effect_note,
            repeating=repeating,
            run=RunOut(first_month=str(run.first_month), last_month=str(run.last_month), length=run.length)
            if repeating
            else None,
            created_by=gap.created_by_id,
            **stamps(gap),
        )


class GapPage(Page):
    results: list[GapOut]


class GapIn(Schema):
    month: MonthText
    line: LineKey
    cause: Cause = Field(description=CAUSE_HELP)
    why_chain: str = Field("", max_length=5000)
    response: str = Field("", max_length=5000, description="対応（実施済み・予定）")
    owner: str = Field("", max_length=100)
    due_on: dt.date | None = None
    status: GapStatus = "open"
    effect: Effect = "not_assessed"
    effect_note: str = Field("", max_length=5000)
    plan_version: Id | None = Field(None, description="比較した計画の版の ID（省略時は最新の計画の現行版）")


class GapPatch(Schema):
    cause: Cause | None = None
    why_chain: str | None = Field(None, max_length=5000)
    response: str | None = Field(None, max_length=5000)
    owner: str | None = Field(None, max_length=100)
    due_on: dt.date | None = None
    status: GapStatus | None = None
    effect: Effect | None = None
    effect_note: str | None = Field(None, max_length=5000)
    version: Version | None = Field(None, description=VERSION_HELP)


TEXT_FIELDS = ("why_chain", "response", "owner", "effect_note")


def _fields(data: dict) -> dict:
    for name in TEXT_FIELDS:
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("cause", "status", "effect"):
        if name in data and data[name] is None:
            data.pop(name)
    return data


@router.get(
    "/companies/{company_id}/gaps",
    response=GapPage,
    summary="乖離の記録の一覧（新しい月から、科目順）",
    description="line（科目）、from / to（YYYY-MM、両端を含む）、status で絞れます。"
    "repeating は同じ科目で連続する月にも乖離があること（繰り返す乖離）を示します。",
)
def list_gaps(
    request,
    company_id: Id,
    line: LineKey | None = None,
    from_: Annotated[MonthText | None, Query(alias="from")] = None,
    to: MonthText | None = None,
    status: GapStatus | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 100,
):
    found = company(request, company_id)
    rows = Gap.objects.filter(company=found)
    first, last = month(from_, "from"), month(to, "to")
    if first is not None:
        rows = rows.filter(month__gte=first.first_day)
    if last is not None:
        rows = rows.filter(month__lte=last.first_day)
    if line is not None:
        rows = rows.filter(line=line)
    if status is not None:
        rows = rows.filter(status=status)
    runs = gap_domain.gap_runs(found)
    return paginate(rows.order_by("-month", "line", "id"), page, page_size, lambda g: GapOut.of(g, runs))


@router.post(
    "/companies/{company_id}/gaps",
    response={201: GapOut},
    summary="乖離の記録（原因・なぜなぜ・対応・担当・期限）",
    description="1つの月と科目に1件です。すでに記録があれば 409（その記録を PATCH してください）。",
)
def create_gap(request, company_id: Id, payload: GapIn):
    found = editable_company(request, company_id, Gap)
    data = payload.dict()
    version_id = data.pop("plan_version")
    if version_id is None:
        plan_version = current_plan_version(found)
    else:
        plan_version = (
            PlanVersion.objects.filter(plan__company=found, pk=version_id).select_related("plan").first()
        )
        if plan_version is None:
            raise ValidationError({"plan_version": PLAN_VERSION_MESSAGE})
    the_month = month(data.pop("month"), "month")
    gap = gap_domain.record_gap(
        found,
        line=data.pop("line"),
        month=the_month,
        plan_version=plan_version,
        by=request.user,
        **_fields(data),
    )
    return Status(201, GapOut.of(gap, gap_domain.gap_runs(found)))


@router.get("/companies/{company_id}/gaps/{gap_id}", response=GapOut, summary="乖離の記録")
def read_gap(request, company_id: Id, gap_id: Id):
    found = company(request, company_id)
    gap = queries.gap_or_404(request.membership, found, gap_id)
    return GapOut.of(gap, gap_domain.gap_runs(found))


@router.patch(
    "/companies/{company_id}/gaps/{gap_id}",
    response=GapOut,
    summary="乖離の記録の更新（対応状況・効果など）",
    description="月・科目は変えられません。取得時の version（本文か If-Match）が必要です。",
)
def update_gap(request, company_id: Id, gap_id: Id, payload: GapPatch):
    found = editable_company(request, company_id, Gap)
    gap = queries.gap_or_404(request.membership, found, gap_id)
    fields, expected = patch_body(request, payload)
    updated = gap_domain.update_gap(gap, by=request.user, expected_version=expected, **_fields(fields))
    return GapOut.of(updated, gap_domain.gap_runs(found))
