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


def audited_history(**kwargs) -> HistoricalRecords:
    return HistoricalRecords(bases=[OrganizationStampedHistory], cascade_delete_history=False, **kwargs)


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
    if isinstance(value, int) and not field.is_relation and abs(value) >= 10000:
        return f"{value:,}"
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
    return result


def history_with_changes(records) -> list[tuple[Any, list[FieldChange]]]:
    """Pair each history row (newest first) with its changes against the previous row, in memory."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    paired = []
    previous = None
    for record in ordered:
        if record.history_type == "-":
            paired.append((record, []))
        else:
            paired.append((record, changes_between(previous, record)))
        previous = record
    paired.reverse()
    return paired
