"""Opening an engagement, editing it (fields, team, status and step together), its supporter team
and its status (候補 → 進行中 → … )."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min

from banso.core.errors import DomainError
from banso.core.records import locked, save_audited
from banso.engagements.domain._common import log, require_text, today
from banso.engagements.domain.steps import advance_step, return_to_step
from banso.engagements.domain.suitability import ensure_go_decided
from banso.engagements.domain.surveys import open_milestone_survey
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement, EngagementMember, StepTransition
from banso.engagements.queries import team_candidates
from banso.engagements.validators import format_date

EDITABLE_FIELDS = ("kind", "title", "started_on", "planned_months", "lead_supporter")
START_REASON = "案件を開始しました。"


def _check_team_member(company, user) -> None:
    """A team member must be able to see and change the company: an admin of its organization, or a
    supporter assigned to it."""
    if not team_candidates(company).filter(pk=user.pk).exists():
        raise DomainError(
            f"{user.display_name}さんはこの事業者の担当支援者ではないため、支援チームに加えられません。"
            "先に事業者の担当支援者に割り当ててください。"
        )


def _names(users) -> list[str]:
    return sorted(u.display_name for u in users)


def start_engagement(
    company,
    *,
    by,
    kind: str = "process",
    started_on: dt.date | None = None,
    planned_months: int = g.DEFAULT_PLANNED_MONTHS,
    lead_supporter=None,
    members: Iterable = (),
    title: str = "",
    step: int = g.FIRST_STEP,
) -> Engagement:
    """Open an engagement (伴走支援案件) for `company`, as a 候補 at step ① (or ②).

    The lead supporter defaults to `by`; the lead and members must be admins of the organization or
    supporters assigned to the company. Side effects: the Engagement row and its history, the
    first StepTransition (opening, from no step), one EngagementMember per other member (each with
    history), and an `engagement.started` activity entry. Raises ValidationError for bad fields,
    DomainError for a bad team or starting step.
    """
    if step not in (g.FIRST_STEP, g.GO_DECISION_STEP):
        raise DomainError("新しい案件は、ステップ①（支援対象の見極め）か②（双方の理解）から始めます。")
    lead = lead_supporter or by
    members = [u for u in dict.fromkeys(members) if u.pk != lead.pk]
    for user in [lead, *members]:
        _check_team_member(company, user)
    engagement = Engagement(
        company=company,
        kind=kind,
        title=(title or "").strip(),
        status="candidate",
        step=step,
        started_on=started_on or today(),
        planned_months=planned_months,
        lead_supporter=lead,
    )
    with transaction.atomic():
        save_audited(engagement, by=by)
        transition = StepTransition(
            engagement=engagement,
            from_step=None,
            to_step=step,
            decided_on=engagement.started_on,
            decided_by=by,
            reason=START_REASON,
        )
        save_audited(transition, by=by)
        for user in members:
            save_audited(EngagementMember(engagement=engagement, user=user), by=by)
        log(
            engagement,
            code="engagement.started",
            message=f"伴走支援案件「{engagement}」を開始しました。",
            by=by,
            data={"kind": kind, "step": step, "lead": lead.display_name, "members": _names(members)},
        )
    return engagement


def _dated_records_before(engagement: Engagement, day: dt.date) -> list[str]:
    """Labels of the engagement's dated records that would fall before `day` (a new start date)."""
    checks = [
        ("対話記録", engagement.dialogues, "held_at__date"),
        ("アクションの期限", engagement.actions, "due_on"),
        ("アクションの振り返り", engagement.actions, "reviews__reviewed_on"),
        ("腹落ちした日", engagement.issue_nodes, "agreed_on"),
        ("5つの壁の評価", engagement.wall_assessments, "assessed_on"),
        ("橋渡し", engagement.referrals, "referred_on"),
        ("フォローアップ", engagement.follow_ups, "scheduled_on"),
        ("見極めの評価", engagement.suitability_ratings, "rated_on"),
        ("見極めの判断", engagement.decisions, "decided_on"),
    ]
    found = []
    for label, manager, field in checks:
        earliest = manager.aggregate(earliest=Min(field))["earliest"]
        if earliest is not None and earliest < day:
            found.append(label)
    return found


def _check_new_start(engagement: Engagement, started_on: dt.date) -> None:
    earlier = _dated_records_before(engagement, started_on)
    if earlier:
        raise DomainError(
            f"開始日を{format_date(started_on)}にすると、それより前の記録（{'、'.join(earlier)}）が"
            "開始前になってしまいます。開始日を見直すか、先にそれらの日付を確かめてください。"
        )


def update_engagement(
    engagement: Engagement,
    *,
    by,
    expected_version: int | None = None,
    members: Iterable | None = None,
    status: str | None = None,
    status_reason: str = "",
    status_on: dt.date | None = None,
    step: int | None = None,
    step_reason: str = "",
    step_decided_on: dt.date | None = None,
    **fields,
) -> Engagement:
    """The whole edit of an engagement, all or nothing: its fields (kind, title, started_on,
    planned_months, lead_supporter), then its team, then its status, then its step. The edit page
    and the API's PATCH both call this; each part left out (None / not given) is left alone.

    `expected_version` is checked once, up front, with the row locked: ConflictError when someone
    saved since, before anything is written. Then, in order:
    - fields: refuses (DomainError) unknown names, a new start date later than any dated record of
      the engagement, a lead who may not change the company; a new lead who was a member leaves
      the member list. History snapshot, version + 1, `engagement.updated` naming the fields.
    - `members` (the team besides the lead): see set_team (`engagement.team.changed`).
    - `status` (when different): see change_status (`status_reason`, `status_on`).
    - `step` (when different): advance_step or return_to_step with `step_reason` and
      `step_decided_on` (the go / no-go gate applies).
    Returns the engagement as saved.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = locked(Engagement, engagement.pk, expected_version)
        if fields:
            current = _update_fields(current, by=by, changes=fields)
        if members is not None:
            set_team(current, by=by, members=members)
        if status is not None and status != current.status:
            current = change_status(
                current,
                by=by,
                status=status,
                reason=status_reason,
                on=status_on,
                expected_version=current.version,
            )
        if step is not None and step != current.step:
            move = advance_step if step > current.step else return_to_step
            move(
                current,
                by=by,
                to_step=step,
                reason=step_reason,
                decided_on=step_decided_on,
                expected_version=current.version,
            )
            current = Engagement.objects.get(pk=current.pk)
    return current


def _update_fields(current: Engagement, *, by, changes: dict) -> Engagement:
    """The field part of update_engagement, on a row the caller has locked."""
    changed = {}
    for name, value in changes.items():
        if name == "title":
            value = (value or "").strip()
        old = getattr(current, name)
        if old != value:
            changed[name] = (old, value)
            setattr(current, name, value)
    if not changed:
        return current
    if "started_on" in changed:
        _check_new_start(current, current.started_on)
    if "lead_supporter" in changed:
        lead = current.lead_supporter
        _check_team_member(current.company, lead)
        for member in EngagementMember.objects.filter(engagement=current, user=lead):
            member._history_user = by
            member.delete()
    save_audited(current, by=by, bump_version=True)
    log(
        current,
        code="engagement.updated",
        message=f"伴走支援案件「{current}」の情報を更新しました。",
        by=by,
        data={"fields": sorted(changed)},
    )
    return current


def set_team(engagement: Engagement, *, by, members: Iterable) -> list:
    """Replace the supporter team besides the lead with `members`.

    Side effects: EngagementMember rows added or removed one by one (so each has history), and an
    `engagement.team.changed` activity entry with the names before and after. Returns the members.
    """
    wanted = [u for u in dict.fromkeys(members) if u.pk != engagement.lead_supporter_id]
    for user in wanted:
        _check_team_member(engagement.company, user)
    with transaction.atomic():
        current = {m.user_id: m for m in EngagementMember.objects.filter(engagement=engagement)}
        before = [m.user for m in current.values()]
        wanted_ids = {u.pk for u in wanted}
        for user_id, member in current.items():
            if user_id not in wanted_ids:
                member._history_user = by
                member.delete()
        for user in wanted:
            if user.pk not in current:
                save_audited(EngagementMember(engagement=engagement, user=user), by=by)
        if {u.pk for u in before} != wanted_ids:
            log(
                engagement,
                code="engagement.team.changed",
                message="支援チームを変更しました。",
                by=by,
                data={"old": _names(before), "new": _names(wanted)},
            )
    return wanted


def change_status(
    engagement: Engagement,
    *,
    by,
    status: str,
    reason: str = "",
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Engagement:
    """Move the engagement to another status along guideline.STATUS_CHANGES.

    中止 needs a reason, and so does reopening an ended engagement; 進行中 / フォローアップ / 終了 need
    a recorded 'go' decision. `on` (default today) becomes the end date when the engagement is
    closed or cancelled and is cleared when it reopens. Side effects: a history snapshot and an
    `engagement.status.changed` activity entry with the old and new status and the reason.
    """
    labels = dict(g.ENGAGEMENT_STATUS_CHOICES)
    if status not in labels:
        raise DomainError("案件の状況は一覧から選んでください。")
    with transaction.atomic():
        current = locked(Engagement, engagement.pk, expected_version)
        old = current.status
        if status == old:
            raise DomainError(f"案件はすでに「{labels[status]}」です。")
        if status not in g.STATUS_CHANGES[old]:
            raise DomainError(f"案件の状況を「{labels[old]}」から「{labels[status]}」には変更できません。")
        reason = (reason or "").strip()
        if status == "cancelled":
            reason = require_text(reason, "中止にする理由を入力してください。")
        if old not in g.OPEN_STATUSES:
            reason = require_text(reason, "終了・中止した案件を再開する理由を入力してください。")
        if status in g.STATUSES_NEEDING_GO:
            ensure_go_decided(current)
        current.status = status
        current.status_reason = reason
        current.ended_on = (on or today()) if status not in g.OPEN_STATUSES else None
        save_audited(current, by=by, bump_version=True)
        log(
            current,
            code="engagement.status.changed",
            message=f"案件の状況を「{labels[old]}」から「{labels[status]}」に変更しました。",
            by=by,
            data={"old": old, "new": status, "reason": reason},
        )
        if status == "closed":
            # The end of the engagement: the owner's last satisfaction survey (満足度調査).
            open_milestone_survey(current, "end", by=by)
    return current
