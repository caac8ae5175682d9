"""The client-record kit: what every area's client records and domain functions share.

- `ClientRecord`: the abstract base of client records that are edited in place — the `version` an
  edit starts from, the created / updated stamps, and the organization their history belongs to
  (through `AuditedThroughCompany`). Each model still declares its own `history = audited_history()`
  (the options differ: excluded fields, m2m fields).
- `AuditedThroughCompany`: the organization stamped on history rows, found along `COMPANY_PATH`.
  For records without a `version` (append-only rows, children of a sheet) use it on its own.
- `OrganizationSettings`: the abstract base of an organization's own settings row (one per
  organization, edited in place): the `version`, the update stamp, history stamped with that
  organization.
- `locked`, `save_audited`, `log_company_event`: the version check, the audited save and the
  activity-log entry that every domain function uses.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError
from banso.core.history import save_with_m2m
from banso.core.models import log_activity


class AuditedThroughCompany:
    """`audit_organization_id` (stamped on history rows) resolved along COMPANY_PATH.

    `COMPANY_PATH` is the lookup from the model to its Company (`"company"`,
    `"engagement__company"`, …); the Company itself uses `""`. Follows relations already loaded
    without a query, else asks the database once; the answer is kept on the instance (an object never
    changes organization). Before a delete the value is resolved while the rows still exist (see
    _remember_audit_organization): when a company or an engagement is deleted, its children's
    deletion history is written after their parents are gone.
    """

    COMPANY_PATH: str

    @property
    def audit_organization_id(self) -> int | None:
        cached = self.__dict__.get("_audit_organization_id")
        if cached is None:
            cached = self._organization_id_from_loaded() or self._organization_id_from_database()
            self.__dict__["_audit_organization_id"] = cached
        return cached

    def _organization_id_from_loaded(self) -> int | None:
        obj = self
        for name in filter(None, self.COMPANY_PATH.split("__")):
            field = obj._meta.get_field(name)
            if not field.is_cached(obj):
                return None
            obj = getattr(obj, name)
            if obj is None:
                return None
        return obj.organization_id

    def _organization_id_from_database(self) -> int | None:
        if self.pk is None:
            return None
        prefix = f"{self.COMPANY_PATH}__" if self.COMPANY_PATH else ""
        return (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .values_list(f"{prefix}organization_id", flat=True)
            .first()
        )


@receiver(pre_delete)
def _remember_audit_organization(sender, instance, **kwargs):
    if isinstance(instance, AuditedThroughCompany):
        _ = instance.audit_organization_id


class ClientRecord(AuditedThroughCompany, models.Model):
    """Abstract base of a client record edited in place: version, stamps, history's organization.

    A subclass names `COMPANY_PATH`, its manager (`AccessQuerySet.as_manager()` or narrower) and
    `history = audited_history(...)`. Domain functions change it through `locked` + `save_audited`
    (`bump_version=True`), so a stale edit is refused instead of overwriting a colleague's.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        abstract = True


class OrganizationSettings(models.Model):
    """Abstract base of an organization's own settings row (alert rules, monitoring thresholds): one
    per organization, edited in place from a form that carries `version`. A subclass names its
    `organization` (a OneToOneField) and `history = audited_history()`."""

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        abstract = True

    @property
    def audit_organization_id(self) -> int | None:
        return self.organization_id


def save_organization_settings(
    model: type[OrganizationSettings],
    organization,
    *,
    values: dict[str, Any],
    by,
    expected_version: int | None,
    code: str,
    message: str,
    data: dict | None = None,
):
    """Create or change an organization's settings row (`model`, one per organization).

    `expected_version` is None when the form started from the defaults (no row yet); a row that
    appeared meanwhile, or a stale version, is a ConflictError. Side effects: the row (+ one history
    row attributed to `by`) and the activity entry `code`. Out-of-range values are a ValidationError.
    """
    try:
        with transaction.atomic():
            record = model._default_manager.select_for_update().filter(organization=organization).first()
            if record is None:
                if expected_version is not None:
                    raise ConflictError(STALE_EDIT_MESSAGE)
                record = model(organization=organization)
            else:
                if expected_version is None:
                    raise ConflictError(STALE_EDIT_MESSAGE)
                ensure_version(record, expected_version)
                record.version += 1
            for name, value in values.items():
                setattr(record, name, value)
            record.full_clean()
            record._history_user = by
            record.save()
            log_activity(organization_id=organization.pk, code=code, message=message, by=by, data=data)
    except IntegrityError as error:  # the first row saved by someone else a moment earlier
        raise ConflictError(STALE_EDIT_MESSAGE) from error
    return record


def ensure_version(record, expected_version: int | None) -> None:
    """ConflictError when `record` (read under a lock) was saved since `expected_version`."""
    if expected_version is not None and record.version != expected_version:
        raise ConflictError(STALE_EDIT_MESSAGE)


def locked(model: type[models.Model], pk: int, expected_version: int | None):
    """The row locked for update (call inside transaction.atomic); ConflictError when someone saved
    it since `expected_version` (None: no check)."""
    current = model._default_manager.select_for_update().get(pk=pk)
    ensure_version(current, expected_version)
    return current


def apply_changes(record: models.Model, changes: dict[str, Any]) -> list[str]:
    """Set on `record` the values of `changes` that differ from what it holds; the names of those
    fields, in the order given (empty: nothing to save, nothing to log)."""
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, changes[name])
    return changed


def save_audited(
    instance: models.Model, *, by, bump_version: bool = False, m2m: dict[str, Any] | None = None
) -> None:
    """Validate like the form (full_clean, Japanese messages), attribute history to `by`, save.

    With `bump_version`, the record's `version` goes up by one (an edit of an existing record).
    With `m2m` (`{"supporters": users}`, may be empty), the many-to-many values are set too and ONE
    history row holds fields and m2m together (core.history.save_with_m2m)."""
    instance.full_clean()
    if bump_version:
        instance.version += 1
    if m2m is not None:
        save_with_m2m(instance, by=by, m2m=m2m)
        return
    instance._history_user = by
    instance.save()


def log_company_event(company, *, code: str, message: str, by, data: dict | None = None):
    """One activity-log entry about `company` (in its organization). Side effect: an ActivityLog row."""
    return log_activity(
        organization_id=company.organization_id,
        company_id=company.pk,
        code=code,
        message=message,
        by=by,
        data=data,
    )
