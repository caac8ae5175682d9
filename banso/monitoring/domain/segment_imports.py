"""売上構成比・粗利管理表の取込: upload a sales-mix file (kept, parsed) → preview (segments, months,
totals, the check against the month's 売上高 / 売上総利益 actuals) → commit all or nothing, or discard.

The file is read once through core.spreadsheets (size, zip and row caps) by
engines/imports/sales_mix.py; nothing is kept when it cannot be read. The commit writes what the
preview showed (the stored parse): segments the company does not have yet are created (by name within
their kind), and for each segment and month only the figures the file has are written — a blank cell
of the file leaves the stored value alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from banso.core.records import log_company_event, save_audited
from banso.monitoring.domain import waiting_imports
from banso.monitoring.domain.actuals import _lock_company, period_label
from banso.monitoring.domain.segments import actual_ledger, write_segment_month
from banso.monitoring.engines import segments as mix_engine
from banso.monitoring.engines.imports import ImportProblem
from banso.monitoring.engines.imports.cells import name_key
from banso.monitoring.engines.imports.sales_mix import FIELDS, SalesMixFile, parse_sales_mix
from banso.monitoring.engines.imports.sales_mix import MAX_BYTES as ENGINE_MAX_BYTES
from banso.monitoring.engines.months import Month
from banso.monitoring.models import SalesSegment, SegmentImport, SegmentMonth

SIDE_CHOICES = {"actual": "実績", "plan": "計画"}
UNIT_CHOICES = {"": "ファイルの表示から判断（既定は円）", "yen": "円", "thousand": "千円"}
FIELD_LABELS = {
    "plan_sales": "計画売上高",
    "plan_gross_profit": "計画粗利",
    "actual_sales": "実績売上高",
    "actual_gross_profit": "実績粗利",
}


def max_upload_bytes() -> int:
    """The largest sales-mix file accepted (the site's upload limit, at most the engine's)."""
    return min(settings.BANSO_MAX_UPLOAD_BYTES, ENGINE_MAX_BYTES)


def upload_segment_import(
    company,
    *,
    by,
    upload,
    side: str = "actual",
    kind: str = SalesSegment.Kind.PRODUCT,
    unit: str | None = None,
    fiscal_year: int | None = None,
) -> SegmentImport:
    """Read and parse an uploaded sales-mix file and keep it for preview.

    `side`: "actual" or "plan" for amounts the file does not place; `kind`: the kind of segments whose
    kind the file does not say; `unit`: "yen" / "thousand" / None (from the file's 単位 row);
    `fiscal_year`: dates month columns without a year. Raises UploadError (413 above the limit) or
    ImportProblem (Japanese, naming row and column) and keeps nothing then. Side effects: the file in
    private storage; a SegmentImport (status preview) with history; a `monitoring.segments.import_uploaded`
    activity entry.
    """
    if side not in SIDE_CHOICES:
        raise ImportProblem("計画か実績かを選んでください。")
    if kind not in SalesSegment.Kind.values:
        raise ImportProblem("区分の種類を一覧から選んでください。")
    content, filename = waiting_imports.read_file(upload, max_bytes=max_upload_bytes())
    result = parse_sales_mix(
        content,
        filename,
        fiscal_year_end_month=company.fiscal_year_end_month,
        default_side=side,
        fiscal_year=fiscal_year,
        unit=unit or None,
    )
    waiting_imports.check_months(result.months)
    options = {"side": side, "kind": kind, "unit": unit or None, "fiscal_year": fiscal_year}
    import_ = SegmentImport(
        company=company,
        **waiting_imports.file_fields(content, filename, by=by),
        options=options,
        parsed=result.to_json(),
    )
    with waiting_imports.saving_file(import_, content, by=by):
        log_company_event(
            company,
            code="monitoring.segments.import_uploaded",
            message=f"売上構成表「{filename}」を読み取りました（{len(result.segments)}区分、"
            f"{period_label([Month.of(m) for m in result.months])}）。",
            by=by,
            data={"import": import_.pk, "sha256": import_.sha256},
        )
    return import_


# --- the preview ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewSegment:
    name: str
    kind: str
    kind_label: str
    is_new: bool
    months: dict[dt.date, dict[str, int]]  # the file's figures
    totals: dict[str, int]  # per field over the file's months (fields the segment has)


@dataclass(frozen=True)
class ReconciliationRow:
    """After the commit, the segments' total against the monthly actuals (売上高 or 売上総利益)."""

    month: dt.date
    label: str
    segments_total: Decimal
    ledger: Decimal

    @property
    def difference(self) -> Decimal:
        return self.segments_total - self.ledger

    @property
    def ok(self) -> bool:
        return self.difference == 0


@dataclass(frozen=True)
class SegmentPreview:
    months: list[dt.date]
    fields: list[str]
    segments: list[PreviewSegment]
    totals: dict[dt.date, dict[str, int]]
    grand_totals: dict[str, int]
    reconciliations: list[ReconciliationRow]
    overwrites: int  # stored figures the commit changes
    parsed: SalesMixFile
    warnings: list[str] = field(default_factory=list)

    @property
    def differences(self) -> list[ReconciliationRow]:
        return [r for r in self.reconciliations if not r.ok]


def _kind_of(segment, options: dict) -> str:
    return segment.kind or options.get("kind") or SalesSegment.Kind.PRODUCT


def segment_import_preview(import_: SegmentImport) -> SegmentPreview:
    """What the commit would write and how the result compares with the monthly actuals: the file's
    segments (new ones marked), per month totals, and — for the months with 売上高 (and 売上原価)
    actuals — the segments' actual totals after the commit against them. A few queries."""
    company = import_.company
    parsed = SalesMixFile.from_json(import_.parsed)
    options = import_.options or {}
    existing = {(s.kind, name_key(s.name)): s for s in SalesSegment.objects.filter(company=company)}
    stored_rows = SegmentMonth.objects.filter(segment__company=company, month__in=parsed.months)
    stored: dict[tuple[int, dt.date], SegmentMonth] = {(r.segment_id, r.month): r for r in stored_rows}
    segments = []
    overwrites = 0
    after: dict[tuple[str, str], dict[dt.date, dict[str, int | None]]] = {}
    for (kind, key), segment in existing.items():
        for month in parsed.months:
            row = stored.get((segment.pk, month))
            if row is not None:
                after.setdefault((kind, key), {})[month] = {f: getattr(row, f) for f in FIELDS}
    for item in parsed.segments:
        kind = _kind_of(item, options)
        current = existing.get((kind, name_key(item.name)))
        totals: dict[str, int] = {}
        for month, values in item.months.items():
            row = stored.get((current.pk, month)) if current else None
            target = after.setdefault((kind, name_key(item.name)), {}).setdefault(month, {})
            for name, amount in values.items():
                totals[name] = totals.get(name, 0) + amount
                if row is not None and getattr(row, name) is not None and getattr(row, name) != amount:
                    overwrites += 1
                target[name] = amount
        segments.append(
            PreviewSegment(
                item.name, kind, SalesSegment.Kind(kind).label, current is None, item.months, totals
            )
        )
    month_totals = parsed.totals()
    grand: dict[str, int] = {}
    for values in month_totals.values():
        for name, amount in values.items():
            grand[name] = grand.get(name, 0) + amount
    inputs = [
        mix_engine.SegmentInput(
            key=f"{kind}:{key}",
            name=key,
            kind=kind,
            months={
                month: mix_engine.SegmentMonth(
                    *(None if values.get(f) is None else Decimal(values[f]) for f in FIELDS)
                )
                for month, values in by_month.items()
            },
        )
        for (kind, key), by_month in after.items()
    ]
    mix = mix_engine.sales_mix(inputs, parsed.months, ledger=actual_ledger(company, parsed.months))
    reconciliations = [
        ReconciliationRow(r.month, r.label, r.segments_total, r.ledger)
        for r in mix.reconciliations
        if r.side == "actual"
    ]
    return SegmentPreview(
        months=parsed.months,
        fields=parsed.fields,
        segments=segments,
        totals=month_totals,
        grand_totals=grand,
        reconciliations=reconciliations,
        overwrites=overwrites,
        parsed=parsed,
        warnings=list(parsed.warnings),
    )


# --- commit / discard -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentCommitOutcome:
    months: list[Month]
    created_segments: int
    changed_rows: int


def commit_segment_import(
    import_: SegmentImport, *, by, expected_version: int | None
) -> SegmentCommitOutcome:
    """Write a waiting sales-mix import: create the segments the company does not have, then each
    segment's figures per month (only those the file has). All or nothing. Refused (DomainError,
    nothing written) when the import is not waiting; ConflictError when `expected_version` is stale.
    Side effects: SalesSegment and SegmentMonth rows with history; the import marked committed (who,
    when); a `monitoring.segments.imported` activity entry."""
    company = import_.company
    with transaction.atomic():
        _lock_company(company)
        current = waiting_imports.lock(import_, expected_version)
        parsed = SalesMixFile.from_json(current.parsed)
        waiting_imports.check_months(parsed.months)
        options = current.options or {}
        existing = {
            (s.kind, name_key(s.name)): s
            for s in SalesSegment.objects.select_for_update().filter(company=company)
        }
        last_order = {
            row["kind"]: row["last"]
            for row in SalesSegment.objects.filter(company=company).values("kind").annotate(last=Max("order"))
        }
        created = 0
        targets = []
        for item in parsed.segments:
            kind = _kind_of(item, options)
            segment = existing.get((kind, name_key(item.name)))
            if segment is None:
                order = last_order.get(kind)
                order = 0 if order is None else order + 1
                last_order[kind] = order
                segment = SalesSegment(company=company, name=item.name, kind=kind, order=order)
                save_audited(segment, by=by)
                existing[(kind, name_key(item.name))] = segment
                created += 1
            targets.append((segment, item))
        rows = {
            (r.segment_id, r.month): r
            for r in SegmentMonth.objects.select_for_update().filter(
                segment__company=company, month__in=parsed.months
            )
        }
        changed = 0
        for segment, item in targets:
            for month, values in sorted(item.months.items()):
                written = write_segment_month(
                    rows.get((segment.pk, month)), segment=segment, month=month, figures=values, by=by
                )
                if written is not None:
                    rows[(segment.pk, month)] = written
                    changed += 1
        waiting_imports.mark_committed(current, by=by)
        months = [Month.of(m) for m in parsed.months]
        log_company_event(
            company,
            code="monitoring.segments.imported",
            message=f"売上構成表「{current.filename}」から{period_label(months)}を取り込みました"
            f"（区分の追加{created}件、月次行の更新{changed}件）。",
            by=by,
            data={
                "import": current.pk,
                "months": [str(m) for m in months],
                "created_segments": created,
                "changed": changed,
            },
        )
    import_.refresh_from_db()
    return SegmentCommitOutcome(months=months, created_segments=created, changed_rows=changed)


def discard_segment_import(
    import_: SegmentImport, *, by, expected_version: int | None = None
) -> SegmentImport:
    """Set a waiting sales-mix import aside without writing anything (the file stays as a record).
    Side effects: the import's status and history; a `monitoring.segments.import_discarded` entry."""
    return waiting_imports.discard(
        import_,
        by=by,
        expected_version=expected_version,
        code="monitoring.segments.import_discarded",
        what="売上構成表",
    )
