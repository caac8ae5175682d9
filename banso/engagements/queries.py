"""What the engagement pages read: lists, the overview, the issue tree as a tree, the walls over time
and the supervisor's view of reflections. Every query starts from an object the caller already
fetched through the access rule (a visible company or engagement), or from `visible_to`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Max, Prefetch, Q

from banso.core.access import ensure_may_change, get_visible_or_404
from banso.core.roles import Role
from banso.engagements.engines import guideline as g
from banso.engagements.models import (
    Action,
    ActionReview,
    Dialogue,
    Engagement,
    FollowUp,
    IssueNode,
    Referral,
    Reflection,
    Stakeholder,
    StepCheck,
    SupportBody,
    WallAssessment,
)
from banso.engagements.permissions import ensure_support_side

RECENT_DIALOGUES = 5


def engagements_of(company):
    """A company's engagements, newest first, with what the list shows (lead, team) loaded."""
    return (
        Engagement.objects.filter(company=company)
        .select_related("lead_supporter")
        .prefetch_related("members")
        .annotate(
            dialogue_count=Count("dialogues", distinct=True), last_dialogue_at=Max("dialogues__held_at")
        )
        .order_by("-started_on", "-id")
    )


def current_engagement(company) -> Engagement | None:
    """The engagement the company header speaks about: the most recently started open one."""
    return Engagement.objects.filter(company=company).open().order_by("-started_on", "-id").first()


# --- The seven steps ---------------------------------------------------------------------------


@dataclass
class StepState:
    step: g.Step
    state: str  # "done" / "skipped" / "current" / "upcoming"
    checked: int
    total: int

    @property
    def number(self) -> int:
        return self.step.number

    @property
    def mark(self) -> str:
        return g.STEP_MARKS[self.step.number]

    @property
    def state_label(self) -> str:
        return {"done": "済", "skipped": "未実施（飛ばした）", "current": "現在", "upcoming": "これから"}[
            self.state
        ]


def checked_counts(engagement: Engagement) -> dict[int, int]:
    rows = (
        StepCheck.objects.filter(engagement=engagement, done=True)
        .values("step")
        .annotate(n=Count("id"))
        .values_list("step", "n")
    )
    return dict(rows)


def stepper(engagement: Engagement) -> list[StepState]:
    """The seven steps with where the engagement stands and how much of each checklist is done."""
    counts = checked_counts(engagement)
    # A step the engagement jumped over (e.g. ③ → ⑦) was never entered: not "done".
    entered = set(engagement.step_transitions.values_list("to_step", flat=True))
    states = []
    for step in g.STEPS:
        if step.number < engagement.step:
            state = "done" if step.number in entered else "skipped"
        elif step.number == engagement.step:
            state = "current"
        else:
            state = "upcoming"
        states.append(StepState(step, state, counts.get(step.number, 0), len(step.checkpoints)))
    return states


def step_checks(engagement: Engagement, step_number: int) -> dict[str, StepCheck]:
    return {
        row.checkpoint: row
        for row in StepCheck.objects.filter(engagement=engagement, step=step_number).select_related(
            "checked_by"
        )
    }


# --- Dialogues ------------------------------------------------------------------------------------


def dialogues_of(engagement: Engagement):
    return (
        Dialogue.objects.filter(engagement=engagement)
        .select_related("recorded_by")
        .prefetch_related("participants", "advisors", "attachments")
        .order_by("-held_at", "-id")
    )


def stakeholders_of(engagement: Engagement):
    return (
        Stakeholder.objects.filter(engagement=engagement)
        .prefetch_related(Prefetch("dialogues", queryset=Dialogue.objects.order_by("-held_at", "-id")))
        .order_by("position", "id")
    )


# --- Issue tree -----------------------------------------------------------------------------------


@dataclass
class TreeNode:
    node: IssueNode
    depth: int
    children: list[TreeNode] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children


def issue_tree(engagement: Engagement) -> list[TreeNode]:
    """The tree as nested TreeNodes (roots = top-level issues), from one query plus the dialogue links."""
    nodes = list(
        IssueNode.objects.filter(engagement=engagement)
        .prefetch_related(Prefetch("dialogues", queryset=Dialogue.objects.order_by("held_at", "id")))
        .order_by("position", "id")
    )
    by_parent: dict[int | None, list[IssueNode]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)

    def build(parent_id: int | None, depth: int) -> list[TreeNode]:
        return [TreeNode(n, depth, build(n.pk, depth + 1)) for n in by_parent.get(parent_id, [])]

    return build(None, 0)


def flatten(tree: list[TreeNode]) -> list[TreeNode]:
    result = []
    for item in tree:
        result.append(item)
        result.extend(flatten(item.children))
    return result


def root_issues(engagement: Engagement):
    return IssueNode.objects.filter(engagement=engagement, kind="root").order_by("position", "id")


# --- The five walls -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WallRating:
    wall: g.Wall
    level: int
    note: str
    previous: int | None

    @property
    def label(self) -> str:
        return g.label_of(g.WALL_LEVEL_CHOICES, self.level)

    @property
    def bar(self) -> str:
        """The level as marks, so it reads without colour: ■■■ for 強い壁, ─ for 乗り越えた."""
        return "■" * self.level if self.level else "─"

    @property
    def trend(self) -> str:
        if self.previous is None or self.previous == self.level:
            return ""
        return "↓ 低くなりました" if self.level < self.previous else "↑ 高くなりました"


def wall_assessments_of(engagement: Engagement):
    return (
        WallAssessment.objects.filter(engagement=engagement)
        .select_related("assessed_by")
        .order_by("assessed_on", "id")
    )


def latest_wall_ratings(assessments: list[WallAssessment]) -> list[WallRating]:
    """The latest assessment's rating per wall, with the previous one for the direction of change."""
    if not assessments:
        return []
    latest = assessments[-1]
    previous = assessments[-2] if len(assessments) > 1 else None
    return [
        WallRating(
            wall=wall,
            level=getattr(latest, wall.key),
            note=getattr(latest, f"{wall.key}_note"),
            previous=getattr(previous, wall.key) if previous else None,
        )
        for wall in g.WALLS
    ]


# --- Reflections (supervisor) ---------------------------------------------------------------------


@dataclass(frozen=True)
class AdvisorSummary:
    advisor_name: str
    count: int
    averages: dict[str, float | None]
    last_at: object


def reflection_summary(membership) -> list[AdvisorSummary]:
    """Per advisor: how many reflections, the average per element and the latest, across the
    companies the membership may see (an org admin: the whole organization)."""
    rows = (
        Reflection.objects.visible_to(membership)
        .values("advisor_id", "advisor__full_name", "advisor__username")
        .annotate(
            n=Count("id"),
            last_at=Max("dialogue__held_at"),
            **{f"avg_{key}": Avg(key) for key in g.ELEMENT_KEYS},
        )
        .order_by("advisor__full_name", "advisor__username")
    )
    return [
        AdvisorSummary(
            advisor_name=row["advisor__full_name"] or row["advisor__username"],
            count=row["n"],
            averages={key: row[f"avg_{key}"] for key in g.ELEMENT_KEYS},
            last_at=row["last_at"],
        )
        for row in rows
    ]


def recent_reflections(membership, limit: int = 20):
    return (
        Reflection.objects.visible_to(membership)
        .select_related("advisor", "dialogue__engagement__company")
        .order_by("-dialogue__held_at", "-id")[:limit]
    )


def team_candidates(company):
    """People who may be on the company's engagement team: the organization's admins and the
    supporters assigned to the company. The one rule: forms offer them, the API resolves ids
    among them, the domain checks them."""
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__organization_id=company.organization_id, memberships__is_active=True)
            & (
                Q(memberships__role=Role.ORG_ADMIN)
                | Q(memberships__role=Role.SUPPORTER, assigned_companies=company)
            ),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def company_side_logins(company):
    """The logins a stakeholder of the company's engagement may be linked to: the active company-side
    members (経営者・従業員) of this company. Forms offer them; the domain checks them."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organization_id=company.organization_id,
            memberships__company_id=company.pk,
            memberships__is_active=True,
            memberships__role__in=[Role.OWNER, Role.EMPLOYEE],
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


# --- Loaders: one per object, for pages and the API --------------------------------------------------


def engagement_or_404(membership, pk: int, *, company=None, change: bool = False) -> Engagement:
    """One engagement through the access rule: 404 when it is not visible (another organization's,
    a company-side user, or not under `company` when given); 403 with `change` for a read-only role."""
    queryset = Engagement.objects.select_related("company", "lead_supporter")
    if company is not None:
        queryset = queryset.filter(company=company)
    engagement = get_visible_or_404(queryset, membership, pk=pk)
    if company is not None:
        engagement.company = company
    if change:
        ensure_may_change(membership, engagement)
    return engagement


def record_or_404(queryset, membership, engagement: Engagement, *, change: bool = False, **lookup):
    """A record of `engagement` (dialogue, issue node, wall assessment, stakeholder, action,
    referral, follow-up…) through the access rule: 404 when it belongs to another engagement or is
    not visible; 403 with `change` for a read-only role."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = get_visible_or_404(queryset.filter(engagement=engagement), membership, **lookup)
    obj.engagement = engagement
    if change:
        ensure_may_change(membership, obj)
    return obj


def visible_engagements_of(membership, company):
    """A company's engagements the membership may see (the API's list), newest first."""
    return (
        Engagement.objects.visible_to(membership)
        .filter(company=company)
        .select_related("lead_supporter")
        .prefetch_related("members")
        .order_by("-started_on", "-id")
    )


def issues_of(engagement: Engagement):
    """The issue tree's nodes as a flat list in tree order, with their dialogue links."""
    return (
        IssueNode.objects.filter(engagement=engagement)
        .prefetch_related("dialogues")
        .order_by("position", "id")
    )


# --- Action plan ---------------------------------------------------------------------------------------

ACTION_STATUS_FILTERS = [*g.ACTION_STATUS_CHOICES, ("overdue", "期限切れ")]


def actions_of(engagement: Engagement):
    """The action plan in due order, with how often each action was reviewed and its small successes."""
    return (
        Action.objects.filter(engagement=engagement)
        .select_related("owner", "root_issue")
        .annotate(
            review_count=Count("reviews"),
            last_reviewed_on=Max("reviews__reviewed_on"),
            success_count=Count("reviews", filter=Q(reviews__small_success=True)),
        )
        .order_by("due_on", "position", "id")
    )


def actions_with_reviews_of(engagement: Engagement):
    """The action plan in due order with each action's reviews, oldest first (the API's shape)."""
    return (
        Action.objects.filter(engagement=engagement)
        .select_related("owner")
        .prefetch_related(Prefetch("reviews", ActionReview.objects.order_by("reviewed_on", "id")))
        .order_by("due_on", "position", "id")
    )


def overdue_days(action: Action, today: dt.date) -> int:
    """Days past the due date of an action still expected to happen (0 when not overdue)."""
    return (today - action.due_on).days if action.is_overdue(today) else 0


@dataclass
class ActionPlan:
    actions: list[Action]
    counts: dict[str, int]  # per status key, and "overdue"

    @property
    def total(self) -> int:
        return sum(self.counts[key] for key, _ in g.ACTION_STATUS_CHOICES)

    def filtered(self, selected: list[str]) -> list[Action]:
        """The actions of the chosen statuses ("overdue" = past due and still open); all if none."""
        if not selected:
            return self.actions
        return [a for a in self.actions if a.status in selected or ("overdue" in selected and a.overdue)]


def action_plan(engagement: Engagement, today: dt.date) -> ActionPlan:
    """The action plan with each action's `overdue` and `overdue_days` set, and the count per status
    and of overdue actions (the list's filter chips)."""
    actions = list(actions_of(engagement))
    counts = {key: 0 for key, _ in ACTION_STATUS_FILTERS}
    for action in actions:
        action.overdue_days = overdue_days(action, today)
        action.overdue = action.is_overdue(today)
        counts[action.status] += 1
        counts["overdue"] += action.overdue
    return ActionPlan(actions, counts)


# --- Follow-ups ----------------------------------------------------------------------------------------


def is_late(follow_up: FollowUp, today: dt.date) -> bool:
    """A follow-up not yet done whose planned day has passed."""
    return not follow_up.is_done and follow_up.scheduled_on < today


def follow_ups_of(engagement: Engagement, today: dt.date | None = None) -> list[FollowUp]:
    """The follow-ups in date order; with `today`, each carries `late` (see is_late)."""
    rows = list(
        FollowUp.objects.filter(engagement=engagement)
        .select_related("conducted_by")
        .order_by("scheduled_on", "id")
    )
    if today is not None:
        for row in rows:
            row.late = is_late(row, today)
    return rows


# --- Referrals and the directory -------------------------------------------------------------------


def referrals_of(engagement: Engagement, *, newest_first: bool = True):
    """The engagement's referrals (the page: newest first; the API: oldest first), with their body,
    issue and who referred."""
    order = ("-referred_on", "-id") if newest_first else ("referred_on", "id")
    return (
        Referral.objects.filter(engagement=engagement)
        .select_related("support_body", "issue", "referred_by")
        .order_by(*order)
    )


def directory(membership):
    """The organization's support bodies: support-side members only (company-side users get 404)."""
    ensure_support_side(membership)
    return SupportBody.objects.visible_to(membership)
