"""/api/v1/engagements/{engagement_id}/surveys: the owner's satisfaction survey (満足度調査).

The support side lists an engagement's surveys (scores and comment included: the support side's
quality record) and sends one by hand; the owner answers through the one-time link (a page,
`link` below, no token needed). Company-side users get 404 like every engagement record."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from banso.api.common import Id, Page, PageNumber, PageSize, paginate
from banso.api.engagements._common import load_engagement
from banso.engagements.domain import surveys as survey_domain
from banso.engagements.engines import surveys as s
from banso.engagements.models import SatisfactionSurvey

router = Router(tags=["engagements"])

Milestone = Literal["after_step3", "follow_up", "end", "manual"]


class SurveyOut(Schema):
    id: int
    engagement: int
    milestone: Milestone
    milestone_label: str
    supporter: int | None
    state: Literal["open", "answered", "expired"]
    sent_at: dt.datetime
    expires_at: dt.datetime
    answered_at: dt.datetime | None
    scores: dict[str, int] = Field(
        description="質問キー（dialogue, listening, insight, support, change）→ 1〜5"
    )
    comment: str
    link: str = Field("", description="回答用リンク（回答待ちのときだけ。ログイン不要・1回だけ回答できます）")
    version: int

    @staticmethod
    def of(survey: SatisfactionSurvey, request) -> SurveyOut:
        now = timezone.now()
        state = "answered" if survey.is_answered else "expired" if survey.expires_at <= now else "open"
        return SurveyOut(
            id=survey.pk,
            engagement=survey.engagement_id,
            milestone=survey.milestone,
            milestone_label=survey.get_milestone_display(),
            supporter=survey.supporter_id,
            state=state,
            sent_at=survey.sent_at,
            expires_at=survey.expires_at,
            answered_at=survey.answered_at,
            scores=survey.scores(),
            comment=survey.comment,
            link=request.build_absolute_uri(survey_domain.link_path(survey)) if state == "open" else "",
            version=survey.version,
        )


class SurveyPage(Page):
    results: list[SurveyOut]


class SurveyIn(Schema):
    milestone: Milestone = Field("manual", description="送る時点（省略時は manual: 支援者が送付）")


@router.get(
    "/engagements/{engagement_id}/surveys",
    response=SurveyPage,
    summary="満足度調査の一覧（新しい順）",
    description="質問: " + "、".join(f"{q.key}={q.short}" for q in s.QUESTIONS) + "（1〜5、5が最も良い）。",
)
def list_surveys(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    rows = (
        SatisfactionSurvey.objects.visible_to(request.membership)
        .filter(engagement=engagement)
        .order_by("-sent_at", "-id")
    )
    return paginate(rows, page, page_size, lambda survey: SurveyOut.of(survey, request))


@router.post(
    "/engagements/{engagement_id}/surveys",
    response={201: SurveyOut},
    summary="満足度調査を作成（手動で送る）",
    description=(
        "管理者と担当の支援者が作成できます（閲覧者は 403）。中止した案件は 400、"
        "ステップ③の後・終了時の調査がすでにあれば 422 です。返る link を経営者に送ってください。"
    ),
)
def create_survey(request, engagement_id: Id, payload: SurveyIn):
    engagement = load_engagement(request, engagement_id, change=True)
    survey = survey_domain.create_survey(engagement, by=request.user, milestone=payload.milestone)
    return Status(201, SurveyOut.of(survey, request))
