"""/api/v1 routes of the knowledge area: anonymised case drafts from an engagement, their review and
publishing, and the published cases (事例) a user may read.

Same domain functions, permissions and loaders as the pages (banso.knowledge.domain.cases and
.queries): a draft outside the author's organization (or not the user's own, unless 管理者 or reviewer)
is 404, a case not published to the user's organization or one of its networks 404, company-side
users 404 throughout; a stale `version` 409; approving one's own case 403; publishing without approval
or with a known name still in the text 400, each with a Japanese `detail`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema
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
)
from banso.knowledge import queries
from banso.knowledge.domain import cases as domain
from banso.knowledge.models import CaseDraft, PublishedCase
from banso.knowledge.models.cases import MAX_TEXT, MAX_WITHDRAWAL_REASON

router = Router(tags=["knowledge"])

Text = Annotated[str, Field(max_length=MAX_TEXT)]
Filter = Annotated[str, Field(max_length=40)]


class CaseWallOut(Schema):
    key: str
    label: str
    start: int | None = Field(None, description="開始時（0 乗り越えた〜3 強い壁）")
    now: int | None = Field(None, description="現在")


class CaseReplacementOut(Schema):
    start: int = Field(description="置き換え後の本文での開始位置（文字）")
    end: int
    original: str = Field(description="元の語（機関の中だけで見えます）")
    replacement: str
    kind: str = Field(description="company / person / term / phone / email / postal / address / "
                      "corporate_number / amount / date")  # fmt: skip


def _walls(record) -> list[CaseWallOut]:
    return [
        CaseWallOut(
            key=str(w.get("key", "")), label=str(w.get("label", "")), start=w.get("start"), now=w.get("now")
        )
        for w in record.wall_rows()
    ]


class CaseContentOut(Schema):
    title: str
    industry_code: str
    industry_label: str
    size: str = Field(description="small（小規模事業者）/ medium（中規模事業者）/ 空")
    prefecture: str
    walls: list[CaseWallOut]
    surface_issues: str
    root_issues: str
    insights: str
    actions_worked: str
    actions_not_worked: str
    outcomes: str
    lessons: str
    body: str
    duration_months: int | None
    steps_reached: int | None
    tags: list[str]


def _content(record) -> dict:
    data = {name: getattr(record, name) for name in record.CONTENT_FIELDS if name != "walls"}
    data["walls"] = _walls(record)
    data["industry_label"] = record.industry_label
    data["tags"] = [str(t) for t in record.tags or []]
    return data


class CaseDraftOut(CaseContentOut):
    id: int
    status: str = Field(description="draft / submitted / returned / approved / published")
    author: int
    replacements: dict[str, list[CaseReplacementOut]] = Field(description="項目ごとの置き換え")
    remaining_terms: dict[str, list[str]] = Field(
        description="案件の記録にある語のうち、まだ本文に残っているもの（項目名 → 語）。"
        "残っている間は承認できません"
    )
    review_comment: str
    reviewed_by: int | None
    reviewed_at: dt.datetime | None
    published_case: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(draft: CaseDraft) -> CaseDraftOut:
        replacements = {
            field: [CaseReplacementOut(**row) for row in rows if isinstance(row, dict)]
            for field, rows in (draft.replacements or {}).items()
        }
        return CaseDraftOut(
            id=draft.pk,
            status=draft.status,
            author=draft.author_id,
            replacements=replacements,
            remaining_terms=domain.remaining_terms(draft),
            review_comment=draft.review_comment,
            reviewed_by=draft.reviewed_by_id,
            reviewed_at=draft.reviewed_at,
            published_case=draft.published_case_id,
            version=draft.version,
            created_at=draft.created_at,
            updated_at=draft.updated_at,
            **_content(draft),
        )


class CaseOut(CaseContentOut):
    id: int
    organization: str = Field(description="公開した機関の名称")
    scope: str = Field(description="organization（自機関内）/ network（ネットワーク）")
    network: str | None = Field(None, description="公開先のネットワーク名")
    published_at: dt.datetime

    @staticmethod
    def of(case: PublishedCase) -> CaseOut:
        return CaseOut(
            id=case.pk,
            organization=case.organization.name,
            scope=case.scope,
            network=case.network.name if case.network_id else None,
            published_at=case.published_at,
            **_content(case),
        )


class CasePage(Page):
    results: list[CaseOut]


class CaseDraftPatch(Schema):
    model_config = {"extra": "forbid"}

    title: Annotated[str, Field(max_length=200)] | None = None
    surface_issues: Text | None = None
    root_issues: Text | None = None
    insights: Text | None = None
    actions_worked: Text | None = None
    actions_not_worked: Text | None = None
    outcomes: Text | None = None
    lessons: Text | None = None
    body: Text | None = None
    duration_months: Annotated[int, Field(ge=1, le=600)] | None = None
    tags: Annotated[list[Annotated[str, Field(max_length=30)]], Field(max_length=12)] | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


class CaseReviewIn(Schema):
    model_config = {"extra": "forbid"}

    comment: Annotated[str, Field(max_length=2000)] = ""
    version: Version | None = Field(None, description=VERSION_HELP)


class CasePublishIn(Schema):
    model_config = {"extra": "forbid"}

    scope: Literal["organization", "network"] | None = Field(
        None, description="organization / network（必須）"
    )
    network: Id | None = Field(None, description="scope が network のとき、公開先のネットワークの ID")
    version: Version | None = Field(None, description=VERSION_HELP)


class CaseVersionIn(Schema):
    model_config = {"extra": "forbid"}

    version: Version | None = Field(None, description=VERSION_HELP)


class CaseWithdrawIn(Schema):
    model_config = {"extra": "forbid"}

    reason: Annotated[str, Field(max_length=MAX_WITHDRAWAL_REASON)] = Field(
        "", description="取り下げの理由（必須）"
    )
    version: Version | None = Field(None, description=VERSION_HELP)


class CaseWithdrawnOut(Schema):
    id: int
    withdrawn_at: dt.datetime
    withdrawal_reason: str
    version: int = Field(description="取り下げた後の版")
    case_draft: int | None = Field(None, description="元の下書き（状態は withdrawn）")


def _draft(request, draft_id: int) -> CaseDraft:
    queries.ensure_support_side(request.membership)
    return queries.draft_or_404(request.membership, draft_id)


@router.post(
    "/engagements/{engagement_id}/case-drafts",
    response={201: CaseDraftOut},
    summary="事例として共有: 案件の記録から、名前などを置き換えた事例の下書きを作る",
)
def create_case_draft(request, engagement_id: Id):
    queries.ensure_support_side(request.membership)
    draft = domain.create_draft(membership=request.membership, engagement_id=engagement_id, by=request.user)
    return Status(201, CaseDraftOut.of(draft))


@router.get(
    "/case-drafts/{draft_id}", response=CaseDraftOut, summary="事例の下書き（置き換えと残っている語つき）"
)
def read_case_draft(request, draft_id: Id):
    return CaseDraftOut.of(_draft(request, draft_id))


@router.patch("/case-drafts/{draft_id}", response=CaseDraftOut, summary="事例の下書きを編集する")
def update_case_draft(request, draft_id: Id, payload: CaseDraftPatch):
    draft = _draft(request, draft_id)
    changes, version = patch_body(request, payload)
    changes = {k: v for k, v in changes.items() if v is not None or k == "duration_months"}
    updated = domain.update_draft(
        draft_id=draft.pk, membership=request.membership, by=request.user, version=version, changes=changes
    )
    return CaseDraftOut.of(updated)


@router.post(
    "/case-drafts/{draft_id}/submit",
    response=CaseDraftOut,
    summary="レビューに出す（作成者）",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def submit_case_draft(request, draft_id: Id, body: CaseVersionIn | None = None):
    draft = _draft(request, draft_id)
    version = required_version(request, body.version if body else None)
    return CaseDraftOut.of(
        domain.submit(draft_id=draft.pk, membership=request.membership, by=request.user, version=version)
    )


@router.post(
    "/case-drafts/{draft_id}/approve",
    response=CaseDraftOut,
    summary="承認する（管理者・レビュー担当。作成者は不可。案件の記録の語が残っている間は 400）",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def approve_case_draft(request, draft_id: Id, body: CaseReviewIn | None = None):
    draft = _draft(request, draft_id)
    version = required_version(request, body.version if body else None)
    approved = domain.approve(
        draft_id=draft.pk,
        membership=request.membership,
        by=request.user,
        version=version,
        comment=body.comment if body else "",
    )
    return CaseDraftOut.of(approved)


@router.post(
    "/case-drafts/{draft_id}/publish",
    response={201: CaseOut},
    summary="承認済みの事例を公開する（自機関内、または許可されたネットワーク）",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def publish_case_draft(request, draft_id: Id, body: CasePublishIn):
    draft = _draft(request, draft_id)  # access before the body's rules: a foreign draft is 404
    if body.scope is None:
        raise ValidationError({"scope": "公開範囲（organization か network）を指定してください。"})
    version = required_version(request, body.version)
    case = domain.publish(
        draft_id=draft.pk,
        membership=request.membership,
        by=request.user,
        version=version,
        scope=body.scope,
        network_id=body.network,
    )
    return Status(201, CaseOut.of(case))


@router.get(
    "/cases", response=CasePage, summary="読める事例の一覧（自機関と、参加ネットワークに公開されたもの）"
)
def list_cases(
    request,
    industry: Filter = "",
    size: Filter = "",
    wall: Filter = "",
    scope: Filter = "",
    page: PageNumber = 1,
    page_size: PageSize = 100,
):
    queries.ensure_support_side(request.membership)
    found = queries.cases_for(request.membership, industry=industry, size=size, wall=wall, scope=scope)
    return paginate(found, page, page_size, CaseOut.of)


@router.get("/cases/{case_id}", response=CaseOut, summary="事例")
def read_case(request, case_id: Id):
    return CaseOut.of(queries.case_or_404(request.membership, case_id))


@router.post(
    "/cases/{case_id}/withdraw",
    response=CaseWithdrawnOut,
    summary="事例を取り下げる（作成者、公開した機関の管理者・レビュー担当。理由が必要）",
    description="取り下げた事例は一覧・検索・似ている事例から直ちに消え、他機関の読み手には 404 に"
    "なります。機関の外には通知しません。`version` は事例の版（古いと 409）。",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def withdraw_case(request, case_id: Id, body: CaseWithdrawIn | None = None):
    case = queries.case_or_404(request.membership, case_id)
    draft = domain.draft_of_case(case)
    if not domain.may_withdraw(request.membership, case, draft):
        raise PermissionDenied(domain.NOT_WITHDRAWER_MESSAGE)
    version = required_version(request, body.version if body else None)
    case = domain.withdraw(
        case_id=case.pk,
        membership=request.membership,
        by=request.user,
        version=version,
        reason=body.reason if body else "",
    )
    return CaseWithdrawnOut(
        id=case.pk,
        withdrawn_at=case.withdrawn_at,
        withdrawal_reason=case.withdrawal_reason,
        version=case.version,
        case_draft=draft.pk if draft is not None else None,
    )
