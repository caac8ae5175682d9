"""Moving through the seven steps, and the checklist of each step.

Every move records who decided, when and why (StepTransition). Leaving step ② forward needs a
recorded 'go' decision, however far the jump. The status follows the step where the guideline says
so: past step ② a 候補 becomes 進行中; entering step ⑦ a 進行中 becomes フォローアップ, and going back
from ⑦ makes it 進行中 again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from banso.core.errors import DomainError
from banso.core.records import locked, save_audited
from banso.engagements.domain._common import log, require_text, today
from banso.engagements.domain.suitability import ensure_go_decided
from banso.engagements.domain.surveys import open_milestone_survey
from banso.engagements.engines import guideline as g
from banso.engagements.engines.surveys import milestone_for_step
from banso.engagements.models import Engagement, StepCheck, StepTransition
from banso.engagements.permissions import ensure_open, ensure_open_now


def _move(engagement: Engagement, *, by, to_step: int, reason: str, decided_on, code: str, verb: str):
    from_step = engagement.step
    old_status = engagement.status
    engagement.step = to_step
    if to_step > g.GO_DECISION_STEP and engagement.status == "candidate":
        engagement.status = "active"
    if to_step == g.FOLLOW_UP_STEP and engagement.status == "active":
        engagement.status = "follow_up"
    if from_step == g.FOLLOW_UP_STEP and to_step < g.FOLLOW_UP_STEP and engagement.status == "follow_up":
        engagement.status = "active"
    transition = StepTransition(
        engagement=engagement,
        from_step=from_step,
        to_step=to_step,
        decided_on=decided_on or today(),
        decided_by=by,
        reason=reason,
    )
    save_audited(transition, by=by)
    save_audited(engagement, by=by, bump_version=True)
    data = {"from": from_step, "to": to_step, "reason": reason}
    if engagement.status != old_status:
        data["status"] = {"old": old_status, "new": engagement.status}
    log(
        engagement,
        code=code,
        message=f"ステップを{g.step_label(from_step)}から{g.step_label(to_step)}に{verb}ました。",
        by=by,
        data=data,
    )
    return transition


def advance_step(
    engagement: Engagement,
    *,
    by,
    reason: str,
    to_step: int | None = None,
    decided_on: dt.date | None = None,
    expected_version: int | None = None,
) -> StepTransition:
    """Move the engagement forward to `to_step` (default: the next step) and record why.

    Refused (DomainError, Japanese) when the engagement has ended, the target is not ahead, there is
    no reason, or the move leaves step ② (or ①) without a recorded 'go' decision. ConflictError when
    someone saved the engagement since `expected_version`. Side effects: a StepTransition row, the
    engagement's step (and status, see module doc), version + 1 and history, and an
    `engagement.step.advanced` activity entry.
    """
    reason = require_text(reason, "ステップを進める理由を入力してください。")
    with transaction.atomic():
        current = locked(Engagement, engagement.pk, expected_version)
        ensure_open(current)
        if current.step >= g.LAST_STEP:
            raise DomainError(f"すでに最後のステップ（{g.step_label(g.LAST_STEP)}）です。")
        target = current.step + 1 if to_step is None else to_step
        if target not in g.STEP_BY_NUMBER or target <= current.step:
            raise DomainError(
                f"進める先には、今のステップ（{g.step_label(current.step)}）より後のステップを選んでください。"
            )
        if current.step <= g.GO_DECISION_STEP < target:
            ensure_go_decided(current)
        milestone = milestone_for_step(current.step, target)
        transition = _move(
            current,
            by=by,
            to_step=target,
            reason=reason,
            decided_on=decided_on,
            code="engagement.step.advanced",
            verb="進め",
        )
        if milestone:
            # Leaving step ③: the owner's first satisfaction survey (満足度調査).
            open_milestone_survey(transition.engagement, milestone, by=by)
        return transition


def return_to_step(
    engagement: Engagement,
    *,
    by,
    to_step: int,
    reason: str,
    decided_on: dt.date | None = None,
    expected_version: int | None = None,
) -> StepTransition:
    """Go back to an earlier step (allowed, and recorded like a step forward).

    Refused (DomainError) when the engagement has ended, the target is not behind, or there is no
    reason; ConflictError on a stale `expected_version`. Side effects: a StepTransition row, the
    engagement's step (and status when leaving step ⑦), version + 1 and history, and an
    `engagement.step.returned` activity entry.
    """
    reason = require_text(reason, "ステップを戻す理由を入力してください。")
    with transaction.atomic():
        current = locked(Engagement, engagement.pk, expected_version)
        ensure_open(current)
        if to_step not in g.STEP_BY_NUMBER or to_step >= current.step:
            raise DomainError(
                f"戻す先には、今のステップ（{g.step_label(current.step)}）より前のステップを選んでください。"
            )
        return _move(
            current,
            by=by,
            to_step=to_step,
            reason=reason,
            decided_on=decided_on,
            code="engagement.step.returned",
            verb="戻し",
        )


def record_step_check(
    engagement: Engagement, *, by, checkpoint: str, done: bool, note: str = ""
) -> StepCheck:
    """Answer one checklist point of a step (any step, not only the current one), with a note.

    Side effects: the StepCheck row (created or updated) with history. Not an activity entry: a tick
    is not a business event, and its history already says who and when.
    """
    ensure_open_now(engagement)
    step = g.CHECKPOINT_STEP.get(checkpoint)
    if step is None:
        raise DomainError("確認のポイントは、ガイドラインの各ステップの一覧から選んでください。")
    with transaction.atomic():
        row = (
            StepCheck.objects.select_for_update().filter(engagement=engagement, checkpoint=checkpoint).first()
        )
        row = row or StepCheck(engagement=engagement, checkpoint=checkpoint, step=step)
        row.done = bool(done)
        row.note = (note or "").strip()
        row.checked_by = by
        save_audited(row, by=by)
    return row
