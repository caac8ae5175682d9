"""従事時間 (time spent on an engagement): logged work (WorkLog: 準備, 移動, 報告書作成, その他) and the
time sheet that adds the dialogues' durations to it.

Rules: a day not in the future and not before the engagement began; minutes 1–1440 (a day at most);
a kind from the list; a note of at most 500 characters; the worker is one of the people who may be on
the company's engagement team (queries.team_candidates) — by default whoever records it; an ended
engagement takes no new or changed entries. Changes and deletions name the version they started from
(ConflictError when stale). A dialogue counts with its duration once per advisor who attended (the
person who recorded it when none is named); a dialogue without a duration, or one planned for a day
still to come, counts nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from banso.core.records import apply_changes, locked, save_audited
from banso.engagements.domain._common import log, today
from banso.engagements.engines import timesheet
from banso.engagements.models import Dialogue, Engagement, WorkLog
from banso.engagements.models.worklogs import MAX_WORK_MINUTES
from banso.engagements.permissions import ensure_open_now
from banso.engagements.queries import team_candidates
from banso.engagements.validators import format_date, future_date_message, not_before_start_message

ONE_DAY = dt.timedelta(days=1)
FIELDS = ("worked_on", "kind", "minutes", "note", "worker")
MINUTES_MESSAGE = f"時間は1分以上、{MAX_WORK_MINUTES}分（24時間）以下で入力してください。"
WORKER_MESSAGE = "支援者は、この事業者の担当者または管理者から選んでください。"


def _check(engagement: Engagement, values: dict) -> None:
    errors: dict[str, list[str]] = {}
    day = values.get("worked_on")
    if not isinstance(day, dt.date):
        errors["worked_on"] = ["日付を入力してください。"]
    elif day > today():
        errors["worked_on"] = [future_date_message()]
    elif engagement.started_on and day < engagement.started_on:
        errors["worked_on"] = [not_before_start_message(engagement.started_on)]
    minutes = values.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not (1 <= minutes <= MAX_WORK_MINUTES):
        errors["minutes"] = [MINUTES_MESSAGE]
    if values.get("kind") not in WorkLog.Kind.values:
        errors["kind"] = ["区分は「準備」「移動」「報告書作成」「その他」から選んでください。"]
    if len(values.get("note") or "") > 500:
        errors["note"] = ["内容は500文字以内で入力してください。"]
    worker = values.get("worker")
    if worker is None or not team_candidates(engagement.company).filter(pk=worker.pk).exists():
        errors["worker"] = [WORKER_MESSAGE]
    if errors:
        raise ValidationError(errors)


def add_work_log(
    engagement: Engagement, *, by, worked_on, kind: str, minutes: int, note: str = "", worker=None
) -> WorkLog:
    """Log work on the engagement. ValidationError {field: message} (module rules), DomainError for an
    ended engagement. Side effects: the WorkLog row with history, one `engagement.work_log.added` entry."""
    ensure_open_now(engagement)
    values = {
        "worked_on": worked_on,
        "kind": kind,
        "minutes": minutes,
        "note": (note or "").strip(),
        "worker": worker or by,
    }
    _check(engagement, values)
    with transaction.atomic():
        entry = WorkLog(engagement=engagement, recorded_by=by, **values)
        save_audited(entry, by=by)
        log(
            engagement,
            code="engagement.work_log.added",
            message=f"従事時間を記録しました（{format_date(entry.worked_on)} "
            f"{entry.get_kind_display()} {timesheet.duration_text(entry.minutes)}）。",
            by=by,
            data={"work_log_id": entry.pk, "minutes": entry.minutes},
        )
    return entry


def update_work_log(entry: WorkLog, *, by, expected_version: int | None, **changes) -> WorkLog:
    """Change a logged entry (FIELDS). ConflictError when stale; ValidationError as add_work_log.
    Side effects: version + 1, history, one `engagement.work_log.changed` entry when anything changed."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    engagement = entry.engagement
    ensure_open_now(engagement)
    with transaction.atomic():
        current = locked(WorkLog, entry.pk, expected_version)
        if "note" in changes:
            changes["note"] = (changes["note"] or "").strip()
        values = {name: changes.get(name, getattr(current, name)) for name in FIELDS}
        _check(engagement, values)
        changed = apply_changes(current, {name: values[name] for name in FIELDS})
        if not changed:
            return current
        save_audited(current, by=by, bump_version=True)
        log(
            engagement,
            code="engagement.work_log.changed",
            message=f"従事時間を変更しました（{format_date(current.worked_on)}）。",
            by=by,
            data={"work_log_id": current.pk, "fields": sorted(changed)},
        )
    return current


def delete_work_log(entry: WorkLog, *, by, expected_version: int | None) -> None:
    """Delete a logged entry. ConflictError when stale. Side effects: history of the deletion, one
    `engagement.work_log.deleted` entry."""
    engagement = entry.engagement
    ensure_open_now(engagement)
    with transaction.atomic():
        current = locked(WorkLog, entry.pk, expected_version)
        current._history_user = by
        day, minutes = current.worked_on, current.minutes
        current.delete()
        log(
            engagement,
            code="engagement.work_log.deleted",
            message=f"従事時間を削除しました（{format_date(day)} {timesheet.duration_text(minutes)}）。",
            by=by,
            data={"work_log_id": entry.pk, "minutes": minutes},
        )


def _name(user) -> str:
    return user.display_name if user else ""


def _dialogue_entries(dialogues, *, only_user=None, label=None) -> list[timesheet.Entry]:
    entries = []
    for dialogue in dialogues:
        advisors = list(dialogue.advisors.all()) or [dialogue.recorded_by]
        for advisor in advisors:
            if only_user is not None and advisor.pk != only_user.pk:
                continue
            entries.append(
                timesheet.Entry(
                    day=dialogue.held_on,
                    worker=_name(advisor),
                    kind=timesheet.DIALOGUE,
                    content=dialogue.title or dialogue.get_form_display(),
                    minutes=dialogue.duration_minutes,
                    dialogue_id=dialogue.pk,
                    engagement_label=label(dialogue.engagement) if label else "",
                )
            )
    return entries


def _log_entries(logs, *, label=None) -> list[timesheet.Entry]:
    return [
        timesheet.Entry(
            day=entry.worked_on,
            worker=_name(entry.worker),
            kind=entry.kind,
            content=entry.note,
            minutes=entry.minutes,
            log_id=entry.pk,
            engagement_label=label(entry.engagement) if label else "",
        )
        for entry in logs
    ]


def _within(field: str, first: dt.date | None, last: dt.date | None) -> Q:
    query = Q()
    if first is not None:
        query &= Q(**{f"{field}__gte": first})
    if last is not None:
        query &= Q(**{f"{field}__lte": last})
    return query


def engagement_entries(
    engagement: Engagement, *, first: dt.date | None = None, last: dt.date | None = None
) -> list[timesheet.Entry]:
    """The time sheet of one engagement between `first` and `last` (days, inclusive; None: open)."""
    dialogues = (
        Dialogue.objects.filter(engagement=engagement, duration_minutes__isnull=False)
        .select_related("recorded_by")
        .prefetch_related("advisors")
    )
    now = today()
    dialogues = [
        d
        for d in dialogues
        if d.held_on <= now and (first is None or d.held_on >= first) and (last is None or d.held_on <= last)
    ]
    logs = WorkLog.objects.filter(engagement=engagement).filter(_within("worked_on", first, last))
    entries = _dialogue_entries(dialogues) + _log_entries(logs.select_related("worker"))
    return timesheet.sort_entries(entries)


def engagement_label(engagement: Engagement) -> str:
    return f"{engagement.company.name}（{engagement.title}）" if engagement.title else engagement.company.name


def supporter_entries(membership, user, *, first: dt.date, last: dt.date) -> list[timesheet.Entry]:
    """One supporter's time across the engagements the viewer may see, between `first` and `last`."""
    engagements = Engagement.objects.visible_to(membership)
    dialogues = (
        Dialogue.objects.filter(engagement__in=engagements, duration_minutes__isnull=False)
        .filter(Q(advisors=user) | Q(advisors__isnull=True, recorded_by=user))
        .filter(
            held_at__date__gte=first - dt.timedelta(days=1), held_at__date__lte=last + dt.timedelta(days=1)
        )
        .select_related("recorded_by", "engagement__company")
        .prefetch_related("advisors")
        .distinct()
    )
    dialogues = [d for d in dialogues if first <= d.held_on <= min(last, today())]
    logs = (
        WorkLog.objects.filter(engagement__in=engagements, worker=user)
        .filter(_within("worked_on", first, last))
        .select_related("worker", "engagement__company")
    )
    entries = _dialogue_entries(dialogues, only_user=user, label=engagement_label) + _log_entries(
        logs, label=engagement_label
    )
    return timesheet.sort_entries(entries)
