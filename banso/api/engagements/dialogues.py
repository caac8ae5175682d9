"""/api/v1/engagements/{engagement_id}/dialogues: 対話記録."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from banso.api.common import (
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    blank_for_null,
    paginate,
    patch_body,
    stamps,
)
from banso.api.engagements._common import (
    FormLiteral,
    engagement_rows,
    japan_time,
    load_engagement,
    load_record,
    team_users,
)
from banso.engagements import domain, queries
from banso.engagements.domain.dialogues import FOREIGN_ADVISOR_MESSAGE, FOREIGN_PARTICIPANT_MESSAGE
from banso.engagements.models import Dialogue, Engagement, Stakeholder

router = Router(tags=["engagements"])


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
            **stamps(d),
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
        data["held_at"] = japan_time(data["held_at"])
    if "participants" in data:
        data["participants"] = engagement_rows(
            Stakeholder, engagement, data["participants"] or [], FOREIGN_PARTICIPANT_MESSAGE, "participants"
        )
    if data.get("advisors") is not None:
        data["advisors"] = team_users(
            engagement.company, data["advisors"], FOREIGN_ADVISOR_MESSAGE, "advisors"
        )
    return blank_for_null(
        data, ("title", "listening_notes", "owner_words", "insights", "agreements", "next_steps")
    )


@router.get("/engagements/{engagement_id}/dialogues", response=DialoguePage, summary="対話記録の一覧")
def list_dialogues(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 50):
    engagement = load_engagement(request, engagement_id)
    return paginate(queries.dialogues_of(engagement), page, page_size, DialogueOut.of)


@router.post("/engagements/{engagement_id}/dialogues", response={201: DialogueOut}, summary="対話記録の登録")
def create_dialogue(request, engagement_id: Id, payload: DialogueIn):
    engagement = load_engagement(request, engagement_id, change=True)
    fields = _dialogue_fields(engagement, payload.dict())
    dialogue = domain.record_dialogue(engagement, by=request.user, **fields)
    return Status(201, DialogueOut.of(queries.dialogues_of(engagement).get(pk=dialogue.pk)))


@router.get(
    "/engagements/{engagement_id}/dialogues/{dialogue_id}", response=DialogueOut, summary="対話記録の取得"
)
def read_dialogue(request, engagement_id: Id, dialogue_id: Id):
    engagement = load_engagement(request, engagement_id)
    return DialogueOut.of(load_record(Dialogue, request, engagement, dialogue_id))


@router.patch(
    "/engagements/{engagement_id}/dialogues/{dialogue_id}", response=DialogueOut, summary="対話記録の更新"
)
def update_dialogue(request, engagement_id: Id, dialogue_id: Id, payload: DialoguePatch):
    engagement = load_engagement(request, engagement_id, change=True)
    dialogue = load_record(Dialogue, request, engagement, dialogue_id, change=True)
    data, version = patch_body(request, payload)
    domain.update_dialogue(
        dialogue, by=request.user, expected_version=version, **_dialogue_fields(engagement, data)
    )
    return DialogueOut.of(queries.dialogues_of(engagement).get(pk=dialogue.pk))
