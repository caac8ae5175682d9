"""/api/v1/companies/{company_id}/engagements and /api/v1/engagements/{engagement_id}: start, read,
list and edit an engagement (fields, team, status and step through domain.update_engagement)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema, Status

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
from banso.api.engagements._common import (
    LEAD_MESSAGE,
    MEMBERS_MESSAGE,
    KindLiteral,
    StatusLiteral,
    load_engagement,
    support_side_company,
    team_users,
)
from banso.companies.models import Company
from banso.core.access import (
    get_changeable_or_404,
)
from banso.engagements import domain, queries
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement

router = Router(tags=["engagements"])


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
            **stamps(e),
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
    company = support_side_company(request, company_id)
    return paginate(
        queries.visible_engagements_of(request.membership, company), page, page_size, EngagementOut.of
    )


@router.post(
    "/companies/{company_id}/engagements", response={201: EngagementOut}, summary="伴走支援案件の開始"
)
def start_engagement(request, company_id: Id, payload: EngagementIn):
    support_side_company(request, company_id)
    company = get_changeable_or_404(Company, request.membership, pk=company_id)
    lead = request.user
    if payload.lead_supporter is not None:
        lead = team_users(company, [payload.lead_supporter], LEAD_MESSAGE, "lead_supporter")[0]
    members = team_users(company, payload.members, MEMBERS_MESSAGE, "members")
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
    # (The docstring is the operation's description in the OpenAPI document.) One call of
    # domain.update_engagement, the same the edit page makes; it checks `version` before anything.
    engagement = load_engagement(request, engagement_id, change=True)
    data, version = patch_body(request, payload)
    for name in ("status_reason", "step_reason"):
        if name in data:
            data[name] = data[name] or ""
    if "lead_supporter" in data:
        data["lead_supporter"] = team_users(
            engagement.company, [data["lead_supporter"]], LEAD_MESSAGE, "lead_supporter"
        )[0]
    if data.get("members") is not None:
        data["members"] = team_users(engagement.company, data["members"], MEMBERS_MESSAGE, "members")
    domain.update_engagement(engagement, by=request.user, expected_version=version, **data)
    return EngagementOut.of(load_engagement(request, engagement_id))
