"""The company history page: field changes (simple-history) and business events (ActivityLog)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from banso.core.history import HISTORY_TYPE_LABELS, FieldChange, actor_label, history_with_changes
from banso.core.models import ActivityLog

MAX_ENTRIES = 200


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    title: str
    changes: list[FieldChange] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def company_history(company, *, support_side: bool = True) -> list[HistoryEntry]:
    """Field changes and business events about the company, newest first.

    Company-side users (経営者・従業員) see only the company's own record and its events; the
    support side's working notes (suitability judgements, reflections, step reasons…) stay with
    the support organization.
    """
    entries: list[HistoryEntry] = []
    newest = company.history.select_related("history_user").order_by("-history_date")
    records = list(newest[: MAX_ENTRIES + 1])
    pairs = history_with_changes(records, complete=len(records) <= MAX_ENTRIES)
    created = ActivityLog.objects.filter(company_id=company.pk, code="company.created").first()
    for record, changes in pairs:
        details = []
        if record.history_type == "+" and created and created.data.get("supporters"):
            details.append(f"担当支援者: {_join(created.data['supporters'])}")
        entries.append(
            HistoryEntry(
                at=record.history_date,
                actor=actor_label(record),
                title=f"事業者情報を{HISTORY_TYPE_LABELS.get(record.history_type, '変更')}",
                changes=changes,
                details=details,
            )
        )
    events = ActivityLog.objects.filter(company_id=company.pk).exclude(
        code__in=["company.created", "company.updated", "company.deleted"]
    )
    if not support_side:
        events = events.filter(code__startswith="company.")
    events = events[:MAX_ENTRIES]
    for event in events:
        details = [event.change_summary] if event.change_summary else []
        entries.append(
            HistoryEntry(
                at=event.created_at,
                actor=event.actor_name or "システム",
                title=event.message,
                details=details,
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:MAX_ENTRIES]


def _join(value) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（なし）"
    return str(value) if value not in (None, "") else "（なし）"
