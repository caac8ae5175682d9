"""売上構成比・粗利管理表の取込: drop a file on the sales-mix page → preview (segments, months, totals,
the check against the month's 売上高 / 売上総利益 actuals) → 取り込む or 取りやめる. Every rule is in
banso/monitoring/domain/segment_imports.py; the layout in engines/imports/sales_mix.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from banso.monitoring import jobs as monitoring_jobs
from banso.monitoring import queries
from banso.monitoring.domain import segment_imports as domain
from banso.monitoring.engines.months import Month
from banso.monitoring.forms.segment_imports import SegmentImportForm
from banso.monitoring.models import SalesSegment, SegmentImport
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import (
    WaitingImportPages,
    company_for,
    confirm_import,
    discard_import,
    page_context,
    start_import,
)

RECENT_IMPORTS = 10


def upload_context(company, form) -> dict:
    """What the upload panel needs (the sales-mix page includes it; the upload page shows it alone)."""
    return {
        "import_form": form,
        "import_max_mb": domain.max_upload_bytes() // (1024 * 1024),
        "recent_imports": SegmentImport.objects.filter(company=company).select_related("uploaded_by")[
            :RECENT_IMPORTS
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def segment_import(request, company_pk: int):
    """The upload: GET shows the drop zone alone; POST reads the file and goes to its preview, or shows
    why it could not (400 / 413, nothing kept)."""
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, SegmentImport)
    form = SegmentImportForm(request.POST or None, request.FILES or None)
    # Read in the background worker; the job page goes on to the preview when done.
    response, problems, status = start_import(
        request,
        form,
        lambda data: monitoring_jobs.start_segment_import(
            company,
            by=request.user,
            upload=data["file"],
            side=data["side"],
            kind=data["kind"],
            unit=data["unit"] or None,
            fiscal_year=data["fiscal_year"],
        ),
    )
    if response is not None:
        return response
    context = page_context(company, "segments", problems=problems, **upload_context(company, form))
    return render(request, "monitoring/segment_import.html", context, status=status)


def _amount_cells(months, values: dict, fields: list[str]) -> list[dict]:
    return [
        {"field": f, "label": domain.FIELD_LABELS[f], "cells": [values.get(m, {}).get(f) for m in months]}
        for f in fields
    ]


def _preview_context(company, import_: SegmentImport) -> dict:
    preview = domain.segment_import_preview(import_)
    months = preview.months
    segments = []
    for segment in preview.segments:
        segments.append(
            {
                "name": segment.name,
                "kind_label": segment.kind_label,
                "is_new": segment.is_new,
                "rows": [
                    {**row, "total": segment.totals.get(row["field"])}
                    for row in _amount_cells(
                        months, segment.months, [f for f in preview.fields if f in segment.totals]
                    )
                ],
            }
        )
    totals = [
        {**row, "total": preview.grand_totals.get(row["field"])}
        for row in _amount_cells(months, preview.totals, preview.fields)
    ]
    parsed = preview.parsed
    return {
        "import_": import_,
        "months": [Month.of(m) for m in months],
        "segments": segments,
        "totals": totals,
        "new_segments": [s["name"] for s in segments if s["is_new"]],
        "reconciliations": preview.reconciliations,
        "differences": preview.differences,
        "checksum_differences": [
            {
                "label": c.label,
                "row": c.row,
                "what": f"{domain.SIDE_CHOICES[c.side]}{'売上高' if c.figure == 'sales' else '粗利'}",
                "month": Month.of(c.month).label,
                "stated": c.stated,
                "computed": c.computed,
                "difference": c.difference,
            }
            for c in parsed.checksum_differences
        ],
        "checked_totals": parsed.checked_totals,
        "overwrites": preview.overwrites,
        "warnings": preview.warnings,
        "encoding": parsed.encoding,
        "unit_label": "千円" if parsed.unit == "thousand" else "円",
        "is_waiting": import_.status == SegmentImport.Status.PREVIEW,
        "fiscal_year": Month.of(months[-1]).fiscal_year(company.fiscal_year_end_month) if months else None,
    }


@login_required
@require_http_methods(["GET"])
def segment_import_preview(request, company_pk: int, pk: int):
    company = company_for(request, company_pk)
    import_ = queries.segment_import_or_404(request.membership, company, pk)
    import_.company = company
    context = page_context(
        company,
        "segments",
        problems=[],
        can_edit=may_edit(request.membership, company, SalesSegment),
        **_preview_context(company, import_),
    )
    return render(request, "monitoring/segment_import_preview.html", context)


PAGES = WaitingImportPages(
    load=queries.segment_import_or_404,
    model=SegmentImport,
    commit=domain.commit_segment_import,
    discard=domain.discard_segment_import,
    preview_template="monitoring/segment_import_preview.html",
    preview_context=_preview_context,
    section="segments",
    back="monitoring:segments",
    committed_message=lambda outcome, period: (
        f"売上構成表から{period}を取り込みました"
        f"（区分の追加{outcome.created_segments}件、月次行の更新{outcome.changed_rows}件）。"
    ),
    committed_page="monitoring:segments",
)


@login_required
def segment_import_commit(request, company_pk: int, pk: int):
    return confirm_import(request, company_pk, pk, PAGES)


@login_required
def segment_import_discard(request, company_pk: int, pk: int):
    return discard_import(request, company_pk, pk, PAGES)
