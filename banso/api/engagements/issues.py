"""/api/v1/engagements/{engagement_id}/issues: the issue tree (表課題 → なぜ → 裏課題)."""

from __future__ import annotations

import datetime as dt

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
    patch_body,
    stamps,
)
from banso.api.engagements._common import IssueKindLiteral, engagement_rows, load_engagement, load_record
from banso.engagements import domain, queries
from banso.engagements.domain.issues import FOREIGN_DIALOGUE_MESSAGE
from banso.engagements.models import Dialogue, Engagement, IssueNode

router = Router(tags=["engagements"])


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
            **stamps(n),
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
    return engagement_rows(IssueNode, engagement, [parent_id], PARENT_MESSAGE, "parent")[0]


@router.get("/engagements/{engagement_id}/issues", response=IssuePage, summary="課題ツリーの課題の一覧")
def list_issues(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = MAX_PAGE_SIZE):
    engagement = load_engagement(request, engagement_id)
    return paginate(queries.issues_of(engagement), page, page_size, IssueOut.of)


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
        dialogues=engagement_rows(
            Dialogue, engagement, payload.dialogues, FOREIGN_DIALOGUE_MESSAGE, "dialogues"
        ),
    )
    return Status(201, IssueOut.of(queries.issues_of(engagement).get(pk=node.pk)))


@router.get("/engagements/{engagement_id}/issues/{issue_id}", response=IssueOut, summary="課題の取得")
def read_issue(request, engagement_id: Id, issue_id: Id):
    engagement = load_engagement(request, engagement_id)
    return IssueOut.of(load_record(IssueNode, request, engagement, issue_id))


@router.patch("/engagements/{engagement_id}/issues/{issue_id}", response=IssueOut, summary="課題の更新・移動")
def update_issue(request, engagement_id: Id, issue_id: Id, payload: IssuePatch):
    """Text, note, links, kind (mark / unmark 裏課題), agreed date and parent (move; null = top)."""
    engagement = load_engagement(request, engagement_id, change=True)
    node = load_record(IssueNode, request, engagement, issue_id, change=True)
    data, version = patch_body(request, payload, blank=("text", "note"))
    if "parent" in data:
        data["parent"] = _parent(engagement, data["parent"])
    if "dialogues" in data:
        data["dialogues"] = engagement_rows(
            Dialogue, engagement, data["dialogues"] or [], FOREIGN_DIALOGUE_MESSAGE, "dialogues"
        )
    domain.update_issue_node(node, by=request.user, expected_version=version, **data)
    return IssueOut.of(queries.issues_of(engagement).get(pk=node.pk))
