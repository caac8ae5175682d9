"""/api/v1/engagements/{id}/actions (+ /reviews), /referrals, /follow-ups, /outcome-baseline and the
organization's /support-bodies (api.md). Same domain functions and access rule as the pages:
another organization's engagement is 404, a read-only role 403, a stale `version` 409, a field
error 422 with Japanese messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
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
    paginate,
    required_version,
)
from banso.api.engagements import load_engagement
from banso.core.access import (
    NOT_ALLOWED_MESSAGE,
    NOT_FOUND_MESSAGE,
    get_changeable_or_404,
    get_visible_or_404,
    may_write,
)
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.engagements.domain import actions as action_domain
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.models import (
    Action,
    ActionReview,
    FollowUp,
    OutcomeBaseline,
    Referral,
    SupportBody,
)

router = Router(tags=["engagements"])

ActionStatus = Literal["not_started", "in_progress", "done", "revising", "cancelled"]
ReferralStatus = Literal["planned", "requested", "in_progress", "completed", "not_used"]
BodyType = Literal[
    "yorozu",
    "smrj",
    "chamber",
    "revitalization_council",
    "succession_center",
    "prefectural_center",
    "financial_institution",
    "professional",
    "expert_dispatch",
    "other",
]
Profession = Literal["", "tax_accountant", "sme_consultant", "labor_consultant", "lawyer", "patent_attorney"]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- Loading through the access rule -------------------------------------------------------------


def _related(queryset, pk, field: str, message: str):
    """An object the payload names by id, from the engagement's own ones; 422 naming the field."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


# --- Actions and reviews ---------------------------------------------------------------------------


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
            expected_value=_number(action.expected_value),
            expected_unit=action.expected_unit,
            root_issue=action.root_issue_id,
            status=action.status,
            is_overdue=action.is_overdue(),
            reviews=[ReviewOut.of(r) for r in action.reviews.all()],
            version=action.version,
            created_at=action.created_at,
            updated_at=action.updated_at,
        )


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


def _actions(engagement):
    return (
        Action.objects.filter(engagement=engagement)
        .select_related("owner")
        .prefetch_related(Prefetch("reviews", ActionReview.objects.order_by("reviewed_on", "id")))
        .order_by("due_on", "position", "id")
    )


def _action_links(engagement, data: dict) -> dict:
    fields = dict(data)
    if "owner" in fields:
        fields["owner"] = _related(
            engagement.stakeholders.all(),
            fields["owner"],
            "owner",
            "担当者は、この案件の関係者から選んでください。",
        )
    if "root_issue" in fields:
        fields["root_issue"] = _related(
            engagement.issue_nodes.all(),
            fields["root_issue"],
            "root_issue",
            "取り組む裏課題は、この案件の課題ツリーから選んでください。",
        )
    for name in ("how_much", "how", "expected_effect", "expected_unit", "what"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


@router.get(
    "/engagements/{engagement_id}/actions", response=list[ActionOut], summary="アクションプランの一覧"
)
def list_actions(request, engagement_id: Id):
    return [ActionOut.of(a) for a in _actions(load_engagement(request, engagement_id))]


@router.post("/engagements/{engagement_id}/actions", response={201: ActionOut}, summary="アクションの追加")
def create_action(request, engagement_id: Id, payload: ActionIn):
    engagement = load_engagement(request, engagement_id, change=True)
    action = action_domain.create_action(
        engagement, by=request.user, **_action_links(engagement, payload.dict())
    )
    return Status(201, ActionOut.of(_actions(engagement).get(pk=action.pk)))


def _action(request, engagement, action_id: int, *, change: bool = False) -> Action:
    get = get_changeable_or_404 if change else get_visible_or_404
    return get(_actions(engagement), request.membership, pk=action_id)


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
    fields = payload.dict(exclude_unset=True)
    version = required_version(request, fields.pop("version", None))
    action_domain.update_action(
        action, by=request.user, expected_version=version, **_action_links(engagement, fields)
    )
    return ActionOut.of(_actions(engagement).get(pk=action.pk))


@router.get(
    "/engagements/{engagement_id}/actions/{action_id}/reviews",
    response=list[ReviewOut],
    summary="アクションの振り返り（PDCA の記録）",
)
def list_reviews(request, engagement_id: Id, action_id: Id):
    action = _action(request, load_engagement(request, engagement_id), action_id)
    return [ReviewOut.of(r) for r in action.reviews.all()]


@router.post(
    "/engagements/{engagement_id}/actions/{action_id}/reviews",
    response={201: ReviewOut},
    summary="アクションの振り返りを記録",
)
def create_review(request, engagement_id: Id, action_id: Id, payload: ReviewIn):
    engagement = load_engagement(request, engagement_id)
    action = _action(request, engagement, action_id, change=True)
    data = payload.dict()
    dialogue = _related(
        engagement.dialogues.all(),
        data.pop("dialogue"),
        "dialogue",
        "振り返った対話は、この案件の対話記録から選んでください。",
    )
    review = action_domain.review_action(
        action, by=request.user, expected_version=data.pop("version"), dialogue=dialogue, **data
    )
    return Status(201, ReviewOut.of(review))


# --- Referrals ---------------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    engagement: int
    support_body: Id
    support_body_name: str
    contact_name: str
    issue: Id | None
    reason: str
    referred_on: dt.date
    status: ReferralStatus
    outcome: str
    closed_on: dt.date | None
    referred_by: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(referral: Referral) -> ReferralOut:
        return ReferralOut(
            id=referral.pk,
            engagement=referral.engagement_id,
            support_body=referral.support_body_id,
            support_body_name=referral.support_body.name,
            contact_name=referral.contact_name,
            issue=referral.issue_id,
            reason=referral.reason,
            referred_on=referral.referred_on,
            status=referral.status,
            outcome=referral.outcome,
            closed_on=referral.closed_on,
            referred_by=referral.referred_by_id,
            version=referral.version,
            created_at=referral.created_at,
            updated_at=referral.updated_at,
        )


class ReferralIn(Schema):
    support_body: Id = Field(description="橋渡し先（/support-bodies の ID）")
    reason: str
    referred_on: dt.date | None = Field(None, description="省略時は今日")
    issue: Id | None = Field(None, description="関係する課題（課題ツリーの ID）")
    contact_name: str = Field("", max_length=100)
    status: ReferralStatus = "planned"
    outcome: str = ""
    closed_on: dt.date | None = Field(None, description="完了・見送りの日（省略時は今日）")


class ReferralPatch(Schema):
    support_body: Id | None = None
    reason: str | None = None
    referred_on: dt.date | None = None
    issue: Id | None = None
    contact_name: str | None = Field(None, max_length=100)
    status: ReferralStatus | None = None
    outcome: str | None = None
    closed_on: dt.date | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


def _referrals(engagement):
    return (
        Referral.objects.filter(engagement=engagement)
        .select_related("support_body")
        .order_by("referred_on", "id")
    )


def _referral_links(request, engagement, data: dict) -> dict:
    fields = dict(data)
    if "support_body" in fields:
        fields["support_body"] = _related(
            SupportBody.objects.visible_to(request.membership),
            fields["support_body"],
            "support_body",
            "橋渡し先は、自分の支援機関の一覧から選んでください。",
        )
        if fields["support_body"] is None:
            raise ValidationError({"support_body": "橋渡し先を指定してください。"})
    if "issue" in fields:
        fields["issue"] = _related(
            engagement.issue_nodes.all(),
            fields["issue"],
            "issue",
            "関係する課題は、この案件の課題ツリーから選んでください。",
        )
    for name in ("reason", "contact_name", "outcome"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


@router.get("/engagements/{engagement_id}/referrals", response=list[ReferralOut], summary="橋渡しの一覧")
def list_referrals(request, engagement_id: Id):
    return [ReferralOut.of(r) for r in _referrals(load_engagement(request, engagement_id))]


@router.post("/engagements/{engagement_id}/referrals", response={201: ReferralOut}, summary="橋渡しの記録")
def create_referral(request, engagement_id: Id, payload: ReferralIn):
    engagement = load_engagement(request, engagement_id, change=True)
    referral = referral_domain.refer(
        engagement, by=request.user, **_referral_links(request, engagement, payload.dict())
    )
    return Status(201, ReferralOut.of(_referrals(engagement).get(pk=referral.pk)))


@router.get(
    "/engagements/{engagement_id}/referrals/{referral_id}", response=ReferralOut, summary="橋渡しの取得"
)
def read_referral(request, engagement_id: Id, referral_id: Id):
    engagement = load_engagement(request, engagement_id)
    return ReferralOut.of(get_visible_or_404(_referrals(engagement), request.membership, pk=referral_id))


@router.patch(
    "/engagements/{engagement_id}/referrals/{referral_id}", response=ReferralOut, summary="橋渡しの更新"
)
def update_referral(request, engagement_id: Id, referral_id: Id, payload: ReferralPatch):
    engagement = load_engagement(request, engagement_id)
    referral = get_changeable_or_404(_referrals(engagement), request.membership, pk=referral_id)
    fields = payload.dict(exclude_unset=True)
    version = required_version(request, fields.pop("version", None))
    referral_domain.update_referral(
        referral, by=request.user, expected_version=version, **_referral_links(request, engagement, fields)
    )
    return ReferralOut.of(_referrals(engagement).get(pk=referral.pk))


# --- Follow-ups and the baseline -------------------------------------------------------------------


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
            version=f.version,
            created_at=f.created_at,
            updated_at=f.updated_at,
            **_figures(f),
        )


def _figures(obj) -> dict:
    figures = obj.figures()
    figures["wage_increase_rate"] = _number(figures["wage_increase_rate"])
    return figures


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


def _text_fields(fields: dict, names) -> dict:
    for name in names:
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


@router.get(
    "/engagements/{engagement_id}/follow-ups", response=list[FollowUpOut], summary="フォローアップの一覧"
)
def list_follow_ups(request, engagement_id: Id):
    engagement = load_engagement(request, engagement_id)
    return [
        FollowUpOut.of(f)
        for f in FollowUp.objects.filter(engagement=engagement).order_by("scheduled_on", "id")
    ]


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
    return FollowUpOut.of(
        get_visible_or_404(
            FollowUp.objects.filter(engagement=engagement), request.membership, pk=follow_up_id
        )
    )


@router.patch(
    "/engagements/{engagement_id}/follow-ups/{follow_up_id}",
    response=FollowUpOut,
    summary="フォローアップの更新・記録",
)
def update_follow_up(request, engagement_id: Id, follow_up_id: Id, payload: FollowUpPatch):
    engagement = load_engagement(request, engagement_id)
    follow_up = get_changeable_or_404(
        FollowUp.objects.filter(engagement=engagement), request.membership, pk=follow_up_id
    )
    fields = _text_fields(payload.dict(exclude_unset=True), ("evidence", "note"))
    version = required_version(request, fields.pop("version", None))
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


# --- The organization's directory of support bodies ------------------------------------------------


class SupportBodyOut(Schema):
    id: int
    name: str
    body_type: BodyType
    body_type_name: str
    profession: Profession
    region: str
    contact_name: str
    phone: str
    email: str
    url: str
    specialties: str
    note: str
    is_active: bool
    version: int

    @staticmethod
    def of(b: SupportBody) -> SupportBodyOut:
        return SupportBodyOut(
            id=b.pk,
            name=b.name,
            body_type=b.body_type,
            body_type_name=b.type_label,
            profession=b.profession,
            region=b.region,
            contact_name=b.contact_name,
            phone=b.phone,
            email=b.email,
            url=b.url,
            specialties=b.specialties,
            note=b.note,
            is_active=b.is_active,
            version=b.version,
        )


class SupportBodyIn(Schema):
    name: str = Field(max_length=200)
    body_type: BodyType
    profession: Profession = ""
    region: str = Field("", max_length=100)
    contact_name: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    url: str = Field("", max_length=200)
    specialties: str = ""
    note: str = ""


class SupportBodyPatch(Schema):
    name: str | None = Field(None, max_length=200)
    body_type: BodyType | None = None
    profession: Profession | None = None
    region: str | None = Field(None, max_length=100)
    contact_name: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    url: str | None = Field(None, max_length=200)
    specialties: str | None = None
    note: str | None = None
    is_active: bool | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


def _directory(request):
    """The directory: support-side members only (the company's own people get 404, as on the page)."""
    if request.membership.role not in SUPPORT_SIDE_ROLES:
        raise Http404(NOT_FOUND_MESSAGE)
    return SupportBody.objects.visible_to(request.membership)


class SupportBodyPage(Page):
    results: list[SupportBodyOut]


@router.get("/support-bodies", response=SupportBodyPage, summary="橋渡し先（支援機関・専門家）の一覧")
def list_support_bodies(
    request,
    body_type: BodyType | None = None,
    active: bool | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 100,
):
    bodies = _directory(request).order_by("body_type", "name", "id")
    if body_type:
        bodies = bodies.filter(body_type=body_type)
    if active is not None:
        bodies = bodies.filter(is_active=active)
    return paginate(bodies, page, page_size, SupportBodyOut.of)


@router.post("/support-bodies", response={201: SupportBodyOut}, summary="橋渡し先の登録")
def create_support_body(request, payload: SupportBodyIn):
    _directory(request)
    if not may_write(request.membership, SupportBody):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    fields = payload.dict()
    body = referral_domain.create_support_body(
        request.organization,
        by=request.user,
        name=fields.pop("name"),
        body_type=fields.pop("body_type"),
        **fields,
    )
    return Status(201, SupportBodyOut.of(body))


@router.get("/support-bodies/{support_body_id}", response=SupportBodyOut, summary="橋渡し先の取得")
def read_support_body(request, support_body_id: Id):
    return SupportBodyOut.of(get_visible_or_404(_directory(request), request.membership, pk=support_body_id))


@router.patch("/support-bodies/{support_body_id}", response=SupportBodyOut, summary="橋渡し先の更新")
def update_support_body(request, support_body_id: Id, payload: SupportBodyPatch):
    body = get_changeable_or_404(_directory(request), request.membership, pk=support_body_id)
    fields = _text_fields(
        payload.dict(exclude_unset=True),
        ("profession", "region", "contact_name", "phone", "email", "url", "specialties", "note"),
    )
    version = required_version(request, fields.pop("version", None))
    for name in ("name", "body_type", "is_active"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: "この項目に null は指定できません。"})
    return SupportBodyOut.of(
        referral_domain.update_support_body(body, by=request.user, expected_version=version, **fields)
    )
