"""What a user may see of the knowledge area, and the one loader per object (pages and API).

Published cases (the access rule's knowledge branch) and case drafts (their organization's author,
管理者 and reviewers). Consultations and question bank items follow the core access rule too
(banso/core/access.py: `knowledge_audience_filter` for the organization / network audience,
`knowledge_hidden_filter` for moderated posts). Another organization's consultation that is not
addressed to a shared network is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404

from banso.core import case_sources
from banso.core.access import knowledge_audience_filter, knowledge_hidden_filter, not_found_message
from banso.core.history import HISTORY_TYPE_LABELS, FieldChange, actor_label, history_with_changes
from banso.core.networks import network_ids_of
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.knowledge.engines import question_bank as qb
from banso.knowledge.models import (
    Answer,
    BankItem,
    CaseDraft,
    CaseScope,
    CaseStatus,
    Comment,
    Consultation,
    Network,
    NetworkMembership,
    PublishedCase,
    Vote,
)

CASE_NOT_FOUND = not_found_message("事例")
DRAFT_NOT_FOUND = not_found_message("事例の下書き")
MAX_FILTER = 40


def is_support_side(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in SUPPORT_SIDE_ROLES


def ensure_support_side(membership) -> None:
    """The knowledge area is the support side's: company-side users get a 404 everywhere."""
    if not is_support_side(membership):
        raise Http404(CASE_NOT_FOUND)


def cases_for(membership, *, industry: str = "", size: str = "", wall: str = "", scope: str = ""):
    """The published cases the membership may read, newest first, with the list's filters: industry
    (ロカベン code, or its 2-digit group), size, a wall still high (2 or more) at the start, scope
    (own: its organization's / network: from the network)."""
    queryset = PublishedCase.objects.visible_to(membership).select_related("organization", "network")
    industry = (industry or "")[:MAX_FILTER]
    if industry:
        if len(industry) == 2:
            queryset = queryset.filter(industry_code__startswith=industry)
        else:
            queryset = queryset.filter(industry_code=industry)
    if size in ("small", "medium"):
        queryset = queryset.filter(size=size)
    if scope == "own":
        queryset = queryset.filter(organization_id=membership.organization_id)
    elif scope == "network":
        queryset = queryset.filter(scope=CaseScope.NETWORK).exclude(
            organization_id=membership.organization_id
        )
    if wall in {w.key for w in case_sources.wall_choices()}:
        # JSON lists are filtered in Python (a few thousand cases at most per reader).
        ids = [pk for pk, walls in queryset.values_list("pk", "walls") if _wall_high(walls, wall)]
        queryset = queryset.filter(pk__in=ids)
    return queryset.order_by("-published_at", "-id")


def _wall_high(walls, key: str) -> bool:
    for row in walls or []:
        if isinstance(row, dict) and row.get("key") == key:
            start = row.get("start")
            return isinstance(start, int) and start >= 2
    return False


def case_or_404(membership, pk) -> PublishedCase:
    ensure_support_side(membership)
    try:
        return (
            PublishedCase.objects.visible_to(membership).select_related("organization", "network").get(pk=pk)
        )
    except (PublishedCase.DoesNotExist, ValueError, TypeError):
        raise Http404(CASE_NOT_FOUND) from None


def drafts_for(membership, *, status: str = ""):
    queryset = CaseDraft.objects.visible_to(membership).select_related("author", "reviewed_by")
    if status in CaseStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-updated_at", "-id")


def draft_or_404(membership, pk) -> CaseDraft:
    try:
        return CaseDraft.objects.visible_to(membership).select_related("author", "reviewed_by").get(pk=pk)
    except (CaseDraft.DoesNotExist, ValueError, TypeError):
        raise Http404(DRAFT_NOT_FOUND) from None


MAX_HISTORY = 100


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    title: str
    changes: list = field(default_factory=list)


# Links kept as plain ids (the engagement, the company, the author, the reviewer, the published copy):
# the page names them elsewhere, the history rows would only show numbers.
HISTORY_HIDDEN = {
    "source_engagement_id",
    "source_company_id",
    "author",
    "reviewed_by",
    "published_case",
    "walls",
}


def _history_value(value):
    if isinstance(value, list):
        items = [str(v.get("text", "")) if isinstance(v, dict) else str(v) for v in value]
        return "、".join(i for i in items if i) or "（なし）"
    return value


def draft_history(draft: CaseDraft) -> list[HistoryEntry]:
    """The draft's field history (simple-history), newest first: who changed what, when."""
    records = list(draft.history.select_related("history_user").order_by("-history_date")[: MAX_HISTORY + 1])
    pairs = history_with_changes(records, complete=len(records) <= MAX_HISTORY)
    entries = []
    for record, changes in pairs:
        shown = [
            FieldChange(c.field, c.label, _history_value(c.old), _history_value(c.new))
            for c in changes
            if c.field not in HISTORY_HIDDEN
            and not (record.history_type == "+" and c.new in ([], "（なし）"))
        ]
        entries.append(
            HistoryEntry(
                at=record.history_date,
                actor=actor_label(record),
                title=f"下書きを{HISTORY_TYPE_LABELS.get(record.history_type, '変更')}",
                changes=shown,
            )
        )
    return entries


def drafts_of_engagement(membership, engagement_id: int):
    return drafts_for(membership).filter(source_engagement_id=engagement_id)


def networks_of(organization_id: int):
    return NetworkMembership.objects.filter(organization_id=organization_id).select_related("network")


# === Consultations and the question bank ===
CONSULTATION_KIND = "相談"
ANSWER_KIND = "回答"
ITEM_KIND = "質問バンクの項目"


# --- Consultations ---------------------------------------------------------------------------------


def consultations_for(membership):
    """The consultations this member may read, newest activity first, with counts for the list."""
    if not is_support_side(membership):
        return Consultation.objects.none()
    return (
        Consultation.objects.filter(knowledge_audience_filter(membership))
        .filter(knowledge_hidden_filter(membership))
        .select_related("organization", "author", "network")
        .annotate(
            answer_count=Count("answers", filter=Q(answers__hidden_at__isnull=True), distinct=True),
        )
        .order_by("-last_activity_at", "-pk")
    )


def consultation_or_404(membership, pk) -> Consultation:
    try:
        return consultations_for(membership).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(not_found_message(CONSULTATION_KIND)) from exc


def answers_of(consultation, membership):
    """The answers of a readable consultation this member may see, with votes and comments."""
    comments = Comment.objects.filter(knowledge_hidden_filter(membership)).select_related(
        "author", "organization"
    )
    return (
        consultation.answers.filter(knowledge_hidden_filter(membership))
        .select_related("author", "organization")
        .annotate(
            vote_count=Count("votes", distinct=True),
            voted=Exists(Vote.objects.filter(answer=OuterRef("pk"), user_id=membership.user_id)),
        )
        .prefetch_related(Prefetch("comments", queryset=comments, to_attr="visible_comments"))
        .order_by("created_at", "pk")
    )


def answer_or_404(consultation, membership, pk) -> Answer:
    try:
        return answers_of(consultation, membership).get(pk=pk)
    except (Answer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(not_found_message(ANSWER_KIND)) from exc


def consultation_comments(consultation, membership):
    """Comments on the consultation itself (not on an answer)."""
    return (
        consultation.comments.filter(answer__isnull=True)
        .filter(knowledge_hidden_filter(membership))
        .select_related("author", "organization")
    )


def accepted_answers_for(membership):
    """Accepted answers of readable consultations: what the knowledge base shows as 解決した相談."""
    return (
        consultations_for(membership)
        .filter(accepted_answer__isnull=False, accepted_answer__hidden_at__isnull=True)
        .select_related("accepted_answer", "accepted_answer__author", "accepted_answer__organization")
    )


def publishable_networks(organization_id: int):
    return Network.objects.filter(
        memberships__organization_id=organization_id, memberships__members_may_publish=True
    ).distinct()


# --- Question bank ---------------------------------------------------------------------------------


def bank_items_for(membership, *, kind=None, step=None, wall=None, industry_group=None, include_hidden=False):
    """The question bank as this member's organization uses it: its own items, the shipped items it
    has not replaced or hidden, and items other organizations shared with a network it belongs to.
    `include_hidden` (the 管理者's curation page) keeps the organization's hidden copies."""
    if not is_support_side(membership):
        return BankItem.objects.none()
    org_id = membership.organization_id
    replaced = BankItem.objects.filter(organization_id=org_id, replaces__isnull=False).values("replaces")
    own = Q(organization_id=org_id)
    if not include_hidden:
        own &= Q(hidden=False)
    shipped = Q(organization__isnull=True) & ~Q(pk__in=replaced)
    networks = network_ids_of(org_id)
    shared = (
        Q(network_id__in=sorted(networks), hidden=False) & ~Q(organization_id=org_id)
        if networks
        else Q(pk__in=[])
    )
    items = BankItem.objects.filter(own | shipped | shared).select_related("organization", "network")
    if kind:
        items = items.filter(kind=kind)
    if step:
        items = items.filter(step=step)
    if wall:
        items = items.filter(wall=wall)
    if industry_group:
        items = items.filter(industry_group=industry_group)
    return items


def bank_item_or_404(membership, pk, *, include_hidden=False) -> BankItem:
    try:
        return bank_items_for(membership, include_hidden=include_hidden).get(pk=pk)
    except (BankItem.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(not_found_message(ITEM_KIND)) from exc


def picker_questions(membership, *, step: int | None, walls: list[str], industry_group: str = ""):
    """The dialogue picker: questions for the step, then for each high wall (in the order given),
    then the industry's viewpoints. Returns [(heading, [items])] without empty groups."""
    groups = []
    if step in qb.STEP_LABELS:
        groups.append(
            (f"{qb.STEP_LABELS[step]} の質問", list(bank_items_for(membership, kind=qb.QUESTION, step=step)))
        )
    for wall in walls:
        if wall in qb.WALL_LABELS:
            items = list(bank_items_for(membership, kind=qb.QUESTION, wall=wall))
            groups.append((f"{qb.WALL_LABELS[wall]}（高い壁）の質問", items))
    if industry_group in qb.INDUSTRY_GROUP_LABELS:
        items = list(bank_items_for(membership, kind=qb.VIEWPOINT, industry_group=industry_group))
        groups.append((f"業種別の着眼点: {qb.INDUSTRY_GROUP_LABELS[industry_group]}", items))
    return [(heading, items) for heading, items in groups if items]


def comment_or_404(consultation, membership, pk):
    try:
        return consultation.comments.filter(knowledge_hidden_filter(membership)).get(pk=pk)
    except (Comment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(not_found_message("コメント")) from exc
