"""/api/v1/engagements/{engagement_id}/wall-assessments: the five walls."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from banso.api.engagements._common import load_engagement, load_record
from banso.engagements import domain, queries
from banso.engagements.models import WallAssessment

router = Router(tags=["engagements"])


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
            **stamps(a),
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


@router.get(
    "/engagements/{engagement_id}/wall-assessments",
    response=WallAssessmentPage,
    summary="5つの壁の評価の一覧",
)
def list_wall_assessments(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    return paginate(queries.wall_assessments_of(engagement), page, page_size, WallAssessmentOut.of)


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
    return WallAssessmentOut.of(load_record(WallAssessment, request, engagement, assessment_id))


@router.patch(
    "/engagements/{engagement_id}/wall-assessments/{assessment_id}",
    response=WallAssessmentOut,
    summary="5つの壁の評価の修正",
)
def update_wall_assessment(request, engagement_id: Id, assessment_id: Id, payload: WallAssessmentPatch):
    engagement = load_engagement(request, engagement_id, change=True)
    assessment = load_record(WallAssessment, request, engagement, assessment_id, change=True)
    data, version = patch_body(request, payload)
    changes = {"assessed_on": data["assessed_on"]} if data.get("assessed_on") else {}
    updated = domain.update_wall_assessment(
        assessment,
        by=request.user,
        expected_version=version,
        ratings=data.get("ratings"),
        notes=data.get("notes"),
        **changes,
    )
    return WallAssessmentOut.of(updated)
