"""売上構成比・粗利管理表: segments (product, customer or channel) over a fiscal year — plan and actual
sales and gross profit per month in a grid (千円 or 円), share and gross margin per segment
(engines/segments.py), and the segments' totals against 売上高 / 売上総利益 of the monthly actuals.
Rules live in banso/monitoring/domain/segments.py."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.downloads import serve_export
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import segments as domain
from banso.monitoring.engines import segments as engine
from banso.monitoring.engines.months import fiscal_year_label, fiscal_year_months
from banso.monitoring.exports.sales_mix_xlsx import SalesMixXlsx
from banso.monitoring.forms.grids import cell_name
from banso.monitoring.forms.segment_imports import SegmentImportForm
from banso.monitoring.forms.segments import SegmentForm, SegmentGrid
from banso.monitoring.models import SalesSegment, SegmentMonth
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import (
    SheetRowPages,
    add_sheet_row,
    company_for,
    edit_sheet_row,
    page_context,
    save_sheet,
)
from banso.monitoring.views.kpis import fiscal_year_from
from banso.monitoring.views.segment_imports import upload_context

UNITS = {"thousand": "千円", "yen": "円"}


def _unit(request) -> str:
    unit = request.POST.get("unit") or request.GET.get("unit") or "thousand"
    return unit if unit in UNITS else "thousand"


def _typed(amount: int | None, unit: str) -> str:
    """A stored yen amount as the grid shows it in `unit` (千円 keeps decimals: 1,234,500 → 1234.5)."""
    if amount is None:
        return ""
    if unit == "yen":
        return str(amount)
    text = format(Decimal(amount) / 1000, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _url(request, company, fy: int, unit: str) -> str:
    return f"{org_reverse(request, 'monitoring:segments', company_pk=company.pk)}?fy={fy}&unit={unit}"


def _pct(ratio):
    return None if ratio is None else ratio * 100


def _mix(company, segments, days):
    """The stored rows {segment id: {day: SegmentMonth}} and the engine's sales mix over `days`."""
    stored: dict[int, dict] = defaultdict(dict)
    for row in SegmentMonth.objects.filter(segment__in=segments, month__in=days):
        stored[row.segment_id][row.month] = row
    inputs = [
        engine.SegmentInput(
            key=s.pk,
            name=s.name,
            kind=s.kind,
            months={
                day: engine.SegmentMonth(
                    *(None if getattr(r, f) is None else Decimal(getattr(r, f)) for f in domain.FIGURES)
                )
                for day, r in stored[s.pk].items()
            },
        )
        for s in segments
    ]
    mix = engine.sales_mix(inputs, days, ledger=domain.actual_ledger(company, days))
    return stored, mix


@require_http_methods(["GET", "POST"])
def sales_mix(request, company_pk: int):
    company = company_for(request, company_pk)
    end_month = company.fiscal_year_end_month
    fy = fiscal_year_from(request, end_month)
    unit = _unit(request)
    months = fiscal_year_months(fy, end_month)
    days = [m.first_day for m in months]
    can_edit = may_edit(request.membership, company, SalesSegment)
    segments = list(SalesSegment.objects.filter(company=company).order_by("kind", "order", "id"))
    errors: list[str] = []
    posted = None
    if request.method == "POST":
        ensure_may_edit(request.membership, company, SalesSegment)
        grid = SegmentGrid(request.POST, segments=segments, months=days, unit=unit)
        changed, errors = save_sheet(
            request,
            grid,
            lambda values, expected: domain.save_segment_months(
                company, by=request.user, months=days, values=values, expected_sheet_version=expected
            ),
        )
        if changed is not None:
            messages.success(request, f"売上構成比・粗利管理表を保存しました（{changed}件の変更）。")
            return redirect(_url(request, company, fy, unit))
        posted = request.POST

    stored, mix = _mix(company, segments, days)

    grid_rows = []
    for segment in segments:
        for figure in domain.FIGURES:
            cells = []
            for day in days:
                name = cell_name(figure, segment.pk, day)
                row = stored[segment.pk].get(day)
                value = posted.get(name, "") if posted else _typed(getattr(row, figure, None), unit)
                cells.append({"name": name, "value": value, "month": day})
            grid_rows.append(
                {
                    "segment": segment,
                    "first": figure == domain.FIGURES[0],
                    "label": domain.FIGURE_LABELS[figure],
                    "cells": cells,
                }
            )
    summary = [
        {
            "name": row.name,
            "kind": SalesSegment.Kind(row.kind).label,
            "plan": row.total.plan,
            "actual": row.total.actual,
            "plan_share": _pct(row.total.plan.share),
            "actual_share": _pct(row.total.actual.share),
            "plan_margin": _pct(row.total.plan.margin),
            "actual_margin": _pct(row.total.actual.margin),
            "achievement": _pct(row.total.sales_achievement),
        }
        for row in mix.rows
    ]
    total = mix.total
    context = page_context(
        company,
        "segments",
        fy=fy,
        fy_label=fiscal_year_label(fy, end_month),
        previous_fy=fy - 1,
        next_fy=fy + 1,
        unit=unit,
        unit_label=UNITS[unit],
        units=UNITS,
        months=months,
        grid_rows=grid_rows,
        summary=summary,
        total={
            "plan": total.plan,
            "actual": total.actual,
            "plan_margin": _pct(total.plan.margin),
            "actual_margin": _pct(total.actual.margin),
            "achievement": _pct(total.sales_achievement),
        },
        reconciliations=mix.reconciliations,
        differences=mix.differences,
        sheet_version=domain.segment_sheet_version(company, days),
        errors=errors,
        can_edit=can_edit,
        **(upload_context(company, SegmentImportForm()) if can_edit else {}),
    )
    return render(request, "monitoring/segments.html", context, status=400 if errors else 200)


SEGMENT_PAGES = SheetRowPages(
    word="売上区分",
    model=SalesSegment,
    form=SegmentForm,
    load=queries.segment_or_404,
    create=domain.create_segment,
    update=domain.update_segment,
    section="segments",
    template="monitoring/segment_form.html",
    row_name="segment",
)


@require_http_methods(["GET", "POST"])
def segment_create(request, company_pk: int):
    return add_sheet_row(request, company_pk, SEGMENT_PAGES)


@require_http_methods(["GET", "POST"])
def segment_edit(request, company_pk: int, pk: int):
    return edit_sheet_row(request, company_pk, pk, SEGMENT_PAGES)


@require_http_methods(["GET"])
def sales_mix_xlsx(request, company_pk: int):
    """The fiscal year's sales mix as Excel (a logged download)."""
    company = company_for(request, company_pk)
    end_month = company.fiscal_year_end_month
    fy = fiscal_year_from(request, end_month)
    months = fiscal_year_months(fy, end_month)
    days = [m.first_day for m in months]
    segments = list(SalesSegment.objects.filter(company=company).order_by("kind", "order", "id"))
    _, mix = _mix(company, segments, days)
    export = SalesMixXlsx().render(
        company=company,
        period_label=fiscal_year_label(fy, end_month),
        months=months,
        mix=mix,
        kind_labels=dict(SalesSegment.Kind.choices),
    )
    return serve_export(request, export, kind="monitoring.sales_mix.xlsx", company=company)
