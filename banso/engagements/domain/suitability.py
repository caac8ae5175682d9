"""Steps ① and ②: rating the suitability points and the go / no-go decision they end in."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from banso.core.errors import DomainError
from banso.core.records import locked, save_audited
from banso.engagements.domain._common import log, require_text, today
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement, GoNoGoDecision, SuitabilityRating
from banso.engagements.permissions import ensure_open, ensure_open_now, in_decision_window

NO_DECISION_MESSAGE = (
    "ステップ③に進む前に、見極め（Go / No-Go）の判断を記録してください。"
    "取組意欲・受入姿勢などの見極めの評価と判断は、ステップ①②で行います。"
)
NO_GO_MESSAGE = (
    "直近の見極めの判断が「見送る（No-Go）」のため、先へ進められません。"
    "状況が変わった場合は、ステップ①②で改めて判断を記録してください。"
)


def latest_decision(engagement: Engagement) -> GoNoGoDecision | None:
    """The most recently recorded go / no-go decision (a re-assessment replaces earlier ones)."""
    return GoNoGoDecision.objects.filter(engagement=engagement).order_by("-created_at", "-id").first()


def ensure_go_decided(engagement: Engagement) -> GoNoGoDecision:
    """The latest decision if it is 'go'; DomainError (Japanese) when there is none or it is 'no-go'."""
    decision = latest_decision(engagement)
    if decision is None:
        raise DomainError(NO_DECISION_MESSAGE)
    if not decision.is_go:
        raise DomainError(NO_GO_MESSAGE)
    return decision


def rate_suitability(
    engagement: Engagement,
    *,
    by,
    point: str,
    rating: int,
    evidence: str,
    rated_on: dt.date | None = None,
) -> SuitabilityRating:
    """Rate one suitability point (docs/domain.md §2.6) 1–4 with its evidence; a new rating replaces the
    current one (its history keeps the old). Side effects: the SuitabilityRating row with history.
    Raises ValidationError (Japanese, per field) for an unknown point, a rating outside 1–4 or no
    evidence.
    """
    ensure_open_now(engagement)
    with transaction.atomic():
        current = (
            SuitabilityRating.objects.select_for_update().filter(engagement=engagement, point=point).first()
        )
        row = current or SuitabilityRating(engagement=engagement, point=point)
        row.rating = rating
        row.evidence = (evidence or "").strip()
        row.rated_on = rated_on or today()
        row.rated_by = by
        save_audited(row, by=by)
    return row


def decide_suitability(
    engagement: Engagement,
    *,
    by,
    decision: str,
    reason: str,
    decided_on: dt.date | None = None,
    expected_version: int | None = None,
) -> GoNoGoDecision:
    """Record the go / no-go decision that ends the suitability assessment (steps ① and ②).

    'go' needs every suitability point rated; 'no_go' cancels the engagement (中止, with the reason).
    Only while the engagement is open and at step ① or ②. Side effects: the GoNoGoDecision row
    (with a snapshot of the ratings) and its history; for 'no_go' the engagement's status, end
    date and reason (history, version + 1); an `engagement.suitability.decided` activity entry.
    """
    labels = dict(g.DECISION_CHOICES)
    if decision not in labels:
        raise DomainError("判断は「伴走支援を行う（Go）」か「見送る（No-Go）」から選んでください。")
    reason = require_text(reason, "判断の理由を入力してください。")
    with transaction.atomic():
        current = locked(Engagement, engagement.pk, expected_version)
        ensure_open(current)
        if not in_decision_window(current):
            raise DomainError(
                "見極め（Go / No-Go）の判断はステップ①②で行います。"
                "見直す場合は、ステップ②に戻してから判断してください。"
            )
        ratings = dict(
            SuitabilityRating.objects.filter(engagement=current)
            .values_list("point", "rating")
            .order_by("point")
        )
        if decision == "go":
            missing = [p.label for p in g.SUITABILITY_POINTS if p.key not in ratings]
            if missing:
                raise DomainError(
                    "「伴走支援を行う（Go）」と判断する前に、すべての見極めの項目を評価してください"
                    f"（未評価: {'、'.join(missing)}）。"
                )
        row = GoNoGoDecision(
            engagement=current,
            decision=decision,
            step=current.step,
            decided_on=decided_on or today(),
            decided_by=by,
            reason=reason,
            ratings=ratings,
        )
        save_audited(row, by=by)
        if decision == "no_go":
            current.status = "cancelled"
            current.status_reason = f"見極めの結果、伴走支援を見送りました。{reason}"
            current.ended_on = row.decided_on
            save_audited(current, by=by, bump_version=True)
        log(
            current,
            code="engagement.suitability.decided",
            message=f"見極めの判断を記録しました: {labels[decision]}",
            by=by,
            data={"decision": decision, "reason": reason, "ratings": ratings},
        )
    return row
