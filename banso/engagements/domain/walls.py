"""Rating the five walls (自己変革を妨げる5つの壁), 0 = 乗り越えた … 3 = 強い壁, on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.records import locked, save_audited
from banso.engagements.domain._common import UNSET, log, save_new_and_log
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement, WallAssessment
from banso.engagements.permissions import ensure_open_now


def clean_ratings(ratings: Mapping, *, partial: bool = False) -> dict[str, int]:
    """The ratings as {wall key: int 0–3}. ValidationError with one Japanese message per wrong wall:
    unknown keys, missing walls (unless `partial`), and anything that is not a whole number 0–3."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for key in ratings:
        if key not in g.WALL_BY_KEY:
            errors.setdefault("ratings", []).append(
                f"「{key}」という壁はありません。使える項目は {', '.join(g.WALL_KEYS)} です。"
            )
    for wall in g.WALLS:
        if wall.key not in ratings:
            if not partial:
                errors.setdefault(wall.key, []).append(f"「{wall.label}」を評価してください（0〜3）。")
            continue
        value = ratings[wall.key]
        if isinstance(value, bool) or not isinstance(value, int) or not g.WALL_MIN <= value <= g.WALL_MAX:
            errors.setdefault(wall.key, []).append(
                f"「{wall.label}」の評価は 0（乗り越えた）〜3（強い壁）の整数で入力してください"
                f"（入力: {value}）。"
            )
            continue
        cleaned[wall.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply_notes(assessment: WallAssessment, notes: Mapping | None) -> None:
    for key, text in (notes or {}).items():
        if key not in g.WALL_BY_KEY:
            raise ValidationError(
                {"notes": f"「{key}」という壁はありません。使える項目は {', '.join(g.WALL_KEYS)} です。"}
            )
        setattr(assessment, f"{key}_note", (text or "").strip())


def _summary(assessment: WallAssessment) -> str:
    return "、".join(f"{wall.short_label}{getattr(assessment, wall.key)}" for wall in g.WALLS)


def latest_wall_assessment(engagement: Engagement) -> WallAssessment | None:
    """The most recent assessment (by day, then by entry)."""
    return WallAssessment.objects.filter(engagement=engagement).order_by("-assessed_on", "-id").first()


def carried_over(previous: WallAssessment | None) -> dict:
    """What a new assessment starts from: the latest one's ratings and its 根拠 for every wall (as
    form field names, `<wall>` and `<wall>_note`), so a wall that did not move keeps its reasons in
    the newest row. Everything stays editable. Empty when there is no earlier assessment."""
    if previous is None:
        return {}
    start: dict = {}
    for wall in g.WALLS:
        start[wall.key] = getattr(previous, wall.key)
        start[f"{wall.key}_note"] = getattr(previous, f"{wall.key}_note")
    return start


def record_wall_assessment(
    engagement: Engagement,
    *,
    by,
    assessed_on: dt.date,
    ratings: Mapping,
    notes: Mapping | None = None,
) -> WallAssessment:
    """Record a dated rating of all five walls, each with an optional note of evidence.

    One assessment per day per engagement (a second one is a ValidationError with the duplicate
    code, so the API answers 409). Side effects: the WallAssessment row with history and an
    `engagement.walls.assessed` activity entry with the ratings.
    """
    ensure_open_now(engagement)
    cleaned = clean_ratings(ratings)
    assessment = WallAssessment(engagement=engagement, assessed_on=assessed_on, assessed_by=by, **cleaned)
    _apply_notes(assessment, notes)
    return save_new_and_log(
        assessment,
        by=by,
        code="engagement.walls.assessed",
        message=f"5つの壁を評価しました（{_summary(assessment)}）。",
        id_key="assessment_id",
        data={"assessed_on": assessed_on.isoformat(), "ratings": cleaned},
    )


def update_wall_assessment(
    assessment: WallAssessment,
    *,
    by,
    expected_version: int | None = None,
    assessed_on=UNSET,
    ratings: Mapping | None = None,
    notes: Mapping | None = None,
) -> WallAssessment:
    """Correct an assessment: its day, some or all ratings, some or all notes.

    ConflictError on a stale `expected_version`. Side effects: a history snapshot (version + 1) and
    an `engagement.walls.updated` activity entry.
    """
    ensure_open_now(assessment.engagement)
    cleaned = clean_ratings(ratings or {}, partial=True)
    with transaction.atomic():
        current = locked(WallAssessment, assessment.pk, expected_version)
        if assessed_on is not UNSET:
            current.assessed_on = assessed_on
        for key, value in cleaned.items():
            setattr(current, key, value)
        _apply_notes(current, notes)
        save_audited(current, by=by, bump_version=True)
        log(
            current.engagement,
            code="engagement.walls.updated",
            message=f"5つの壁の評価を修正しました（{_summary(current)}）。",
            by=by,
            data={"assessment_id": current.pk, "ratings": current.ratings},
        )
    return current
