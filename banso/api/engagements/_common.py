"""What every engagements API module shares: the value lists of the schemas, loading through the
access rule (a foreign object is 404, a read-only one 403), resolving ids named in a body."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone

from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.engagements import permissions, queries
from banso.engagements.models import Engagement
from banso.engagements.queries import team_candidates

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


def support_side_company(request, company_id: int) -> Company:
    """The company, for the support side only (engagements are its working record): company-side
    users get the same 404 as for anything else they may not see."""
    permissions.ensure_support_side(request.membership)
    return visible_company_or_404(request.membership, company_id)


def load_engagement(request, engagement_id: int, *, change: bool = False) -> Engagement:
    """The engagement through the area's loader (404 foreign; 403 with `change` for read-only roles)."""
    return queries.engagement_or_404(request.membership, engagement_id, change=change)


def load_record(model, request, engagement: Engagement, pk: int, *, change: bool = False):
    """A record of the engagement through the area's loader (404 when it is another's)."""
    return queries.record_or_404(model, request.membership, engagement, change=change, pk=pk)


def team_users(company, ids: list[int], message: str, field: str) -> list:
    """Users named by id, among those who may work on this company's engagements; any other id —
    another organization's user included — is the same "not found" message, never a name."""
    users = list(team_candidates(company).filter(pk__in=ids))
    if len(users) != len(set(ids)):
        raise ValidationError({field: message})
    return users


def engagement_rows(model, engagement: Engagement, ids: list[int], message: str, field: str) -> list:
    rows = list(model.objects.filter(engagement=engagement, pk__in=ids))
    if len(rows) != len(set(ids)):
        raise ValidationError({field: message})
    return rows


def japan_time(value: dt.datetime) -> dt.datetime:
    """A date-time without a zone is Japan time (the users' clock)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


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


def named_row(queryset, pk, field: str, message: str):
    """An object the payload names by id, from the engagement's own ones; 422 naming the field."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found
