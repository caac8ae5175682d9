"""KPI管理シート: the company's KPIs over a fiscal year — monthly target and actual in a grid, with
achievement and status per month and the trend per KPI (engines/kpi.py) — and the KPI definitions.
Rules live in banso/monitoring/domain/kpis.py."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.formatting import group
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import kpis as domain
from banso.monitoring.domain.month_close import closed_months
from banso.monitoring.engines.months import fiscal_year_label, fiscal_year_months
from banso.monitoring.forms.grids import cell_name
from banso.monitoring.forms.kpis import KpiForm, KpiGrid
from banso.monitoring.models import Kpi
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import (
    SheetRowPages,
    add_sheet_row,
    company_for,
    edit_sheet_row,
    page_context,
    save_sheet,
)
from banso.monitoring.views.next_month_actions import default_review_month
from banso.monitoring.views.panels import kpi_rows, thresholds_for


def fiscal_year_from(request, end_month: int) -> int:
    """`?fy=2026` (named by the year it ends in), else the fiscal year of the month just ended."""
    try:
        fy = int(request.GET["fy"])
    except (KeyError, ValueError):
        return default_review_month().fiscal_year(end_month)
    return fy if 1901 <= fy <= 9998 else default_review_month().fiscal_year(end_month)


def cell_text(value: Decimal | None) -> str:
    """A stored value as the grid shows it for editing, like the other grids: thousands separators,
    no trailing zeros, negatives with the house sign (20.00 → 20, 2.50 → 2.5, -1234.5 → △1,234.5)."""
    if value is None:
        return ""
    places = max(0, -value.normalize().as_tuple().exponent)
    return group(value, min(places, 2))


def _sheet_url(request, company, fy: int) -> str:
    return f"{org_reverse(request, 'monitoring:kpis', company_pk=company.pk)}?fy={fy}"


@require_http_methods(["GET", "POST"])
def kpi_sheet(request, company_pk: int):
    company = company_for(request, company_pk)
    end_month = company.fiscal_year_end_month
    fy = fiscal_year_from(request, end_month)
    months = fiscal_year_months(fy, end_month)
    days = [m.first_day for m in months]
    can_edit = may_edit(request.membership, company, Kpi)
    errors: list[str] = []
    posted = None
    invalid: set[str] = set()
    if request.method == "POST":
        ensure_may_edit(request.membership, company, Kpi)
        kpis = list(Kpi.objects.filter(company=company, is_active=True))
        grid = KpiGrid(request.POST, kpis=kpis, months=days)
        changed, errors = save_sheet(
            request,
            grid,
            lambda values, expected: domain.save_kpi_months(
                company,
                by=request.user,
                months=days,
                values=values,
                expected_sheet_version=expected,
                correction_reason=request.POST.get("correction_reason", ""),
            ),
        )
        if changed is not None:
            messages.success(request, f"KPI管理シートを保存しました（{changed}件の変更）。")
            return redirect(_sheet_url(request, company, fy))
        invalid = grid.invalid
        posted = request.POST
    rows = []
    for row in kpi_rows(company, months, thresholds=thresholds_for(company)):
        cells = []
        for point in row.points:
            t_name, a_name = (
                cell_name("t", row.kpi.pk, point.month.first_day),
                cell_name("a", row.kpi.pk, point.month.first_day),
            )
            cells.append(
                {
                    "point": point,
                    "ach_pct": None if point.achievement is None else point.achievement * 100,
                    "t_name": t_name,
                    "a_name": a_name,
                    "t_value": posted.get(t_name, "") if posted else cell_text(point.target),
                    "a_value": posted.get(a_name, "") if posted else cell_text(point.actual),
                    "t_invalid": t_name in invalid,
                    "a_invalid": a_name in invalid,
                }
            )
        rows.append({"kpi": row.kpi, "trend": row.trend_label, "trend_key": row.trend or "", "cells": cells})
    closed = closed_months(company, months)
    context = page_context(
        company,
        "kpis",
        fy=fy,
        fy_label=fiscal_year_label(fy, end_month),
        previous_fy=fy - 1,
        next_fy=fy + 1,
        months=months,
        rows=rows,
        inactive=Kpi.objects.filter(company=company, is_active=False).order_by("order", "id"),
        sheet_version=domain.kpi_sheet_version(company, days),
        closed_months=[m.label for m in months if m in closed],
        correction_reason=request.POST.get("correction_reason", "")[:2000] if posted else "",
        errors=errors,
        can_edit=can_edit,
    )
    return render(request, "monitoring/kpis.html", context, status=400 if errors else 200)


KPI_PAGES = SheetRowPages(
    word="KPI",
    model=Kpi,
    form=KpiForm,
    load=queries.kpi_or_404,
    create=domain.create_kpi,
    update=domain.update_kpi,
    section="kpis",
    template="monitoring/kpi_form.html",
    row_name="kpi",
)


@require_http_methods(["GET", "POST"])
def kpi_create(request, company_pk: int):
    return add_sheet_row(request, company_pk, KPI_PAGES)


@require_http_methods(["GET", "POST"])
def kpi_edit(request, company_pk: int, pk: int):
    return edit_sheet_row(request, company_pk, pk, KPI_PAGES)
