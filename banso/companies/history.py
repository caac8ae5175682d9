"""The company history page: field changes (simple-history) and business events (ActivityLog)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from banso.core.history import (
    HISTORY_TYPE_LABELS,
    FieldChange,
    actor_label,
    history_with_changes,
    prefetch_m2m_snapshots,
)
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
    prefetch_m2m_snapshots(records)
    pairs = history_with_changes(records, complete=len(records) <= MAX_ENTRIES)
    for record, changes in pairs:
        if record.history_type == "~" and [c.field for c in changes] == ["supporters"]:
            title = "担当支援者を変更しました"
        else:
            title = f"事業者情報を{HISTORY_TYPE_LABELS.get(record.history_type, '変更')}"
        entries.append(
            HistoryEntry(at=record.history_date, actor=actor_label(record), title=title, changes=changes)
        )
    # Field history covers creation, updates, deletion and the supporters (one row per change).
    events = ActivityLog.objects.filter(company_id=company.pk).exclude(
        code__in=["company.created", "company.updated", "company.deleted", "company.supporters.changed"]
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
