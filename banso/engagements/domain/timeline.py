"""The engagement's story in date order: dialogues, step changes, wall assessments, issue-tree changes
(from the tree's field history), actions and their reviews, referrals and follow-ups.

Read-only. Each kind is one query that fetches only the newest rows a page can show, so a long
engagement costs the same number of queries as a short one; the issue tree's events are derived
from its simple-history records (added, marked as 裏課題, owner's agreement, deleted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from banso.engagements.engines import guideline as g
from banso.engagements.models import (
    Action,
    ActionReview,
    Dialogue,
    Engagement,
    FollowUp,
    IssueNode,
    Referral,
    StepTransition,
    WallAssessment,
)

KINDS = (
    ("dialogue", "対話"),
    ("step", "ステップ"),
    ("walls", "5つの壁"),
    ("issue", "課題ツリー"),
    ("action", "アクション"),
    ("referral", "橋渡し"),
    ("follow_up", "フォローアップ"),
)
KIND_KEYS = tuple(key for key, _ in KINDS)
KIND_LABELS = dict(KINDS)
PAGE_SIZE = 30
DETAIL_LIMIT = 160


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    day: dt.date
    at: dt.datetime  # orders entries of the same day
    title: str
    detail: str = ""
    actor: str = ""
    mark: str = ""  # a word shown beside the title (小さな成功体験, 戻し …), never colour alone
    object_id: int | None = None  # the action / referral / follow-up it is about, for links

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    number: int
    has_next: bool
    kinds: tuple[str, ...]

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _name(user) -> str:
    return user.display_name if user is not None else "システム"


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 1] + "…"


def _dialogues(engagement, limit):
    rows = Dialogue.objects.filter(engagement=engagement).select_related("recorded_by")
    for d in rows.order_by("-held_at", "-id")[:limit]:
        quotes = d.owner_quotes
        detail = d.insights or (f"経営者の言葉: 「{quotes[0]}」" if quotes else "") or d.agreements
        yield TimelineEntry(
            "dialogue",
            d.held_on,
            d.held_at,
            f"{d.get_form_display()}「{d}」",
            _short(detail),
            _name(d.recorded_by),
            object_id=d.pk,
        )


def _steps(engagement, limit):
    rows = StepTransition.objects.filter(engagement=engagement).select_related("decided_by")
    for t in rows.order_by("-decided_on", "-created_at", "-id")[:limit]:
        if t.direction == "start":
            title, mark = f"{g.step_label(t.to_step)}で案件を開始しました", ""
        elif t.direction == "forward":
            title, mark = (
                f"ステップを{g.step_label(t.from_step)}から{g.step_label(t.to_step)}へ進めました",
                "",
            )
        else:
            title = f"ステップを{g.step_label(t.from_step)}から{g.step_label(t.to_step)}へ戻しました"
            mark = "戻し"
        yield TimelineEntry(
            "step", t.decided_on, t.created_at, title, _short(t.reason), _name(t.decided_by), mark
        )


def _walls(engagement, limit):
    rows = list(
        WallAssessment.objects.filter(engagement=engagement)
        .select_related("assessed_by")
        .order_by("-assessed_on", "-id")[: limit + 1]
    )
    for index, a in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        parts = []
        for wall in g.WALLS:
            now = getattr(a, wall.key)
            before = getattr(previous, wall.key) if previous else None
            parts.append(
                f"{wall.short_label} {before}→{now}"
                if before not in (None, now)
                else f"{wall.short_label} {now}"
            )
        yield TimelineEntry(
            "walls",
            a.assessed_on,
            a.created_at,
            "5つの壁を評価しました",
            "・".join(parts),
            _name(a.assessed_by),
        )


_ISSUE_KIND = {"surface": "表課題", "why": "「なぜ」（原因）", "root": "裏課題（本質的課題）"}


def issue_events(engagement) -> list[TimelineEntry]:
    """Tree changes from the issue nodes' history: added, marked as 裏課題, the owner's agreement
    (腹落ち, dated the day the owner agreed), deleted. One query."""
    records = (
        IssueNode.history.filter(engagement_id=engagement.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous: dict[int, object] = {}
    events = []
    for r in records:
        before = previous.get(r.id)
        at = r.history_date
        day = timezone.localdate(at)
        actor = _name(r.history_user)
        if r.history_type == "+":
            label = _ISSUE_KIND.get(r.kind, "課題")
            events.append(
                TimelineEntry("issue", day, at, f"課題ツリーに{label}を追加しました", _short(r.text), actor)
            )
        elif r.history_type == "-":
            events.append(
                TimelineEntry("issue", day, at, "課題ツリーから課題を削除しました", _short(r.text), actor)
            )
        elif before is not None:
            if r.kind == "root" and before.kind != "root":
                events.append(
                    TimelineEntry(
                        "issue", day, at, "裏課題（本質的課題）にしました", _short(r.text), actor, "裏課題"
                    )
                )
            if before.kind == "root" and r.kind != "root":
                events.append(
                    TimelineEntry("issue", day, at, "裏課題の指定を外しました", _short(r.text), actor)
                )
        if r.history_type != "-" and r.agreed_on and (before is None or before.agreed_on != r.agreed_on):
            events.append(
                TimelineEntry(
                    "issue",
                    r.agreed_on,
                    at,
                    "経営者が裏課題に腹落ちしました",
                    _short(r.text),
                    actor,
                    "腹落ち",
                )
            )
        previous[r.id] = r
    return events


def _issues(engagement, limit):
    return sorted(issue_events(engagement), key=_order, reverse=True)[:limit]


def _actions(engagement, limit):
    created = Action.objects.filter(engagement=engagement).select_related("owner", "created_by")
    for a in created.order_by("-created_at", "-id")[:limit]:
        yield TimelineEntry(
            "action",
            timezone.localdate(a.created_at),
            a.created_at,
            f"アクションを追加しました: {a.what}",
            f"{a.owner.name}さん・{a.due_on:%Y/%m/%d}まで"
            + (f"・{_short(a.how_much)}" if a.how_much else ""),
            _name(a.created_by),
            object_id=a.pk,
        )
    reviews = ActionReview.objects.filter(action__engagement=engagement).select_related(
        "action", "reviewed_by"
    )
    for r in reviews.order_by("-reviewed_on", "-created_at", "-id")[:limit]:
        detail = f"振り返り後: {r.get_status_display()}"
        if r.result:
            detail += f"／結果: {r.result}"
        if r.next_step:
            detail += f"／次の一歩: {r.next_step}"
        yield TimelineEntry(
            "action",
            r.reviewed_on,
            r.created_at,
            f"アクションを振り返りました: {r.action.what}",
            _short(detail),
            _name(r.reviewed_by),
            "小さな成功体験" if r.small_success else "",
            object_id=r.action_id,
        )


def _referrals(engagement, limit):
    rows = Referral.objects.filter(engagement=engagement).select_related("support_body", "referred_by")
    for r in rows.order_by("-referred_on", "-created_at", "-id")[:limit]:
        yield TimelineEntry(
            "referral",
            r.referred_on,
            r.created_at,
            f"「{r.support_body.name}」へ橋渡ししました",
            _short(r.reason),
            _name(r.referred_by),
            object_id=r.pk,
        )
    closed = rows.filter(closed_on__isnull=False).order_by("-closed_on", "-updated_at", "-id")[:limit]
    for r in closed:
        yield TimelineEntry(
            "referral",
            r.closed_on,
            r.updated_at,
            f"「{r.support_body.name}」への橋渡しが{r.get_status_display()}になりました",
            _short(r.outcome),
            _name(r.referred_by),
            r.get_status_display(),
            object_id=r.pk,
        )


def _follow_ups(engagement, limit):
    rows = FollowUp.objects.filter(engagement=engagement, done_on__isnull=False).select_related(
        "conducted_by"
    )
    for f in rows.order_by("-done_on", "-updated_at", "-id")[:limit]:
        ratings = "・".join(
            f"{p.label} {getattr(f, p.key)}"
            for p in g.SELF_PROPULSION_POINTS
            if getattr(f, p.key) is not None
        )
        detail = "・".join(part for part in (ratings, _short(f.evidence)) if part)
        yield TimelineEntry(
            "follow_up",
            f.done_on,
            f.updated_at,
            "フォローアップを実施しました",
            detail,
            _name(f.conducted_by),
            object_id=f.pk,
        )


_SOURCES = {
    "dialogue": _dialogues,
    "step": _steps,
    "walls": _walls,
    "issue": _issues,
    "action": _actions,
    "referral": _referrals,
    "follow_up": _follow_ups,
}


def _order(entry: TimelineEntry):
    return (entry.day, entry.at)


def timeline(
    engagement: Engagement, *, kinds: Iterable[str] | None = None, page: int = 1, page_size: int = PAGE_SIZE
) -> TimelinePage:
    """One page of the engagement's timeline, newest first, limited to `kinds` (default: all).

    Each source fetches at most page × page_size + 1 rows, enough to fill the page and to know
    whether another follows.
    """
    selected = tuple(k for k in KIND_KEYS if kinds is None or k in set(kinds)) or KIND_KEYS
    page = max(1, page)
    limit = page * page_size + 1
    entries: list[TimelineEntry] = []
    for kind in selected:
        entries.extend(_SOURCES[kind](engagement, limit))
    entries.sort(key=_order, reverse=True)
    start = (page - 1) * page_size
    return TimelinePage(
        entries=entries[start : start + page_size],
        number=page,
        has_next=len(entries) > start + page_size,
        kinds=selected,
    )
