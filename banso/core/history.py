"""Field history of client records (who, when, which organization, old → new).

Every client-data model declares `history = audited_history()`; simple-history then keeps a
snapshot per create / update / delete. Domain functions pass the acting user explicitly
(`instance._history_user = by`) so API calls and commands are attributed, not only web requests.
The snapshots are read-only: no view edits them and the admin shows them read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class OrganizationStampedHistory(models.Model):
    """Adds the owning organization to each history row so audit queries need no joins."""

    history_organization_id = models.BigIntegerField("支援機関ID", null=True, db_index=True)

    class Meta:
        abstract = True


_AUDITED: list[HistoricalRecords] = []


def audited_history(**kwargs) -> HistoricalRecords:
    records = HistoricalRecords(bases=[OrganizationStampedHistory], cascade_delete_history=False, **kwargs)
    _AUDITED.append(records)
    return records


def save_with_m2m(instance: models.Model, *, by, m2m: dict[str, Any] | None = None) -> None:
    """Save `instance` and set its many-to-many values (`{"participants": [...]}`), writing ONE
    history row by `by` ('+' for a new row, '~' for a change) holding fields and m2m together.

    simple-history writes a row per save and another per m2m change, so a plain save followed by
    `.set()` leaves a '+' row with empty m2m values and '~' rows that change nothing else.
    Side effects: the row, its m2m rows, one history row (with its m2m snapshot).
    """
    history_type = "+" if instance._state.adding else "~"
    model = type(instance)
    records = next(r for r in _AUDITED if r.cls is model or issubclass(model, r.cls))
    instance._history_user = by
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    records.create_historical_record(instance, history_type)


@receiver(pre_create_historical_record)
def _stamp_organization(sender, instance, history_instance, **kwargs):
    history_instance.history_organization_id = getattr(instance, "audit_organization_id", None)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


HISTORY_TYPE_LABELS = {"+": "作成", "~": "変更", "-": "削除"}


def _display(record, field: models.Field, value):
    if value in (None, ""):
        return "（なし）"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(field, models.BigIntegerField) and not field.is_relation:
        return f"{value:,}"  # amounts in yen
    return value


def changes_between(older, newer) -> list[FieldChange]:
    """Changed fields between two history rows of one object, with Japanese labels and display values."""
    excluded = {"updated_at", "created_at", "search_text", "version", "organization"}
    result = []
    model = newer.instance_type
    for field in model._meta.concrete_fields:
        if field.name in excluded or field.primary_key:
            continue
        attname = field.attname
        old_value = getattr(older, attname, None) if older is not None else None
        new_value = getattr(newer, attname, None)
        if older is not None and old_value == new_value:
            continue
        if older is None and new_value in (None, ""):
            continue
        result.append(
            FieldChange(
                field=field.name,
                label=str(field.verbose_name),
                old=_display(older, field, old_value) if older is not None else "",
                new=_display(newer, field, new_value),
            )
        )
    for field in getattr(newer, "_history_m2m_fields", ()):
        old_names = _m2m_names(older, field) if older is not None else []
        new_names = _m2m_names(newer, field)
        if old_names == new_names:
            continue
        result.append(
            FieldChange(
                field=field.name,
                label=str(field.verbose_name),
                old="、".join(old_names) or "（なし）" if older is not None else "",
                new="、".join(new_names) or "（なし）",
            )
        )
    return result


def _m2m_names(record, field) -> list[str]:
    """The names held by a history row's snapshot of a many-to-many field (from
    `prefetch_m2m_snapshots` when it ran, else one query)."""
    cached = getattr(record, "_m2m_snapshot", {})
    if field.name in cached:
        return cached[field.name]
    target = field.m2m_reverse_field_name()
    return sorted(str(getattr(row, target)) for row in getattr(record, field.name).all())


def prefetch_m2m_snapshots(records: list) -> None:
    """Load the many-to-many snapshots of these history rows (one model) in one query per field,
    so `changes_between` over many rows does not query per row."""
    if not records:
        return
    history_model = type(records[0])
    by_id = {r.history_id: r for r in records}
    for r in records:
        r._m2m_snapshot = {}
    for field in getattr(history_model, "_history_m2m_fields", ()):
        target = field.m2m_reverse_field_name()
        snapshot_model = getattr(history_model, field.name).model
        for r in records:
            r._m2m_snapshot[field.name] = []
        rows = snapshot_model.objects.filter(history_id__in=by_id).select_related(target)
        for row in rows:
            by_id[row.history_id]._m2m_snapshot[field.name].append(str(getattr(row, target)))
        for r in records:
            r._m2m_snapshot[field.name].sort()


def history_with_changes(records, *, complete: bool = True) -> list[tuple[Any, list[FieldChange]]]:
    """Pair each history row (newest first) with its changes against the previous row, in memory.

    With `complete=False` the oldest row is only the baseline for the next one (the caller fetched a
    window of the newest rows plus one) and is not returned, so it never shows as a creation.
    """
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    paired = []
    previous = None
    for record in ordered:
        if record.history_type == "-":
            paired.append((record, []))
        else:
            paired.append((record, changes_between(previous, record)))
        previous = record
    if not complete and paired:
        paired.pop(0)
    paired.reverse()
    return paired


def actor_label(record) -> str:
    """Who made a history row: the user's name, or why there is none."""
    if record.history_user_id is None:
        return "システム"
    user = record.history_user
    return user.display_name if user else "削除された利用者"
