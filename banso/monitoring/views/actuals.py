"""月次実績: the fiscal-year grid (lines × months) typed like a spreadsheet (static/js/grid.js)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.errors import DomainError
from banso.core.urls import org_reverse
from banso.monitoring.domain import actuals as domain
from banso.monitoring.engines.months import Month, fiscal_year_label, fiscal_year_months
from banso.monitoring.forms.actuals import (
    DEFAULT_UNIT,
    UNITS,
    build_grid,
    read_grid,
    unit_of,
)
from banso.monitoring.models import MonthlyActual
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import company_for, page_context


def _fiscal_year(request, company) -> int:
    end_month = company.fiscal_year_end_month
    raw = request.POST.get("fy") if request.method == "POST" else request.GET.get("fy")
    try:
        year = int(raw)
    except (TypeError, ValueError):
        year = None
    low, high = domain.month_bounds()
    if year is None or not (low.year <= year <= high.year):
        latest = (
            MonthlyActual.objects.filter(company=company).order_by("-month").values_list("month", flat=True)
        )
        first = latest.first()
        month = Month.of(first) if first else Month.of(timezone.localdate())
        year = month.fiscal_year(end_month)
    return year


def _stored(company, months):
    rows = MonthlyActual.objects.filter(company=company, month__in=[m.first_day for m in months])
    return {(Month.of(row.month), row.line): row for row in rows}


@login_required
@require_http_methods(["GET", "POST"])
def actuals(request, company_pk: int):
    company = company_for(request, company_pk)
    can_edit = may_edit(request.membership, company, MonthlyActual)
    if request.method == "POST":
        ensure_may_edit(request.membership, company, MonthlyActual)
    end_month = company.fiscal_year_end_month
    fiscal_year = _fiscal_year(request, company)
    unit = unit_of(request.POST.get("unit") if request.method == "POST" else request.GET.get("unit"))
    months = fiscal_year_months(fiscal_year, end_month)
    errors: list[str] = []
    posted = None
    invalid: set = set()
    status = 200
    correction_reason = ""
    if request.method == "POST":
        correction_reason = (request.POST.get("correction_reason") or "").strip()[:2000]
        submission = read_grid(request.POST, months, unit)
        errors, invalid = submission.errors, submission.invalid
        if not errors:
            try:
                outcome = domain.save_actuals(
                    company,
                    by=request.user,
                    amounts=submission.amounts,
                    expected_versions=submission.versions,
                    correction_reason=correction_reason,
                )
            except DomainError as exc:
                errors = [exc.message]
                status = 409 if isinstance(exc, domain.ConflictError) else 400
                if status == 409:
                    posted = None  # show what is stored now; the message names the cells
            else:
                if outcome.count:
                    note = (
                        f"（うち発行済み報告書の対象月の修正 {outcome.corrections}件）"
                        if outcome.corrections
                        else ""
                    )
                    messages.success(request, f"月次実績を保存しました（{outcome.count}件）{note}。")
                else:
                    messages.info(request, "変更はありませんでした。")
                url = org_reverse(request, "monitoring:actuals", company_pk=company.pk)
                return redirect(f"{url}?fy={fiscal_year}&unit={unit}")
        if errors and status != 409:
            posted = request.POST
            status = 400
    reported = domain.issued_reports_covering(company, months)
    stored = _stored(company, months)
    by_owner = {month for (month, _), row in stored.items() if row.source == MonthlyActual.Source.OWNER}
    context = page_context(
        company,
        "actuals",
        fiscal_year=fiscal_year,
        fiscal_year_label=fiscal_year_label(fiscal_year, end_month),
        previous_year=fiscal_year - 1,
        next_year=fiscal_year + 1,
        months=[{"month": m, "reported": m in reported, "by_owner": m in by_owner} for m in months],
        owner_months=[m.label for m in months if m in by_owner],
        rows=build_grid(months, stored, unit, posted=posted, invalid=invalid),
        unit=unit,
        unit_label=UNITS[unit][1],
        units=[(key, label) for key, (_, label) in UNITS.items()],
        default_unit=DEFAULT_UNIT,
        reported_months=[m.label for m in months if m in reported],
        correction_reason=correction_reason,
        errors=errors,
        can_edit=can_edit,
    )
    return render(request, "monitoring/actuals.html", context, status=status)
