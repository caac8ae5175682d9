"""Benchmark table versions: which one is current, and loading a new one (admin upload or command)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from banso.core.errors import DUPLICATE_CODE
from banso.core.models import log_activity
from banso.core.roles import is_org_admin
from banso.core.text import clean_line
from banso.diagnosis.engines.benchmark_table import (
    SHIPPED_CSV_PATH,
    SHIPPED_SOURCE,
    SHIPPED_VERSION,
    BenchmarkTableError,
    parse_benchmark_csv,
)
from banso.diagnosis.models import BenchmarkTable

UPLOAD_NOT_ALLOWED = "基準値を登録できるのは管理者だけです。"


def tables_for(organization_id: int | None):
    """Versions an organization may use: the system-wide ones and its own, newest first."""
    return BenchmarkTable.objects.for_organization(organization_id)


def ensure_shipped_table() -> BenchmarkTable:
    """The shipped 2018 table as a system-wide version, loaded if the database lacks it (the
    migration normally does this; a flushed database would otherwise stop every evaluation).
    Side effect: at most one BenchmarkTable row."""
    existing = BenchmarkTable.objects.filter(organization=None, version=SHIPPED_VERSION).first()
    if existing is not None:
        return existing
    text = SHIPPED_CSV_PATH.read_text(encoding="utf-8-sig")
    try:
        with transaction.atomic():
            return BenchmarkTable.objects.create(
                organization=None,
                version=SHIPPED_VERSION,
                source=SHIPPED_SOURCE,
                csv_text=text,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                row_count=len(parse_benchmark_csv(text, version=SHIPPED_VERSION)),
            )
    except IntegrityError:  # loaded by a concurrent request
        return BenchmarkTable.objects.get(organization=None, version=SHIPPED_VERSION)


def current_table(organization_id: int | None) -> BenchmarkTable:
    """The newest version available to the organization: new evaluations use it."""
    table = tables_for(organization_id).first()
    return table if table is not None else ensure_shipped_table()


def _version_taken(organization, version: str) -> bool:
    # An organization's label must not clash with what it can see; a system-wide label with anyone's.
    if organization is None:
        return BenchmarkTable.objects.filter(version=version).exists()
    return tables_for(organization.pk).filter(version=version).exists()


def _create(*, organization, by, version: str, source: str, csv_text: str) -> BenchmarkTable:
    version = clean_line(version)
    source = (source or "").strip()
    errors: dict[str, list] = {}
    if not version:
        errors["version"] = ["版の名前を入力してください（例: 2024）。"]
    elif len(version) > 40:
        errors["version"] = ["版の名前は40文字以内で入力してください。"]
    elif _version_taken(organization, version):
        errors["version"] = [
            ValidationError(
                f"版「{version}」はすでに登録されています。別の名前にしてください。", code=DUPLICATE_CODE
            )
        ]
    if not source:
        errors["source"] = ["出典（どこから入手した基準値か）を入力してください。"]
    try:
        parsed = parse_benchmark_csv(csv_text, version=version or "new")
    except BenchmarkTableError as exc:
        errors["csv_file"] = exc.messages
        parsed = None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        table = BenchmarkTable.objects.create(
            organization=organization,
            version=version,
            source=source,
            csv_text=csv_text,
            sha256=hashlib.sha256(csv_text.encode("utf-8")).hexdigest(),
            row_count=len(parsed),
            uploaded_by=by,
        )
    return table


def upload_table(*, membership, by, version: str, source: str, csv_text: str) -> BenchmarkTable:
    """An organization's 管理者 adds a newer table (same layout as the shipped CSV) for that organization.
    Anyone else: PermissionDenied.

    Nothing is written unless every row is valid (all problems are reported together, in Japanese,
    naming line and column). Existing results keep the version they were computed with.
    Side effects: one BenchmarkTable row and a `diagnosis.benchmark_table.uploaded` activity entry.
    """
    if not is_org_admin(membership):
        raise PermissionDenied(UPLOAD_NOT_ALLOWED)
    organization = membership.organization
    table = _create(organization=organization, by=by, version=version, source=source, csv_text=csv_text)
    log_activity(
        organization_id=organization.pk,
        code="diagnosis.benchmark_table.uploaded",
        message=f"ローカルベンチマークの基準値「{table.version_label}」を登録しました。",
        by=by,
        data={"version": table.version, "sha256": table.sha256},
    )
    return table


def load_system_table(*, version: str, source: str, csv_text: str, by=None) -> BenchmarkTable:
    """The operator adds a system-wide version (management command load_benchmark_table).

    Side effect: one BenchmarkTable row visible to every organization.
    """
    return _create(organization=None, by=by, version=version, source=source, csv_text=csv_text)
