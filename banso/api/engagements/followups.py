"""/api/v1/engagements/{engagement_id}/follow-ups and /outcome-baseline: step ⑦ and before / after."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status

from banso.api.common import (
    VERSION_HELP,
    FiscalYear,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    Yen,
    as_float,
    paginate,
    patch_body,
    required_version,
    stamps,
)
from banso.api.engagements._common import load_engagement, load_record
from banso.core.access import NOT_FOUND_MESSAGE
from banso.engagements import queries
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.models import (
    FollowUp,
    OutcomeBaseline,
)

router = Router(tags=["engagements"])


class FiguresOut(Schema):
    fiscal_year: int | None
    net_sales: int | None
    operating_income: int | None
    employees: int | None
    average_salary: int | None
    wage_increase_rate: float | None


class FollowUpOut(FiguresOut):
    id: int
    engagement: int
    scheduled_on: dt.date
    done_on: dt.date | None
    conducted_by: int | None
    sets_own_issues: int | None
    runs_own_pdca: int | None
    staff_ownership: int | None
    evidence: str
    note: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(f: FollowUp) -> FollowUpOut:
        return FollowUpOut(
            id=f.pk,
            engagement=f.engagement_id,
            scheduled_on=f.scheduled_on,
            done_on=f.done_on,
            conducted_by=f.conducted_by_id,
            sets_own_issues=f.sets_own_issues,
            runs_own_pdca=f.runs_own_pdca,
            staff_ownership=f.staff_ownership,
            evidence=f.evidence,
            note=f.note,
            **stamps(f),
            **_figures(f),
        )


def _figures(obj) -> dict:
    figures = obj.figures()
    figures["wage_increase_rate"] = as_float(figures["wage_increase_rate"])
    return figures


class FollowUpPage(Page):
    results: list[FollowUpOut]


class FiguresIn(Schema):
    fiscal_year: FiscalYear | None = Field(None, description="数値の決算期（決算期が終わる年）")
    net_sales: Yen | None = Field(None, description="売上高（円）")
    operating_income: Yen | None = Field(None, description="営業利益（円）")
    employees: int | None = None
    average_salary: Yen | None = Field(None, description="平均給与（円・年額）")
    wage_increase_rate: Decimal | None = Field(None, ge=-100, le=1000, description="賃上げ率（%）")


class FollowUpIn(FiguresIn):
    scheduled_on: dt.date
    done_on: dt.date | None = None
    sets_own_issues: int | None = Field(None, description="自ら課題を設定している（1〜4）")
    runs_own_pdca: int | None = Field(None, description="自らPDCAを回している（1〜4）")
    staff_ownership: int | None = Field(None, description="社員が当事者意識を持っている（1〜4）")
    evidence: str = ""
    note: str = ""


class FollowUpPatch(FiguresIn):
    scheduled_on: dt.date | None = None
    done_on: dt.date | None = None
    sets_own_issues: int | None = None
    runs_own_pdca: int | None = None
    staff_ownership: int | None = None
    evidence: str | None = None
    note: str | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


@router.get(
    "/engagements/{engagement_id}/follow-ups",
    response=FollowUpPage,
    summary="フォローアップの一覧（予定日順）",
)
def list_follow_ups(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    return paginate(queries.follow_ups_of(engagement), page, page_size, FollowUpOut.of)


@router.post(
    "/engagements/{engagement_id}/follow-ups",
    response={201: FollowUpOut},
    summary="フォローアップの予定・記録",
)
def create_follow_up(request, engagement_id: Id, payload: FollowUpIn):
    engagement = load_engagement(request, engagement_id, change=True)
    fields = payload.dict()
    follow_up = follow_up_domain.add_follow_up(
        engagement, by=request.user, scheduled_on=fields.pop("scheduled_on"), **fields
    )
    return Status(201, FollowUpOut.of(follow_up))


@router.get(
    "/engagements/{engagement_id}/follow-ups/{follow_up_id}",
    response=FollowUpOut,
    summary="フォローアップの取得",
)
def read_follow_up(request, engagement_id: Id, follow_up_id: Id):
    engagement = load_engagement(request, engagement_id)
    return FollowUpOut.of(load_record(FollowUp, request, engagement, follow_up_id))


@router.patch(
    "/engagements/{engagement_id}/follow-ups/{follow_up_id}",
    response=FollowUpOut,
    summary="フォローアップの更新・記録",
)
def update_follow_up(request, engagement_id: Id, follow_up_id: Id, payload: FollowUpPatch):
    engagement = load_engagement(request, engagement_id)
    follow_up = load_record(FollowUp, request, engagement, follow_up_id, change=True)
    fields, version = patch_body(request, payload, blank=("evidence", "note"))
    if fields.get("scheduled_on", follow_up.scheduled_on) is None:
        raise ValidationError({"scheduled_on": "予定日を入力してください。"})
    updated = follow_up_domain.update_follow_up(
        follow_up, by=request.user, expected_version=version, **fields
    )
    return FollowUpOut.of(updated)


class BaselineOut(FiguresOut):
    engagement: int
    source: str
    recorded_by: int
    version: int
    updated_at: dt.datetime

    @staticmethod
    def of(b: OutcomeBaseline) -> BaselineOut:
        return BaselineOut(
            engagement=b.engagement_id,
            source=b.source,
            recorded_by=b.recorded_by_id,
            version=b.version,
            updated_at=b.updated_at,
            **_figures(b),
        )


class BaselineIn(FiguresIn):
    source: str = Field("", max_length=200, description="出典（例: 2025年3月期 決算書）")
    version: Version | None = Field(None, description=VERSION_HELP)


@router.get(
    "/engagements/{engagement_id}/outcome-baseline",
    response=BaselineOut,
    summary="支援開始時の数値（比較の「前」）",
)
def read_baseline(request, engagement_id: Id):
    engagement = load_engagement(request, engagement_id)
    baseline = OutcomeBaseline.objects.filter(engagement=engagement).first()
    if baseline is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return BaselineOut.of(baseline)


def _has_baseline(engagement) -> bool:
    return OutcomeBaseline.objects.filter(engagement=engagement).exists()


@router.put(
    "/engagements/{engagement_id}/outcome-baseline",
    response=BaselineOut,
    summary="支援開始時の数値の記録・更新",
)
def put_baseline(request, engagement_id: Id, payload: BaselineIn):
    engagement = load_engagement(request, engagement_id, change=True)
    fields = payload.dict()
    version = required_version(request, fields.pop("version", None), required=_has_baseline(engagement))
    fields["source"] = fields["source"] or ""
    baseline = follow_up_domain.set_baseline(engagement, by=request.user, expected_version=version, **fields)
    return BaselineOut.of(baseline)
