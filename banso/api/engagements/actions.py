"""/api/v1/engagements/{engagement_id}/actions (+ /reviews): the action plan and its PDCA reviews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from banso.api.common import (
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    as_float,
    blank_for_null,
    paginate,
    patch_body,
    stamps,
)
from banso.api.engagements._common import ActionStatus, load_engagement, named_row
from banso.core.access import (
    get_changeable_or_404,
    get_visible_or_404,
)
from banso.engagements import queries
from banso.engagements.domain import actions as action_domain
from banso.engagements.models import (
    Action,
    ActionReview,
)

router = Router(tags=["engagements"])


class ReviewOut(Schema):
    id: int
    action: int
    reviewed_on: dt.date
    status: ActionStatus
    result: str
    learning: str
    next_step: str
    small_success: bool
    dialogue: Id | None
    reviewed_by: int
    created_at: dt.datetime

    @staticmethod
    def of(review: ActionReview) -> ReviewOut:
        return ReviewOut(
            id=review.pk,
            action=review.action_id,
            reviewed_on=review.reviewed_on,
            status=review.status,
            result=review.result,
            learning=review.learning,
            next_step=review.next_step,
            small_success=review.small_success,
            dialogue=review.dialogue_id,
            reviewed_by=review.reviewed_by_id,
            created_at=review.created_at,
        )


class ActionOut(Schema):
    id: int
    engagement: int
    owner: Id
    owner_name: str
    due_on: dt.date
    what: str
    how_much: str
    how: str
    expected_effect: str
    expected_value: float | None
    expected_unit: str
    root_issue: Id | None
    status: ActionStatus
    is_overdue: bool
    reviews: list[ReviewOut]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(action: Action) -> ActionOut:
        return ActionOut(
            id=action.pk,
            engagement=action.engagement_id,
            owner=action.owner_id,
            owner_name=action.owner.name,
            due_on=action.due_on,
            what=action.what,
            how_much=action.how_much,
            how=action.how,
            expected_effect=action.expected_effect,
            expected_value=as_float(action.expected_value),
            expected_unit=action.expected_unit,
            root_issue=action.root_issue_id,
            status=action.status,
            is_overdue=action.is_overdue(),
            reviews=[ReviewOut.of(r) for r in action.reviews.all()],
            **stamps(action),
        )


class ActionPage(Page):
    results: list[ActionOut]


class ReviewPage(Page):
    results: list[ReviewOut]


class ActionIn(Schema):
    owner: Id = Field(description="担当する関係者（事業者の社内の方）の ID")
    due_on: dt.date
    what: str = Field(max_length=300)
    how_much: str = ""
    how: str = ""
    expected_effect: str = ""
    expected_value: Decimal | None = None
    expected_unit: str = Field("", max_length=20)
    root_issue: Id | None = Field(None, description="取り組む裏課題（課題ツリーの ID）")
    status: ActionStatus = "not_started"


class ActionPatch(Schema):
    owner: Id | None = None
    due_on: dt.date | None = None
    what: str | None = Field(None, max_length=300)
    how_much: str | None = None
    how: str | None = None
    expected_effect: str | None = None
    expected_value: Decimal | None = None
    expected_unit: str | None = Field(None, max_length=20)
    root_issue: Id | None = None
    status: ActionStatus | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


class ReviewIn(Schema):
    reviewed_on: dt.date | None = Field(None, description="省略時は今日")
    status: ActionStatus = Field(description="振り返り後の状況")
    result: str = ""
    learning: str = ""
    next_step: str = ""
    small_success: bool = False
    dialogue: Id | None = None
    version: Version | None = Field(None, description="アクションの取得時の version。" + VERSION_HELP)


def _action_links(engagement, data: dict) -> dict:
    fields = dict(data)
    if "owner" in fields:
        fields["owner"] = named_row(
            engagement.stakeholders.all(),
            fields["owner"],
            "owner",
            "担当者は、この案件の関係者から選んでください。",
        )
    if "root_issue" in fields:
        fields["root_issue"] = named_row(
            engagement.issue_nodes.all(),
            fields["root_issue"],
            "root_issue",
            "取り組む裏課題は、この案件の課題ツリーから選んでください。",
        )
    return blank_for_null(fields, ("how_much", "how", "expected_effect", "expected_unit", "what"))


@router.get(
    "/engagements/{engagement_id}/actions", response=ActionPage, summary="アクションプランの一覧（期限順）"
)
def list_actions(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    return paginate(queries.actions_with_reviews_of(engagement), page, page_size, ActionOut.of)


@router.post("/engagements/{engagement_id}/actions", response={201: ActionOut}, summary="アクションの追加")
def create_action(request, engagement_id: Id, payload: ActionIn):
    engagement = load_engagement(request, engagement_id, change=True)
    action = action_domain.create_action(
        engagement, by=request.user, **_action_links(engagement, payload.dict())
    )
    return Status(201, ActionOut.of(queries.actions_with_reviews_of(engagement).get(pk=action.pk)))


def _action(request, engagement, action_id: int, *, change: bool = False) -> Action:
    get = get_changeable_or_404 if change else get_visible_or_404
    return get(queries.actions_with_reviews_of(engagement), request.membership, pk=action_id)


@router.get(
    "/engagements/{engagement_id}/actions/{action_id}", response=ActionOut, summary="アクションの取得"
)
def read_action(request, engagement_id: Id, action_id: Id):
    return ActionOut.of(_action(request, load_engagement(request, engagement_id), action_id))


@router.patch(
    "/engagements/{engagement_id}/actions/{action_id}", response=ActionOut, summary="アクションの更新"
)
def update_action(request, engagement_id: Id, action_id: Id, payload: ActionPatch):
    engagement = load_engagement(request, engagement_id)
    action = _action(request, engagement, action_id, change=True)
    fields, version = patch_body(request, payload)
    action_domain.update_action(
        action, by=request.user, expected_version=version, **_action_links(engagement, fields)
    )
    return ActionOut.of(queries.actions_with_reviews_of(engagement).get(pk=action.pk))


@router.get(
    "/engagements/{engagement_id}/actions/{action_id}/reviews",
    response=ReviewPage,
    summary="アクションの振り返り（PDCA の記録、古い順）",
)
def list_reviews(request, engagement_id: Id, action_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    action = _action(request, load_engagement(request, engagement_id), action_id)
    return paginate(action.reviews.all(), page, page_size, ReviewOut.of)


@router.post(
    "/engagements/{engagement_id}/actions/{action_id}/reviews",
    response={201: ReviewOut},
    summary="アクションの振り返りを記録",
)
def create_review(request, engagement_id: Id, action_id: Id, payload: ReviewIn):
    engagement = load_engagement(request, engagement_id)
    action = _action(request, engagement, action_id, change=True)
    data = payload.dict()
    dialogue = named_row(
        engagement.dialogues.all(),
        data.pop("dialogue"),
        "dialogue",
        "振り返った対話は、この案件の対話記録から選んでください。",
    )
    review = action_domain.review_action(
        action, by=request.user, expected_version=data.pop("version"), dialogue=dialogue, **data
    )
    return Status(201, ReviewOut.of(review))
