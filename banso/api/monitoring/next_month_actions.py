"""/api/v1/companies/{company_id}/next-month-actions: 次月重点アクション — a few concrete actions set for a
month (the month they are FOR), reviewed at the next meeting as done / partly / not done with why,
through banso.monitoring.domain.next_month_actions. A link to an engagement's action is checked by the
domain (core.engagement_links): another company's or an unknown id is a 422."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from banso.api.common import (
    PRECONDITION_REQUIRED,
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    patch_body,
    required_version,
    stamps,
)
from banso.api.monitoring._common import MonthText, company, editable_company, month, month_text
from banso.monitoring import queries
from banso.monitoring.domain import next_month_actions as domain
from banso.monitoring.models import NextMonthAction

router = Router(tags=["monitoring"])

Review = Literal[tuple(NextMonthAction.Review.values)]  # type: ignore[valid-type]
ReviewGiven = Literal["done", "partly", "not_done"]


class NextActionOut(Schema):
    id: int
    company: int
    month: str = Field(description="アクションの対象月（YYYY-MM）")
    title: str
    owner: str
    measure: str = Field(description="測定基準（例: 訪問20件）")
    engagement_action_id: int | None
    review: Review = Field(
        description="振り返り: not_reviewed 未評価 / done 実施 / partly 一部実施 / not_done 未実施"
    )
    review_label: str
    review_note: str
    order: int
    created_by: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(action: NextMonthAction) -> NextActionOut:
        return NextActionOut(
            id=action.pk,
            company=action.company_id,
            month=month_text(action.month),
            title=action.title,
            owner=action.owner,
            measure=action.measure,
            engagement_action_id=action.engagement_action_id,
            review=action.review,
            review_label=action.get_review_display(),
            review_note=action.review_note,
            order=action.order,
            created_by=action.created_by_id,
            **stamps(action),
        )


class NextActionPage(Page):
    results: list[NextActionOut]


class NextActionIn(Schema):
    month: MonthText = Field(description="アクションの対象月（YYYY-MM）")
    title: str = Field(max_length=200)
    owner: str = Field("", max_length=100)
    measure: str = Field("", max_length=200, description="測定基準（例: 訪問20件）")
    engagement_action_id: Id | None = Field(None, description="伴走支援のアクションの ID")


class NextActionPatch(Schema):
    title: str | None = Field(None, max_length=200)
    owner: str | None = Field(None, max_length=100)
    measure: str | None = Field(None, max_length=200)
    engagement_action_id: Id | None = None
    order: int | None = Field(None, ge=0, le=100_000)
    version: Version | None = Field(None, description=VERSION_HELP)


class NextMonthActionReviewIn(Schema):
    review: ReviewGiven = Field(description="done 実施 / partly 一部実施 / not_done 未実施")
    review_note: str = Field("", max_length=5000, description="一部実施・未実施の理由（必須）")
    version: Version | None = Field(None, description=VERSION_HELP)


def _action(request, company_id: int, action_id: int, *, change: bool = False) -> NextMonthAction:
    found = editable_company(request, company_id, NextMonthAction) if change else company(request, company_id)
    return queries.next_month_action_or_404(request.membership, found, action_id)


@router.get(
    "/companies/{company_id}/next-month-actions",
    response=NextActionPage,
    summary="次月重点アクションの一覧（新しい月から、月内の並び順）",
    description="month（YYYY-MM）でその月のアクションだけ、from / to で期間を絞れます。",
)
def list_actions(
    request,
    company_id: Id,
    month_: Annotated[MonthText | None, Query(alias="month")] = None,
    from_: Annotated[MonthText | None, Query(alias="from")] = None,
    to: MonthText | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 100,
):
    found = company(request, company_id)
    rows = NextMonthAction.objects.filter(company=found)
    only, first, last = month(month_, "month"), month(from_, "from"), month(to, "to")
    if only is not None:
        rows = rows.filter(month=only.first_day)
    if first is not None:
        rows = rows.filter(month__gte=first.first_day)
    if last is not None:
        rows = rows.filter(month__lte=last.first_day)
    return paginate(rows.order_by("-month", "order", "id"), page, page_size, NextActionOut.of)


@router.post(
    "/companies/{company_id}/next-month-actions",
    response={201: NextActionOut},
    summary="次月重点アクションの設定",
    description=f"1か月に{domain.MAX_ACTIONS_PER_MONTH}件までです（超えると 400）。",
)
def create_action(request, company_id: Id, payload: NextActionIn):
    found = editable_company(request, company_id, NextMonthAction)
    action = domain.create_next_month_action(
        found,
        by=request.user,
        month=month(payload.month, "month").first_day,
        title=payload.title,
        owner=payload.owner,
        measure=payload.measure,
        engagement_action_id=payload.engagement_action_id,
    )
    return Status(201, NextActionOut.of(action))


@router.get(
    "/companies/{company_id}/next-month-actions/{next_action_id}",
    response=NextActionOut,
    summary="次月重点アクション",
)
def read_action(request, company_id: Id, next_action_id: Id):
    return NextActionOut.of(_action(request, company_id, next_action_id))


@router.patch(
    "/companies/{company_id}/next-month-actions/{next_action_id}",
    response=NextActionOut,
    summary="次月重点アクションの変更（内容・担当・測定基準・連携・並び順）",
)
def update_action(request, company_id: Id, next_action_id: Id, payload: NextActionPatch):
    action = _action(request, company_id, next_action_id, change=True)
    fields, expected = patch_body(request, payload, blank=("owner", "measure"))
    if "order" in fields and fields["order"] is None:
        fields.pop("order")
    updated = domain.update_next_month_action(action, by=request.user, expected_version=expected, **fields)
    return NextActionOut.of(updated)


@router.post(
    "/companies/{company_id}/next-month-actions/{next_action_id}/review",
    response=NextActionOut,
    summary="次月重点アクションの振り返り（実施・一部実施・未実施）",
    description="一部実施・未実施には理由（review_note）が必要です（なければ 422）。"
    "もう一度振り返ると置き換わり、前の振り返りは履歴に残ります。取得時の version が必要です。",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def review_action(request, company_id: Id, next_action_id: Id, payload: NextMonthActionReviewIn):
    action = _action(request, company_id, next_action_id, change=True)
    expected = required_version(request, payload.version)
    reviewed = domain.review_next_month_action(
        action,
        by=request.user,
        expected_version=expected,
        review=payload.review,
        review_note=payload.review_note,
    )
    return NextActionOut.of(reviewed)


@router.delete(
    "/companies/{company_id}/next-month-actions/{next_action_id}",
    response={204: None},
    summary="次月重点アクションの削除（振り返り前のものだけ）",
    description="振り返り済みのアクションは履歴として残るため 400 です。"
    '取得時の version を If-Match ヘッダー（例: If-Match: "3"）で指定してください（なければ 428）。',
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def delete_action(request, company_id: Id, next_action_id: Id):
    action = _action(request, company_id, next_action_id, change=True)
    expected = required_version(request, None)
    domain.delete_next_month_action(action, by=request.user, expected_version=expected)
    return Status(204, None)
