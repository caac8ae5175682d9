"""/api/v1/engagements/{engagement_id}/referrals: 橋渡し to a body of the directory."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
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
from banso.api.engagements._common import ReferralStatus, load_engagement, named_row
from banso.core.access import (
    get_changeable_or_404,
    get_visible_or_404,
)
from banso.engagements import queries
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.models import (
    Referral,
    SupportBody,
)

router = Router(tags=["engagements"])


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
            **stamps(referral),
        )


class ReferralPage(Page):
    results: list[ReferralOut]


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


def _referral_links(request, engagement, data: dict) -> dict:
    fields = dict(data)
    if "support_body" in fields:
        fields["support_body"] = named_row(
            SupportBody.objects.visible_to(request.membership),
            fields["support_body"],
            "support_body",
            "橋渡し先は、自分の支援機関の一覧から選んでください。",
        )
        if fields["support_body"] is None:
            raise ValidationError({"support_body": "橋渡し先を指定してください。"})
    if "issue" in fields:
        fields["issue"] = named_row(
            engagement.issue_nodes.all(),
            fields["issue"],
            "issue",
            "関係する課題は、この案件の課題ツリーから選んでください。",
        )
    return blank_for_null(fields, ("reason", "contact_name", "outcome"))


@router.get("/engagements/{engagement_id}/referrals", response=ReferralPage, summary="橋渡しの一覧（古い順）")
def list_referrals(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    return paginate(queries.referrals_of(engagement, newest_first=False), page, page_size, ReferralOut.of)


@router.post("/engagements/{engagement_id}/referrals", response={201: ReferralOut}, summary="橋渡しの記録")
def create_referral(request, engagement_id: Id, payload: ReferralIn):
    engagement = load_engagement(request, engagement_id, change=True)
    referral = referral_domain.refer(
        engagement, by=request.user, **_referral_links(request, engagement, payload.dict())
    )
    return Status(
        201, ReferralOut.of(queries.referrals_of(engagement, newest_first=False).get(pk=referral.pk))
    )


@router.get(
    "/engagements/{engagement_id}/referrals/{referral_id}", response=ReferralOut, summary="橋渡しの取得"
)
def read_referral(request, engagement_id: Id, referral_id: Id):
    engagement = load_engagement(request, engagement_id)
    return ReferralOut.of(
        get_visible_or_404(
            queries.referrals_of(engagement, newest_first=False), request.membership, pk=referral_id
        )
    )


@router.patch(
    "/engagements/{engagement_id}/referrals/{referral_id}", response=ReferralOut, summary="橋渡しの更新"
)
def update_referral(request, engagement_id: Id, referral_id: Id, payload: ReferralPatch):
    engagement = load_engagement(request, engagement_id)
    referral = get_changeable_or_404(
        queries.referrals_of(engagement, newest_first=False), request.membership, pk=referral_id
    )
    fields, version = patch_body(request, payload)
    referral_domain.update_referral(
        referral, by=request.user, expected_version=version, **_referral_links(request, engagement, fields)
    )
    return ReferralOut.of(queries.referrals_of(engagement, newest_first=False).get(pk=referral.pk))
