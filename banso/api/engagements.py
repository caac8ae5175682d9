"""/api/v1/companies/{company_id}/engagements and /api/v1/engagements/{engagement_id}/... (api.md):
engagements, dialogues, issues (the issue tree), wall-assessments and stakeholders.

Same domain functions and access rule as the pages: a foreign object is 404, a read-only one 403,
a stale `version` 409, a field rule 422 and a business rule 400, each with a Japanese `detail`.
Lists answer {"count", "page", "page_size", "results"} like /companies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from banso.api.common import (
    MAX_PAGE_SIZE,
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    required_version,
)
from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.core.access import NOT_FOUND_MESSAGE, get_changeable_or_404, get_visible_or_404
from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError
from banso.engagements import domain
from banso.engagements.domain.dialogues import FOREIGN_ADVISOR_MESSAGE, FOREIGN_PARTICIPANT_MESSAGE
from banso.engagements.domain.issues import FOREIGN_DIALOGUE_MESSAGE
from banso.engagements.engines import guideline as g
from banso.engagements.models import Dialogue, Engagement, IssueNode, Stakeholder, WallAssessment
from banso.engagements.queries import team_candidates

router = Router(tags=["engagements"])

KindLiteral = Literal["process", "early_plan", "plan_405", "other"]
StatusLiteral = Literal["candidate", "active", "follow_up", "closed", "cancelled"]
FormLiteral = Literal["meeting", "site_visit", "online", "task_team", "phone"]
IssueKindLiteral = Literal["surface", "why", "root"]
RoleLiteral = Literal[
    "owner", "successor", "executive", "field_leader", "employee", "family", "business_partner", "lender"
]
StanceLiteral = Literal["promoting", "neutral", "cautious", "resisting"]
LEAD_MESSAGE = "lead_supporter には、この事業者の担当支援者か管理者の利用者 ID を指定してください。"
MEMBERS_MESSAGE = "members には、この事業者の担当支援者か管理者の利用者 ID だけを指定してください。"


# --- Loading through the access rule ---------------------------------------------------------------


def load_engagement(request, engagement_id: int, *, change: bool = False) -> Engagement:
    """The engagement through the access rule (404 foreign; 403 with `change` for read-only roles).
    Both engagement routers load through this."""
    queryset = Engagement.objects.select_related("company", "lead_supporter")
    if change:
        return get_changeable_or_404(queryset, request.membership, pk=engagement_id)
    return get_visible_or_404(queryset, request.membership, pk=engagement_id)


def _child(model, request, engagement: Engagement, pk: int, *, change: bool = False):
    queryset = model.objects.filter(engagement=engagement)
    if change:
        return get_changeable_or_404(queryset, request.membership, pk=pk)
    return get_visible_or_404(queryset, request.membership, pk=pk)


def _users(company, ids: list[int], message: str, field: str) -> list:
    """Users named by id, among those who may work on this company's engagements; any other id —
    another organization's user included — is the same "not found" message, never a name."""
    users = list(team_candidates(company).filter(pk__in=ids))
    if len(users) != len(set(ids)):
        raise ValidationError({field: message})
    return users


def _same_engagement(model, engagement: Engagement, ids: list[int], message: str, field: str) -> list:
    rows = list(model.objects.filter(engagement=engagement, pk__in=ids))
    if len(rows) != len(set(ids)):
        raise ValidationError({field: message})
    return rows


def _aware(value: dt.datetime) -> dt.datetime:
    """A date-time without a zone is Japan time (the users' clock)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# --- Engagements ----------------------------------------------------------------------------------


class EngagementOut(Schema):
    id: int
    company_id: int
    kind: KindLiteral
    title: str
    display_title: str
    status: StatusLiteral
    status_reason: str
    step: int
    step_label: str
    started_on: dt.date
    planned_months: int
    planned_end_on: dt.date
    ended_on: dt.date | None
    lead_supporter: Id
    members: list[Id]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(e: Engagement) -> EngagementOut:
        return EngagementOut(
            id=e.pk,
            company_id=e.company_id,
            kind=e.kind,
            title=e.title,
            display_title=str(e),
            status=e.status,
            status_reason=e.status_reason,
            step=e.step,
            step_label=g.step_label(e.step),
            started_on=e.started_on,
            planned_months=e.planned_months,
            planned_end_on=e.planned_end_on,
            ended_on=e.ended_on,
            lead_supporter=e.lead_supporter_id,
            members=sorted(m.pk for m in e.members.all() if m.pk != e.lead_supporter_id),
            version=e.version,
            created_at=e.created_at,
            updated_at=e.updated_at,
        )


class EngagementPage(Page):
    results: list[EngagementOut]


class EngagementIn(Schema):
    kind: KindLiteral = "process"
    title: str = Field("", max_length=200)
    started_on: dt.date | None = Field(None, description="省略時は今日")
    planned_months: int = g.DEFAULT_PLANNED_MONTHS
    lead_supporter: Id | None = Field(None, description="省略時はトークンの利用者")
    members: list[Id] = Field(default_factory=list, description="主担当以外の支援チーム（利用者 ID）")
    step: Literal[1, 2] = Field(1, description="始めるステップ（①または②）")


class EngagementPatch(Schema):
    kind: KindLiteral | None = None
    title: str | None = Field(None, max_length=200)
    started_on: dt.date | None = None
    planned_months: int | None = None
    lead_supporter: Id | None = None
    members: list[Id] | None = None
    status: StatusLiteral | None = None
    status_reason: str | None = Field(None, description="中止・再開の理由（中止と再開では必須）")
    status_on: dt.date | None = Field(None, description="終了・中止した日（省略時は今日）")
    step: int | None = Field(None, description="移るステップ 1–7（前へも後ろへも）")
    step_reason: str | None = Field(None, description="ステップを移る理由（step を指定するときは必須）")
    step_decided_on: dt.date | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


@router.get(
    "/companies/{company_id}/engagements", response=EngagementPage, summary="事業者の伴走支援案件の一覧"
)
def list_engagements(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 50):
    company = _support_side_company(request, company_id)
    queryset = (
        Engagement.objects.visible_to(request.membership)
        .filter(company=company)
        .prefetch_related("members")
        .order_by("-started_on", "-id")
    )
    return paginate(queryset, page, page_size, EngagementOut.of)


def _support_side_company(request, company_id: int) -> Company:
    """Engagements are the support side's record (models.base.SupportSideQuerySet): company-side
    users get the same 404 as for anything else they may not see."""
    if request.membership.is_company_side:
        raise Http404(NOT_FOUND_MESSAGE)
    return visible_company_or_404(request.membership, company_id)


@router.post(
    "/companies/{company_id}/engagements", response={201: EngagementOut}, summary="伴走支援案件の開始"
)
def start_engagement(request, company_id: Id, payload: EngagementIn):
    _support_side_company(request, company_id)
    company = get_changeable_or_404(Company, request.membership, pk=company_id)
    lead = request.user
    if payload.lead_supporter is not None:
        lead = _users(company, [payload.lead_supporter], LEAD_MESSAGE, "lead_supporter")[0]
    members = _users(company, payload.members, MEMBERS_MESSAGE, "members")
    engagement = domain.start_engagement(
        company,
        by=request.user,
        kind=payload.kind,
        title=payload.title,
        started_on=payload.started_on,
        planned_months=payload.planned_months,
        lead_supporter=lead,
        members=members,
        step=payload.step,
    )
    return Status(201, EngagementOut.of(load_engagement(request, engagement.pk)))


@router.get("/engagements/{engagement_id}", response=EngagementOut, summary="伴走支援案件の取得")
def read_engagement(request, engagement_id: Id):
    return EngagementOut.of(load_engagement(request, engagement_id))


@router.patch("/engagements/{engagement_id}", response=EngagementOut, summary="伴走支援案件の更新")
def update_engagement(request, engagement_id: Id, payload: EngagementPatch):
    """Fields, the team, the status (change_status) and the step (advance_step / return_to_step), in
    that order and all or nothing; `version` guards the first change."""
    engagement = load_engagement(request, engagement_id, change=True)
    data = payload.dict(exclude_unset=True)
    version = required_version(request, data.pop("version", None))
    members = data.pop("members", None)
    status = data.pop("status", None)
    status_reason = data.pop("status_reason", "") or ""
    status_on = data.pop("status_on", None)
    step = data.pop("step", None)
    step_reason = data.pop("step_reason", "") or ""
    step_decided_on = data.pop("step_decided_on", None)
    if "lead_supporter" in data:
        data["lead_supporter"] = _users(
            engagement.company, [data["lead_supporter"]], LEAD_MESSAGE, "lead_supporter"
        )[0]
    if version is not None and engagement.version != version:
        raise ConflictError(STALE_EDIT_MESSAGE)
    with transaction.atomic():
        if data:
            engagement = domain.update_engagement(
                engagement, by=request.user, expected_version=version, **data
            )
            version = engagement.version
        if members is not None:
            domain.set_team(
                engagement,
                by=request.user,
                members=_users(engagement.company, members, MEMBERS_MESSAGE, "members"),
            )
        if status is not None and status != engagement.status:
            engagement = domain.change_status(
                engagement,
                by=request.user,
                status=status,
                reason=status_reason,
                on=status_on,
                expected_version=version,
            )
            version = engagement.version
        if step is not None and step != engagement.step:
            move = domain.advance_step if step > engagement.step else domain.return_to_step
            move(
                engagement,
                by=request.user,
                to_step=step,
                reason=step_reason,
                decided_on=step_decided_on,
                expected_version=version,
            )
    return EngagementOut.of(load_engagement(request, engagement_id))


# --- Dialogues ------------------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class DialogueOut(Schema):
    id: int
    engagement_id: int
    held_at: dt.datetime
    duration_minutes: int | None
    form: FormLiteral
    step: int
    title: str
    participants: list[Id]
    advisors: list[Id]
    listening_notes: str
    owner_words: str
    owner_quotes: list[str]
    insights: str
    agreements: str
    next_steps: str
    recorded_by: int
    attachments: list[AttachmentOut]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(d: Dialogue) -> DialogueOut:
        return DialogueOut(
            id=d.pk,
            engagement_id=d.engagement_id,
            held_at=timezone.localtime(d.held_at),
            duration_minutes=d.duration_minutes,
            form=d.form,
            step=d.step,
            title=d.title,
            participants=sorted(p.pk for p in d.participants.all()),
            advisors=sorted(a.pk for a in d.advisors.all()),
            listening_notes=d.listening_notes,
            owner_words=d.owner_words,
            owner_quotes=d.owner_quotes,
            insights=d.insights,
            agreements=d.agreements,
            next_steps=d.next_steps,
            recorded_by=d.recorded_by_id,
            attachments=[
                AttachmentOut(
                    id=a.pk,
                    name=a.original_name,
                    content_type=a.content_type,
                    size=a.size,
                    uploaded_at=a.uploaded_at,
                )
                for a in d.attachments.all()
            ],
            version=d.version,
            created_at=d.created_at,
            updated_at=d.updated_at,
        )


class DialoguePage(Page):
    results: list[DialogueOut]


class DialogueIn(Schema):
    held_at: dt.datetime = Field(description="日時（タイムゾーンなしは日本時間）")
    duration_minutes: int | None = 60
    form: FormLiteral = "meeting"
    step: int | None = Field(None, description="省略時は案件の現在のステップ")
    title: str = Field("", max_length=200)
    participants: list[Id] = Field(default_factory=list, description="事業者側の参加者（関係者 ID）")
    advisors: list[Id] | None = Field(
        None, description="参加した支援者（利用者 ID）。省略時はトークンの利用者"
    )
    listening_notes: str = ""
    owner_words: str = Field("", description="経営者の言葉（そのまま、1行に1つ）")
    insights: str = ""
    agreements: str = ""
    next_steps: str = ""


class DialoguePatch(Schema):
    held_at: dt.datetime | None = None
    duration_minutes: int | None = None
    form: FormLiteral | None = None
    step: int | None = None
    title: str | None = Field(None, max_length=200)
    participants: list[Id] | None = None
    advisors: list[Id] | None = None
    listening_notes: str | None = None
    owner_words: str | None = None
    insights: str | None = None
    agreements: str | None = None
    next_steps: str | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


def _dialogue_fields(engagement: Engagement, data: dict) -> dict:
    if data.get("held_at") is not None:
        data["held_at"] = _aware(data["held_at"])
    if "participants" in data:
        data["participants"] = _same_engagement(
            Stakeholder, engagement, data["participants"] or [], FOREIGN_PARTICIPANT_MESSAGE, "participants"
        )
    if data.get("advisors") is not None:
        data["advisors"] = _users(engagement.company, data["advisors"], FOREIGN_ADVISOR_MESSAGE, "advisors")
    for name in ("title", "listening_notes", "owner_words", "insights", "agreements", "next_steps"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


def _dialogues(engagement: Engagement):
    return (
        Dialogue.objects.filter(engagement=engagement)
        .prefetch_related("participants", "advisors", "attachments")
        .order_by("-held_at", "-id")
    )


@router.get("/engagements/{engagement_id}/dialogues", response=DialoguePage, summary="対話記録の一覧")
def list_dialogues(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 50):
    engagement = load_engagement(request, engagement_id)
    return paginate(_dialogues(engagement), page, page_size, DialogueOut.of)


@router.post("/engagements/{engagement_id}/dialogues", response={201: DialogueOut}, summary="対話記録の登録")
def create_dialogue(request, engagement_id: Id, payload: DialogueIn):
    engagement = load_engagement(request, engagement_id, change=True)
    fields = _dialogue_fields(engagement, payload.dict())
    dialogue = domain.record_dialogue(engagement, by=request.user, **fields)
    return Status(201, DialogueOut.of(_dialogues(engagement).get(pk=dialogue.pk)))


@router.get(
    "/engagements/{engagement_id}/dialogues/{dialogue_id}", response=DialogueOut, summary="対話記録の取得"
)
def read_dialogue(request, engagement_id: Id, dialogue_id: Id):
    engagement = load_engagement(request, engagement_id)
    return DialogueOut.of(_child(Dialogue, request, engagement, dialogue_id))


@router.patch(
    "/engagements/{engagement_id}/dialogues/{dialogue_id}", response=DialogueOut, summary="対話記録の更新"
)
def update_dialogue(request, engagement_id: Id, dialogue_id: Id, payload: DialoguePatch):
    engagement = load_engagement(request, engagement_id, change=True)
    dialogue = _child(Dialogue, request, engagement, dialogue_id, change=True)
    data = payload.dict(exclude_unset=True)
    version = required_version(request, data.pop("version", None))
    domain.update_dialogue(
        dialogue, by=request.user, expected_version=version, **_dialogue_fields(engagement, data)
    )
    return DialogueOut.of(_dialogues(engagement).get(pk=dialogue.pk))


# --- Issue tree -----------------------------------------------------------------------------------


class IssueOut(Schema):
    id: int
    engagement_id: int
    parent: Id | None
    kind: IssueKindLiteral
    text: str
    note: str
    agreed_on: dt.date | None
    position: int
    dialogues: list[Id]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(n: IssueNode) -> IssueOut:
        return IssueOut(
            id=n.pk,
            engagement_id=n.engagement_id,
            parent=n.parent_id,
            kind=n.kind,
            text=n.text,
            note=n.note,
            agreed_on=n.agreed_on,
            position=n.position,
            dialogues=sorted(d.pk for d in n.dialogues.all()),
            version=n.version,
            created_at=n.created_at,
            updated_at=n.updated_at,
        )


class IssuePage(Page):
    results: list[IssueOut]


class IssueIn(Schema):
    parent: Id | None = Field(None, description="親の課題 ID（省略・null なら最上位の表課題）")
    kind: IssueKindLiteral | None = Field(None, description="省略時は位置から（最上位は surface、子は why）")
    text: str = Field(max_length=500)
    note: str = ""
    agreed_on: dt.date | None = Field(None, description="経営者が腹落ちした日（kind が root のときだけ）")
    dialogues: list[Id] = Field(default_factory=list, description="話題に出た対話（対話記録 ID）")


class IssuePatch(Schema):
    parent: Id | None = Field(None, description="null で最上位へ移動")
    kind: IssueKindLiteral | None = None
    text: str | None = Field(None, max_length=500)
    note: str | None = None
    agreed_on: dt.date | None = None
    dialogues: list[Id] | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


PARENT_MESSAGE = "親の課題は、同じ案件の課題ツリーから選んでください。"


def _parent(engagement: Engagement, parent_id: int | None) -> IssueNode | None:
    if parent_id is None:
        return None
    return _same_engagement(IssueNode, engagement, [parent_id], PARENT_MESSAGE, "parent")[0]


def _issues(engagement: Engagement):
    return (
        IssueNode.objects.filter(engagement=engagement)
        .prefetch_related("dialogues")
        .order_by("position", "id")
    )


@router.get("/engagements/{engagement_id}/issues", response=IssuePage, summary="課題ツリーの課題の一覧")
def list_issues(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = MAX_PAGE_SIZE):
    engagement = load_engagement(request, engagement_id)
    return paginate(_issues(engagement), page, page_size, IssueOut.of)


@router.post(
    "/engagements/{engagement_id}/issues", response={201: IssueOut}, summary="課題ツリーに課題を追加"
)
def create_issue(request, engagement_id: Id, payload: IssueIn):
    engagement = load_engagement(request, engagement_id, change=True)
    node = domain.add_issue_node(
        engagement,
        by=request.user,
        text=payload.text,
        parent=_parent(engagement, payload.parent),
        kind=payload.kind,
        note=payload.note,
        agreed_on=payload.agreed_on,
        dialogues=_same_engagement(
            Dialogue, engagement, payload.dialogues, FOREIGN_DIALOGUE_MESSAGE, "dialogues"
        ),
    )
    return Status(201, IssueOut.of(_issues(engagement).get(pk=node.pk)))


@router.get("/engagements/{engagement_id}/issues/{issue_id}", response=IssueOut, summary="課題の取得")
def read_issue(request, engagement_id: Id, issue_id: Id):
    engagement = load_engagement(request, engagement_id)
    return IssueOut.of(_child(IssueNode, request, engagement, issue_id))


@router.patch("/engagements/{engagement_id}/issues/{issue_id}", response=IssueOut, summary="課題の更新・移動")
def update_issue(request, engagement_id: Id, issue_id: Id, payload: IssuePatch):
    """Text, note, links, kind (mark / unmark 裏課題), agreed date and parent (move; null = top)."""
    engagement = load_engagement(request, engagement_id, change=True)
    node = _child(IssueNode, request, engagement, issue_id, change=True)
    data = payload.dict(exclude_unset=True)
    version = required_version(request, data.pop("version", None))
    if "parent" in data:
        data["parent"] = _parent(engagement, data["parent"])
    if "dialogues" in data:
        data["dialogues"] = _same_engagement(
            Dialogue, engagement, data["dialogues"] or [], FOREIGN_DIALOGUE_MESSAGE, "dialogues"
        )
    for name in ("text", "note"):
        if name in data and data[name] is None:
            data[name] = ""
    domain.update_issue_node(node, by=request.user, expected_version=version, **data)
    return IssueOut.of(_issues(engagement).get(pk=node.pk))


# --- Wall assessments -----------------------------------------------------------------------------


class WallAssessmentOut(Schema):
    id: int
    engagement_id: int
    assessed_on: dt.date
    ratings: dict[str, int]
    notes: dict[str, str]
    assessed_by: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(a: WallAssessment) -> WallAssessmentOut:
        return WallAssessmentOut(
            id=a.pk,
            engagement_id=a.engagement_id,
            assessed_on=a.assessed_on,
            ratings=a.ratings,
            notes=a.notes,
            assessed_by=a.assessed_by_id,
            version=a.version,
            created_at=a.created_at,
            updated_at=a.updated_at,
        )


class WallAssessmentPage(Page):
    results: list[WallAssessmentOut]


WALLS_HELP = (
    "unseen・unfaced・unexecuted・unfollowed・under_resourced の各キーに 0（乗り越えた）〜3（強い壁）"
)


class WallAssessmentIn(Schema):
    assessed_on: dt.date
    # Any, not int: the domain answers a wrong value with a Japanese message naming the wall.
    ratings: dict[str, Any] = Field(description=WALLS_HELP)
    notes: dict[str, str] = Field(default_factory=dict, description="壁ごとの根拠（キーは ratings と同じ）")


class WallAssessmentPatch(Schema):
    assessed_on: dt.date | None = None
    ratings: dict[str, Any] | None = Field(None, description=WALLS_HELP + "（変える壁だけでも可）")
    notes: dict[str, str] | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


def _walls(engagement: Engagement):
    return WallAssessment.objects.filter(engagement=engagement).order_by("assessed_on", "id")


@router.get(
    "/engagements/{engagement_id}/wall-assessments",
    response=WallAssessmentPage,
    summary="5つの壁の評価の一覧",
)
def list_wall_assessments(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    return paginate(_walls(engagement), page, page_size, WallAssessmentOut.of)


@router.post(
    "/engagements/{engagement_id}/wall-assessments",
    response={201: WallAssessmentOut},
    summary="5つの壁の評価を記録",
)
def create_wall_assessment(request, engagement_id: Id, payload: WallAssessmentIn):
    engagement = load_engagement(request, engagement_id, change=True)
    assessment = domain.record_wall_assessment(
        engagement,
        by=request.user,
        assessed_on=payload.assessed_on,
        ratings=payload.ratings,
        notes=payload.notes,
    )
    return Status(201, WallAssessmentOut.of(assessment))


@router.get(
    "/engagements/{engagement_id}/wall-assessments/{assessment_id}",
    response=WallAssessmentOut,
    summary="5つの壁の評価の取得",
)
def read_wall_assessment(request, engagement_id: Id, assessment_id: Id):
    engagement = load_engagement(request, engagement_id)
    return WallAssessmentOut.of(_child(WallAssessment, request, engagement, assessment_id))


@router.patch(
    "/engagements/{engagement_id}/wall-assessments/{assessment_id}",
    response=WallAssessmentOut,
    summary="5つの壁の評価の修正",
)
def update_wall_assessment(request, engagement_id: Id, assessment_id: Id, payload: WallAssessmentPatch):
    engagement = load_engagement(request, engagement_id, change=True)
    assessment = _child(WallAssessment, request, engagement, assessment_id, change=True)
    data = payload.dict(exclude_unset=True)
    changes = {"assessed_on": data["assessed_on"]} if data.get("assessed_on") else {}
    updated = domain.update_wall_assessment(
        assessment,
        by=request.user,
        expected_version=required_version(request, data.get("version")),
        ratings=data.get("ratings"),
        notes=data.get("notes"),
        **changes,
    )
    return WallAssessmentOut.of(updated)


# --- Stakeholders ---------------------------------------------------------------------------------


class StakeholderOut(Schema):
    id: int
    engagement_id: int
    name: str
    role: RoleLiteral
    title: str
    stance: StanceLiteral
    influence: int
    concerns: str
    note: str
    is_task_team_member: bool
    dialogues: list[Id]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(s: Stakeholder) -> StakeholderOut:
        return StakeholderOut(
            id=s.pk,
            engagement_id=s.engagement_id,
            name=s.name,
            role=s.role,
            title=s.title,
            stance=s.stance,
            influence=s.influence,
            concerns=s.concerns,
            note=s.note,
            is_task_team_member=s.is_task_team_member,
            dialogues=sorted(d.pk for d in s.dialogues.all()),
            version=s.version,
            created_at=s.created_at,
            updated_at=s.updated_at,
        )


class StakeholderPage(Page):
    results: list[StakeholderOut]


class StakeholderIn(Schema):
    name: str = Field(max_length=100)
    role: RoleLiteral
    title: str = Field("", max_length=100)
    stance: StanceLiteral = "neutral"
    influence: int = Field(2, description="1 小・2 中・3 大")
    concerns: str = ""
    note: str = ""
    is_task_team_member: bool = False


class StakeholderPatch(Schema):
    name: str | None = Field(None, max_length=100)
    role: RoleLiteral | None = None
    title: str | None = Field(None, max_length=100)
    stance: StanceLiteral | None = None
    influence: int | None = None
    concerns: str | None = None
    note: str | None = None
    is_task_team_member: bool | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


def _stakeholders(engagement: Engagement):
    return (
        Stakeholder.objects.filter(engagement=engagement)
        .prefetch_related("dialogues")
        .order_by("position", "id")
    )


@router.get("/engagements/{engagement_id}/stakeholders", response=StakeholderPage, summary="関係者の一覧")
def list_stakeholders(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    return paginate(_stakeholders(engagement), page, page_size, StakeholderOut.of)


@router.post(
    "/engagements/{engagement_id}/stakeholders", response={201: StakeholderOut}, summary="関係者の追加"
)
def create_stakeholder(request, engagement_id: Id, payload: StakeholderIn):
    engagement = load_engagement(request, engagement_id, change=True)
    person = domain.add_stakeholder(engagement, by=request.user, **payload.dict())
    return Status(201, StakeholderOut.of(_stakeholders(engagement).get(pk=person.pk)))


@router.get(
    "/engagements/{engagement_id}/stakeholders/{stakeholder_id}",
    response=StakeholderOut,
    summary="関係者の取得",
)
def read_stakeholder(request, engagement_id: Id, stakeholder_id: Id):
    engagement = load_engagement(request, engagement_id)
    return StakeholderOut.of(_child(Stakeholder, request, engagement, stakeholder_id))


@router.patch(
    "/engagements/{engagement_id}/stakeholders/{stakeholder_id}",
    response=StakeholderOut,
    summary="関係者の更新",
)
def update_stakeholder(request, engagement_id: Id, stakeholder_id: Id, payload: StakeholderPatch):
    engagement = load_engagement(request, engagement_id, change=True)
    person = _child(Stakeholder, request, engagement, stakeholder_id, change=True)
    data = payload.dict(exclude_unset=True)
    version = required_version(request, data.pop("version", None))
    for name in ("title", "concerns", "note"):
        if name in data and data[name] is None:
            data[name] = ""
    domain.update_stakeholder(person, by=request.user, expected_version=version, **data)
    return StakeholderOut.of(_stakeholders(engagement).get(pk=person.pk))
