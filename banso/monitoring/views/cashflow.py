"""資金繰り表: the table (actual months beside the 12-month projection, checks, warning, chart), the
payment terms, lenders and their repayment schedules, and one actual month's entry grid."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from banso.core.charts import svg_data_uri
from banso.core.errors import ConflictError
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import cashflow as domain
from banso.monitoring.engines.charts import cash_balance_chart
from banso.monitoring.engines.months import Month, MonthError
from banso.monitoring.forms.cashflow import (
    LenderDeleteForm,
    LenderForm,
    LoanScheduleForm,
    MonthEntriesForm,
    TermsForm,
)
from banso.monitoring.models import CashFlowEntry, CashFlowTerms, Lender, LoanScheduleEntry
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import company_for, page_context, run_domain, run_domain_with_status


def _cashflow_url(request, company):
    return org_reverse(request, "monitoring:cashflow", company_pk=company.pk)


def _month_or_404(text: str) -> Month:
    try:
        return Month.parse(text)
    except MonthError as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_GET
def cashflow(request, company_pk: int):
    company = company_for(request, company_pk)
    overview = domain.cash_flow_overview(company)
    table = overview.table
    chart = cash_balance_chart(
        table, threshold=overview.threshold, warning=overview.warning, negative_mark=domain.negative_mark()
    )
    columns = [
        {
            "month": Month.of(c.month),
            "projected": c.projected,
            "short": overview.warning is not None and overview.warning.month == c.month,
        }
        for c in table.months
    ]
    context = page_context(
        company,
        "cashflow",
        overview=overview,
        columns=columns,
        rows=table.rows(),
        chart=svg_data_uri(chart),
        lenders=queries.lenders(company),
        can_edit=may_edit(request.membership, company, CashFlowEntry),
        entry_month=overview.projection_start,
    )
    return render(request, "monitoring/cashflow.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cashflow_terms(request, company_pk: int):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, CashFlowTerms)
    terms = domain.terms_of(company)
    form = TermsForm(request.POST or None, terms=terms)
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: domain.save_terms(
                company,
                by=request.user,
                version=data.get("version"),
                cash_sales_ratio=data["cash_sales_pct"] / Decimal(100),
                collection_months=data["collection_months"],
                cash_purchase_ratio=data["cash_purchase_pct"] / Decimal(100),
                payment_months=data["payment_months"],
                minimum_balance=data.get("minimum_balance"),
            ),
        )
        if saved is not None:
            messages.success(request, "資金繰りの条件を保存しました。")
            return redirect(_cashflow_url(request, company))
    return render(request, "monitoring/cashflow_terms.html", page_context(company, "cashflow", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def lender_create(request, company_pk: int):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, Lender)
    form = LenderForm(request.POST or None)
    if request.method == "POST":
        lender = run_domain(form, lambda data: domain.add_lender(company, by=request.user, name=data["name"]))
        if lender is not None:
            messages.success(request, f"借入先「{lender.name}」を追加しました。返済予定を入力してください。")
            return redirect(
                org_reverse(request, "monitoring:lender_schedule", company_pk=company.pk, pk=lender.pk)
            )
    return render(request, "monitoring/lender_form.html", page_context(company, "cashflow", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def lender_edit(request, company_pk: int, pk: int):
    """Rename a lender (with the version it was opened at)."""
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, Lender)
    lender = queries.lender_or_404(request.membership, company, pk)
    form = LenderForm(request.POST or None, lender=lender)
    renamed, status = run_domain_with_status(
        request,
        form,
        lambda data: domain.rename_lender(
            lender, by=request.user, name=data["name"], expected_version=data["version"]
        ),
    )
    if renamed is not None:
        messages.success(request, f"借入先の名前を「{renamed.name}」にしました。")
        return redirect(_cashflow_url(request, company))
    context = page_context(company, "cashflow", form=form, lender=lender)
    return render(request, "monitoring/lender_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lender_delete(request, company_pk: int, pk: int):
    """Delete a lender that no entry or schedule month names (else a refusal saying what to do)."""
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, Lender)
    lender = queries.lender_or_404(request.membership, company, pk)
    form = LenderDeleteForm(request.POST or None, lender=lender)
    deleted, status = run_domain_with_status(
        request,
        form,
        lambda data: domain.delete_lender(lender, by=request.user, expected_version=data["version"]),
    )
    if deleted is not None:
        messages.success(request, f"借入先「{lender.name}」を削除しました。")
        return redirect(_cashflow_url(request, company))
    entry_months, schedule_months = domain.lender_usage(lender)
    context = page_context(
        company,
        "cashflow",
        form=form,
        lender=lender,
        entry_months=entry_months,
        schedule_months=schedule_months,
    )
    return render(request, "monitoring/lender_delete.html", context, status=status)


def _save_grid(request, form, save, *, reopen):
    """The POST of a grid saved as a whole against the version it was opened at (a lender's schedule,
    a month's entries): `save(cleaned_data)` for a valid form. Returns (saved, form, status): on a
    conflict the form `reopen()` builds from what is stored now (and its version), refused with the
    message (409); on an invalid form or a refused value the posted form with its errors (400)."""
    if request.method != "POST":
        return False, form, 200
    if not form.is_valid():
        return False, form, 400
    try:
        save(form.cleaned_data)
    except ConflictError as exc:
        form = reopen()
        form.refuse(exc.message)
        return False, form, 409
    except ValidationError as exc:
        add_domain_errors(form, exc)
        return False, form, 400
    return True, form, 200


@login_required
@require_http_methods(["GET", "POST"])
def lender_schedule(request, company_pk: int, pk: int):
    """The lender's schedule for 24 months from the projection's first month (or ?from=YYYY-MM)."""
    company = company_for(request, company_pk)
    lender = queries.lender_or_404(request.membership, company, pk)
    can_edit = may_edit(request.membership, company, LoanScheduleEntry)
    if request.method == "POST":
        ensure_may_edit(request.membership, company, LoanScheduleEntry)
    start_text = request.POST.get("from") or request.GET.get("from")
    start = _month_or_404(start_text) if start_text else domain.cash_flow_overview(company).projection_start
    months = [start + i for i in range(24)]
    current = {s.month: s for s in lender.schedule.all()}
    version = domain.schedule_version(lender, months)
    form = LoanScheduleForm(request.POST or None, months=months, current=current, version=version)
    saved, form, status = _save_grid(
        request,
        form,
        lambda data: domain.save_loan_schedule(
            lender, by=request.user, rows=form.rows(), expected_version=data["version"]
        ),
        reopen=lambda: LoanScheduleForm(
            months=months,
            current={s.month: s for s in lender.schedule.all()},
            version=domain.schedule_version(lender, months),
        ),
    )
    if saved:
        messages.success(request, f"借入先「{lender.name}」の返済予定を保存しました。")
        return redirect(_cashflow_url(request, company))
    context = page_context(
        company,
        "cashflow",
        form=form,
        lender=lender,
        start=start,
        can_edit=can_edit,
        previous=start - 12,
        following=start + 12,
    )
    return render(request, "monitoring/lender_schedule.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cashflow_month(request, company_pk: int, month: str):
    """One actual month's entries (YYYY-MM in the URL), saved all or nothing."""
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, CashFlowEntry)
    the_month = _month_or_404(month)
    lenders = queries.lenders(company)
    form = MonthEntriesForm(
        request.POST or None,
        lenders=lenders,
        current=domain.month_entries(company, the_month),
        version=domain.month_version(company, the_month),
    )
    saved, form, status = _save_grid(
        request,
        form,
        lambda data: domain.save_month_entries(
            company,
            by=request.user,
            month=the_month,
            amounts=form.amounts(),
            expected_version=data["version"],
        ),
        reopen=lambda: MonthEntriesForm(
            lenders=queries.lenders(company),
            current=domain.month_entries(company, the_month),
            version=domain.month_version(company, the_month),
        ),
    )
    if saved:
        messages.success(request, f"{the_month.label}の資金繰り実績を保存しました。")
        return redirect(_cashflow_url(request, company))
    context = page_context(
        company, "cashflow", form=form, month=the_month, previous=the_month - 1, following=the_month + 1
    )
    return render(request, "monitoring/cashflow_month.html", context, status=status)
