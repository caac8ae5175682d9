"""/api/v1/consultations and /api/v1/question-bank: consultations (相談) with their answers, votes and
the accepted answer, and the question bank (質問バンク) — through the same loaders, permissions and
domain functions as the pages (banso.knowledge). A consultation another organization may not read is
404; company-side users get empty lists and 404s."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from banso.api.common import (
    PRECONDITION_REQUIRED,
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    required_version,
)
from banso.core.access import NOT_FOUND_MESSAGE
from banso.knowledge import permissions, queries
from banso.knowledge.domain import consultations as domain
from banso.knowledge.engines import question_bank as qb
from banso.knowledge.models import consultations as m

router = Router(tags=["knowledge"])

Audience = Literal["organization", "network"]


class AnswerOut(Schema):
    id: int
    body: str
    organization: str = Field(description="回答者の機関名")
    author: str = Field(description="回答者の表示名")
    votes: int
    voted: bool = Field(description="自分が投票済みか")
    accepted: bool
    hidden: bool
    created_at: dt.datetime

    @staticmethod
    def of(answer, accepted_id) -> AnswerOut:
        return AnswerOut(
            id=answer.pk,
            body=answer.body,
            organization=answer.organization.name,
            author=answer.author.display_name,
            votes=getattr(answer, "vote_count", 0),
            voted=bool(getattr(answer, "voted", False)),
            accepted=answer.pk == accepted_id,
            hidden=answer.hidden_at is not None,
            created_at=answer.created_at,
        )


class ConsultationOut(Schema):
    id: int
    title: str
    body: str
    context: str = Field(description="背景（匿名化済み）")
    audience: Audience
    network: int | None
    network_name: str
    organization: str = Field(description="相談者の機関名")
    author: str
    status: Literal["open", "resolved"]
    accepted_answer: int | None
    answer_count: int
    hidden: bool
    version: int
    created_at: dt.datetime
    last_activity_at: dt.datetime

    @staticmethod
    def of(consultation) -> ConsultationOut:
        return ConsultationOut(
            id=consultation.pk,
            title=consultation.title,
            body=consultation.body,
            context=consultation.context,
            audience=consultation.audience,
            network=consultation.network_id,
            network_name=consultation.network.name if consultation.network_id else "",
            organization=consultation.organization.name,
            author=consultation.author.display_name,
            status=consultation.status,
            accepted_answer=consultation.accepted_answer_id,
            answer_count=getattr(consultation, "answer_count", 0),
            hidden=consultation.hidden_at is not None,
            version=consultation.version,
            created_at=consultation.created_at,
            last_activity_at=consultation.last_activity_at,
        )


class ConsultationDetail(ConsultationOut):
    answers: list[AnswerOut]


class ConsultationPage(Page):
    results: list[ConsultationOut]


class ConsultationIn(Schema):
    model_config = {"extra": "forbid"}

    title: str = Field(max_length=m.MAX_TITLE)
    body: str = Field(max_length=m.MAX_BODY)
    audience: Audience = "organization"
    network: Id | None = Field(None, description="audience が network のとき、相談先のネットワークの ID")
    context: str = Field(
        "", max_length=m.MAX_CONTEXT, description="背景（匿名化済み）。事業者名などが残ると 422"
    )


class AnswerIn(Schema):
    model_config = {"extra": "forbid"}

    body: str = Field(max_length=m.MAX_BODY)


class VoteIn(Schema):
    model_config = {"extra": "forbid"}

    up: bool = Field(True, description="false で投票を取り消す")


class VoteOut(Schema):
    answer: int
    votes: int
    voted: bool


class AcceptIn(Schema):
    model_config = {"extra": "forbid"}

    answer: Id = Field(description="採用する回答の ID")
    version: Version | None = Field(None, description=VERSION_HELP)


class ConsultationFilters(Schema):
    scope: Literal["organization", "network", "resolved", "mine"] | None = Field(
        None, description="organization / network: 相談先で絞る。resolved: 解決済み。mine: 自分の相談"
    )


def _support_side(request):
    if not permissions.is_support_side(request.membership):
        raise Http404(NOT_FOUND_MESSAGE)


def _detail(request, consultation) -> ConsultationDetail:
    consultation = queries.consultation_or_404(request.membership, consultation.pk)
    answers = [
        AnswerOut.of(a, consultation.accepted_answer_id)
        for a in queries.answers_of(consultation, request.membership)
    ]
    return ConsultationDetail(**ConsultationOut.of(consultation).dict(), answers=answers)


@router.get("/consultations", response=ConsultationPage, summary="相談の一覧（新しい動きの順）")
def list_consultations(
    request, filters: Query[ConsultationFilters], page: PageNumber = 1, page_size: PageSize = 50
):
    items = queries.consultations_for(request.membership)
    if filters.scope in (m.ORGANIZATION, m.NETWORK):
        items = items.filter(audience=filters.scope)
    elif filters.scope == "resolved":
        items = items.filter(status=m.RESOLVED)
    elif filters.scope == "mine":
        items = items.filter(author_id=request.user.pk)
    return paginate(items, page, page_size, ConsultationOut.of)


@router.post(
    "/consultations",
    response={201: ConsultationDetail},
    summary="相談する（自機関またはネットワークへ）",
    description="事業者名・フリガナ・代表者名が件名・本文・背景に残っていると 422 です（errors に項目）。",
)
def create_consultation(request, payload: ConsultationIn):
    _support_side(request)
    permissions.ensure_may_post(request.membership)
    consultation = domain.ask(
        request.membership,
        by=request.user,
        title=payload.title,
        body=payload.body,
        audience=payload.audience,
        network_id=payload.network,
        context=payload.context,
    )
    return Status(201, _detail(request, consultation))


@router.get("/consultations/{consultation_id}", response=ConsultationDetail, summary="相談と回答")
def read_consultation(request, consultation_id: Id):
    return _detail(request, queries.consultation_or_404(request.membership, consultation_id))


@router.post("/consultations/{consultation_id}/answers", response={201: AnswerOut}, summary="相談に回答する")
def create_answer(request, consultation_id: Id, payload: AnswerIn):
    consultation = queries.consultation_or_404(request.membership, consultation_id)
    permissions.ensure_may_post(request.membership)
    answer = domain.answer(consultation, request.membership, by=request.user, body=payload.body)
    answer = queries.answer_or_404(consultation, request.membership, answer.pk)
    return Status(201, AnswerOut.of(answer, consultation.accepted_answer_id))


@router.post(
    "/consultations/{consultation_id}/answers/{answer_id}/vote",
    response=VoteOut,
    summary="回答に投票する（1人1票、取り消しは up: false）",
)
def vote_answer(request, consultation_id: Id, answer_id: Id, payload: VoteIn):
    consultation = queries.consultation_or_404(request.membership, consultation_id)
    answer = queries.answer_or_404(consultation, request.membership, answer_id)
    permissions.ensure_may_post(request.membership)
    votes = domain.vote(answer, request.membership, by=request.user, up=payload.up)
    return VoteOut(answer=answer.pk, votes=votes, voted=payload.up)


@router.post(
    "/consultations/{consultation_id}/accept",
    response=ConsultationDetail,
    summary="回答を採用する（相談者のみ）",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def accept_answer(request, consultation_id: Id, payload: AcceptIn):
    consultation = queries.consultation_or_404(request.membership, consultation_id)
    if not permissions.may_accept(request.membership, consultation):
        raise PermissionDenied(permissions.ONLY_ASKER_MESSAGE)
    version = required_version(request, payload.version)
    answer = queries.answer_or_404(consultation, request.membership, payload.answer)
    domain.accept(consultation, request.membership, by=request.user, answer=answer, expected_version=version)
    return _detail(request, consultation)


# --- question bank ---------------------------------------------------------------------------------


class BankItemOut(Schema):
    id: int
    kind: Literal["question", "viewpoint", "action_template"]
    text: str
    step: int | None
    wall: str
    industry_group: str
    how: str
    measure: str
    source: Literal["shipped", "organization", "network"] = Field(
        description="shipped: Banso 同梱 / organization: 自機関 / network: 他機関がネットワークで共有"
    )
    shipped_key: str
    version: int


class BankPage(Page):
    results: list[BankItemOut]


class BankFilters(Schema):
    kind: Literal["question", "viewpoint", "action_template"] | None = None
    step: int | None = Field(None, ge=1, le=7, description="ステップ 1〜7")
    wall: Literal["unseen", "unfaced", "unexecuted", "unfollowed", "under_resourced"] | None = None
    industry: str | None = Field(
        None,
        max_length=30,
        description="ロカベン業種コード（例: 0304）または業種グループ（例: manufacturing）",
    )


def _bank_out(organization_id):
    def to_out(item) -> BankItemOut:
        if item.organization_id is None:
            source = "shipped"
        elif item.organization_id == organization_id:
            source = "organization"
        else:
            source = "network"
        return BankItemOut(
            id=item.pk,
            kind=item.kind,
            text=item.text,
            step=item.step,
            wall=item.wall,
            industry_group=item.industry_group,
            how=item.how,
            measure=item.measure,
            source=source,
            shipped_key=item.shipped_key,
            version=item.version,
        )

    return to_out


@router.get("/question-bank", response=BankPage, summary="質問バンク（ステップ・壁・業種で絞り込み）")
def list_question_bank(request, filters: Query[BankFilters], page: PageNumber = 1, page_size: PageSize = 100):
    industry = filters.industry or ""
    group = industry if industry in qb.INDUSTRY_GROUP_LABELS else qb.industry_group_of(industry)
    if industry and not group:
        return paginate([], page, page_size, lambda x: x)
    items = queries.bank_items_for(
        request.membership, kind=filters.kind, step=filters.step, wall=filters.wall, industry_group=group
    )
    return paginate(items, page, page_size, _bank_out(request.membership.organization_id))
