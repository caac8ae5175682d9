"""/api/v1/engagements/{engagement_id}/stakeholders: the stakeholder map."""

from __future__ import annotations

import datetime as dt

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
from banso.api.engagements._common import RoleLiteral, StanceLiteral, load_engagement, load_record
from banso.engagements import domain, queries
from banso.engagements.models import Stakeholder

router = Router(tags=["engagements"])


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
            **stamps(s),
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


@router.get("/engagements/{engagement_id}/stakeholders", response=StakeholderPage, summary="関係者の一覧")
def list_stakeholders(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    return paginate(queries.stakeholders_of(engagement), page, page_size, StakeholderOut.of)


@router.post(
    "/engagements/{engagement_id}/stakeholders", response={201: StakeholderOut}, summary="関係者の追加"
)
def create_stakeholder(request, engagement_id: Id, payload: StakeholderIn):
    engagement = load_engagement(request, engagement_id, change=True)
    person = domain.add_stakeholder(engagement, by=request.user, **payload.dict())
    return Status(201, StakeholderOut.of(queries.stakeholders_of(engagement).get(pk=person.pk)))


@router.get(
    "/engagements/{engagement_id}/stakeholders/{stakeholder_id}",
    response=StakeholderOut,
    summary="関係者の取得",
)
def read_stakeholder(request, engagement_id: Id, stakeholder_id: Id):
    engagement = load_engagement(request, engagement_id)
    return StakeholderOut.of(load_record(Stakeholder, request, engagement, stakeholder_id))


@router.patch(
    "/engagements/{engagement_id}/stakeholders/{stakeholder_id}",
    response=StakeholderOut,
    summary="関係者の更新",
)
def update_stakeholder(request, engagement_id: Id, stakeholder_id: Id, payload: StakeholderPatch):
    engagement = load_engagement(request, engagement_id, change=True)
    person = load_record(Stakeholder, request, engagement, stakeholder_id, change=True)
    data, version = patch_body(request, payload, blank=("title", "concerns", "note"))
    domain.update_stakeholder(person, by=request.user, expected_version=version, **data)
    return StakeholderOut.of(queries.stakeholders_of(engagement).get(pk=person.pk))
