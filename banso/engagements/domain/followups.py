"""Follow-up (step ⑦ 自走化): checks scheduled after the support period, what each found, and the
figures at the start (OutcomeBaseline) that the follow-ups are compared with.

Rules: follow-ups are proposed at guideline.FOLLOW_UP_OFFSETS_MONTHS after the planned end of
support (one per day — an existing date is not scheduled twice); the self-propulsion ratings
(1–4), the evidence and the figures belong to a follow-up that took place, so they need its day
(実施日), which is not in the future; nothing is dated before the engagement began; an ended
engagement takes no changes. One baseline per engagement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import DomainError
from banso.core.records import apply_changes, locked, save_audited
from banso.engagements.domain._common import log, today
from banso.engagements.domain.surveys import open_milestone_survey
from banso.engagements.engines import guideline as g
from banso.engagements.engines import outcomes
from banso.engagements.models import Engagement, FollowUp, OutcomeBaseline
from banso.engagements.models.base import add_months
from banso.engagements.permissions import ensure_open_now
from banso.engagements.validators import format_date, future_date_message

FIGURE_FIELDS = ("fiscal_year", *outcomes.METRIC_KEYS)
RESULT_FIELDS = (*g.SELF_PROPULSION_KEYS, "evidence", *FIGURE_FIELDS)
FOLLOW_UP_FIELDS = ("scheduled_on", "done_on", "note", *RESULT_FIELDS)
BASELINE_FIELDS = ("source", *FIGURE_FIELDS)
NEEDS_DONE_MESSAGE = (
    "自走化の評価・所見・数値は、実施したフォローアップに記録します。実施日を入力してください。"
)


def proposed_dates(engagement: Engagement) -> list[dt.date]:
    """The guideline's follow-up days: 3, 6 and 12 months after the planned end of support."""
    return [add_months(engagement.planned_end_on, months) for months in g.FOLLOW_UP_OFFSETS_MONTHS]


def months_after_support(engagement: Engagement, day: dt.date) -> int | None:
    """How many months after the planned end of support `day` is, when it is one of the proposed days."""
    for months in g.FOLLOW_UP_OFFSETS_MONTHS:
        if add_months(engagement.planned_end_on, months) == day:
            return months
    return None


def schedule_follow_ups(
    engagement: Engagement, *, by, dates: Iterable[dt.date] | None = None
) -> list[FollowUp]:
    """Schedule follow-ups on `dates` (default: proposed_dates), skipping days already scheduled.

    Returns the new ones. DomainError for an ended engagement or when every day is already
    scheduled. Side effects: FollowUp rows with history and one `engagement.follow_up.scheduled`
    activity entry listing the days.
    """
    ensure_open_now(engagement)
    wanted = sorted(set(dates if dates is not None else proposed_dates(engagement)))
    with transaction.atomic():
        taken = set(FollowUp.objects.filter(engagement=engagement).values_list("scheduled_on", flat=True))
        created = []
        for day in wanted:
            if day in taken:
                continue
            follow_up = FollowUp(engagement=engagement, scheduled_on=day)
            save_audited(follow_up, by=by)
            created.append(follow_up)
        if not created:
            raise DomainError("これらの日のフォローアップはすでに予定されています。")
        days = "、".join(format_date(f.scheduled_on) for f in created)
        log(
            engagement,
            code="engagement.follow_up.scheduled",
            message=f"フォローアップを予定しました（{days}）。",
            by=by,
            data={
                "follow_up_ids": [f.pk for f in created],
                "dates": [f.scheduled_on.isoformat() for f in created],
            },
        )
    return created


def _check_results(follow_up: FollowUp) -> None:
    errors: dict[str, list[str]] = {}
    if follow_up.done_on is not None and follow_up.done_on > today():
        errors["done_on"] = [future_date_message()]
    if follow_up.done_on is None:
        filled = [name for name in RESULT_FIELDS if getattr(follow_up, name) not in (None, "")]
        if filled:
            errors["done_on"] = [NEEDS_DONE_MESSAGE]
    if errors:
        raise ValidationError(errors)


def update_follow_up(follow_up: FollowUp, *, by, expected_version: int | None = None, **changes) -> FollowUp:
    """Reschedule a follow-up or record what it found (FOLLOW_UP_FIELDS): the day it took place, the
    three self-propulsion ratings (1–4), the evidence, and the figures at the time.

    The supporter recording the day it took place becomes `conducted_by`. ConflictError on a stale
    `expected_version`; ValidationError (per field) for ratings outside 1–4, results without a
    done day, a future done day or one before the engagement began. Side effects: a history
    snapshot (version + 1); `engagement.follow_up.recorded` when it is first marked done,
    otherwise `engagement.follow_up.updated`.
    """
    unknown = set(changes) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = locked(FollowUp, follow_up.pk, expected_version)
        engagement = current.engagement
        ensure_open_now(engagement)
        was_done = current.is_done
        trimmed = {
            name: value.strip() if isinstance(value, str) else value for name, value in changes.items()
        }
        changed = apply_changes(current, trimmed)
        if not changed:
            return current
        _check_results(current)
        if current.is_done and (not was_done or current.conducted_by_id is None):
            current.conducted_by = by
        if not current.is_done:
            current.conducted_by = None
        save_audited(current, by=by, bump_version=True)
        if current.is_done and not was_done:
            ratings = "、".join(
                f"{point.label}{getattr(current, point.key)}"
                for point in g.SELF_PROPULSION_POINTS
                if getattr(current, point.key) is not None
            )
            log(
                engagement,
                code="engagement.follow_up.recorded",
                message=f"{format_date(current.done_on)}のフォローアップを記録しました"
                + (f"（{ratings}）。" if ratings else "。"),
                by=by,
                data={"follow_up_id": current.pk, "self_propulsion": current.self_propulsion},
            )
            # A follow-up took place: the owner's satisfaction survey (満足度調査) of this milestone.
            open_milestone_survey(engagement, "follow_up", by=by)
        else:
            log(
                engagement,
                code="engagement.follow_up.updated",
                message=f"{format_date(current.scheduled_on)}予定のフォローアップを更新しました。",
                by=by,
                data={"follow_up_id": current.pk, "fields": sorted(changed)},
            )
    return current


def add_follow_up(engagement: Engagement, *, by, scheduled_on: dt.date, **results) -> FollowUp:
    """Schedule one follow-up (and, with `done_on` and results, record it at once).

    See schedule_follow_ups and update_follow_up for the rules and side effects.
    """
    unknown = set(results) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise DomainError(f"指定できない項目が含まれています: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if FollowUp.objects.filter(engagement=engagement, scheduled_on=scheduled_on).exists():
            raise ValidationError(
                {"scheduled_on": f"{format_date(scheduled_on)}のフォローアップはすでに予定されています。"}
            )
        (follow_up,) = schedule_follow_ups(engagement, by=by, dates=[scheduled_on])
        results = {k: v for k, v in results.items() if v not in (None, "") and k != "scheduled_on"}
        if results:
            follow_up = update_follow_up(follow_up, by=by, **results)
    return follow_up


def set_baseline(
    engagement: Engagement, *, by, expected_version: int | None = None, **figures
) -> OutcomeBaseline:
    """Record or correct the figures when support began (BASELINE_FIELDS), the "before" of the
    follow-ups. One per engagement; ConflictError on a stale `expected_version` of an existing one.

    Side effects: the OutcomeBaseline row (created, or history snapshot and version + 1) and an
    `engagement.baseline.recorded` / `engagement.baseline.updated` activity entry.
    """
    unknown = set(figures) - set(BASELINE_FIELDS)
    if unknown:
        raise DomainError(f"指定できない項目が含まれています: {', '.join(sorted(unknown))}")
    ensure_open_now(engagement)
    with transaction.atomic():
        existing = OutcomeBaseline.objects.filter(engagement=engagement).first()
        if existing is None:
            baseline = OutcomeBaseline(engagement=engagement, recorded_by=by)
            for name, value in figures.items():
                setattr(baseline, name, value.strip() if isinstance(value, str) else value)
            save_audited(baseline, by=by)
            code, verb = "engagement.baseline.recorded", "記録"
        else:
            baseline = locked(OutcomeBaseline, existing.pk, expected_version)
            changed = [name for name, value in figures.items() if getattr(baseline, name) != value]
            if not changed:
                return baseline
            for name in changed:
                value = figures[name]
                setattr(baseline, name, value.strip() if isinstance(value, str) else value)
            save_audited(baseline, by=by, bump_version=True)
            code, verb = "engagement.baseline.updated", "更新"
        log(
            engagement,
            code=code,
            message=f"支援開始時の数値を{verb}しました。",
            by=by,
            data={"baseline_id": baseline.pk, **{k: _json(v) for k, v in baseline.figures().items()}},
        )
    return baseline


def _json(value):
    return str(value) if value is not None and not isinstance(value, int) else value


def comparison(engagement: Engagement, follow_ups: Iterable[FollowUp] | None = None):
    """Before / after of the engagement: (done follow-ups with figures, oldest first; comparisons)."""
    if follow_ups is None:
        follow_ups = FollowUp.objects.filter(engagement=engagement, done_on__isnull=False)
    done = sorted(
        (f for f in follow_ups if f.is_done and outcomes.has_figures(f.figures())),
        key=lambda f: (f.done_on, f.pk),
    )
    baseline = OutcomeBaseline.objects.filter(engagement=engagement).first()
    before = baseline.figures() if baseline else None
    return baseline, done, outcomes.compare(before, [f.figures() for f in done])
