"""経営改善計画 pages: create, the plan (a version) with its yearly grid, versions, measures and the
place of the numeric targets; the yearly grid form, the monthly spread per year, 計画の修正."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.access import NamedNotFound
from banso.core.engagement_links import engagement_ref
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import plans as domain
from banso.monitoring.domain.targets import plan_targets_of, target_rows
from banso.monitoring.engines import months as m
from banso.monitoring.engines.lines import LINES_BY_KEY, PLAN_KEYS, complete
from banso.monitoring.forms.fields import VersionOnlyForm
from banso.monitoring.forms.plans import (
    MeasureForm,
    PlanCreateForm,
    PlanEngagementForm,
    PlanMonthsForm,
    PlanYearsForm,
    RevisionForm,
)
from banso.monitoring.models import ImprovementPlan, Measure
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import company_for, page_context, run_domain

PLAN_LINES_SHOWN = (
    "net_sales",
    "cost_of_sales",
    "gross_profit",
    "sga",
    "personnel_costs",
    "depreciation",
    "operating_income",
    "non_operating_income",
    "non_operating_expenses",
    "ordinary_income",
    "extraordinary_income",
    "extraordinary_losses",
    "income_taxes",
    "net_income",
)


def _plan_url(request, company, plan, name="monitoring:plan_detail", **kwargs):
    return org_reverse(request, name, company_pk=company.pk, pk=plan.pk, **kwargs)


def _current_or_404(plan):
    version = plan.current_version
    if version is None:
        raise NamedNotFound("この計画には現行版がありません。")
    return version


@require_http_methods(["GET", "POST"])
def plan_create(request, company_pk: int):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, ImprovementPlan)
    form = PlanCreateForm(request.POST or None, company=company, today=timezone.localdate())
    if request.method == "POST":
        version = run_domain(
            form,
            lambda data: domain.create_plan(
                company,
                by=request.user,
                title=data["title"],
                start_month=data["start_month"],
                years=data["years"],
                spread_method=data["spread_method"],
                engagement_id=data.get("engagement_id"),
            ),
        )
        if version is not None:
            messages.success(request, "計画を登録しました。続けて年度別の計画額を入力してください。")
            return redirect(_plan_url(request, company, version.plan, "monitoring:plan_years"))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "monitoring/plan_create.html", page_context(company, "plans", form=form), status=status
    )


def _version_context(request, company, plan, version):
    end_month = company.fiscal_year_end_month
    fiscal_years = version.fiscal_years(end_month)
    totals = domain.year_totals(version, end_month)
    completed = {fy: complete(totals[fy]) if totals[fy] else {} for fy in fiscal_years}
    rows = [(LINES_BY_KEY[key], [completed[fy].get(key) for fy in fiscal_years]) for key in PLAN_LINES_SHOWN]
    plan_years = {y.fiscal_year: y for y in version.plan_years.all()}
    return {
        "plan": plan,
        "version": version,
        "versions": list(plan.versions.all()),
        "year_labels": [m.fiscal_year_label(fy, end_month) for fy in fiscal_years],
        "years": [(fy, m.fiscal_year_label(fy, end_month), plan_years.get(fy)) for fy in fiscal_years],
        "rows": rows,
        "measures": list(version.measures.all()),
        "targets": target_rows(plan_targets_of(version), fiscal_year_end_month=end_month),
        "engagement": engagement_ref(company, plan.engagement_id),
        "can_edit": may_edit(request.membership, company, ImprovementPlan) and version.is_current,
        "can_link": may_edit(request.membership, company, ImprovementPlan),
    }


def plan_detail(request, company_pk: int, pk: int, number: int | None = None):
    company = company_for(request, company_pk)
    plan = queries.plan_or_404(request.membership, company, pk)
    version = queries.version_or_404(plan, number) if number is not None else _current_or_404(plan)
    context = page_context(company, "plans", **_version_context(request, company, plan, version))
    return render(request, "monitoring/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_years(request, company_pk: int, pk: int):
    company = company_for(request, company_pk)
    plan = queries.plan_or_404(request.membership, company, pk)
    ensure_may_edit(request.membership, company, ImprovementPlan)
    version = _current_or_404(plan)
    end_month = company.fiscal_year_end_month
    form = PlanYearsForm(
        request.POST or None,
        version=version,
        end_month=end_month,
        totals=domain.year_totals(version, end_month),
        plan_years={y.fiscal_year: y for y in version.plan_years.all()},
    )
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: domain.set_year_totals(
                version,
                by=request.user,
                yearly=form.yearly(),
                balances=form.balances(),
                expected_version=data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, "年度別の計画を保存し、月次に配分しました。")
            return redirect(_plan_url(request, company, plan))
    status = 400 if request.method == "POST" else 200
    context = page_context(company, "plans", plan=plan, version=version, form=form)
    return render(request, "monitoring/plan_years.html", context, status=status)


@require_http_methods(["GET", "POST"])
def plan_months(request, company_pk: int, pk: int, fiscal_year: int):
    company = company_for(request, company_pk)
    plan = queries.plan_or_404(request.membership, company, pk)
    version = _current_or_404(plan)
    end_month = company.fiscal_year_end_month
    if fiscal_year not in version.fiscal_years(end_month):
        raise NamedNotFound(f"{m.fiscal_year_label(fiscal_year, end_month)}はこの計画の期間外です。")
    can_edit = may_edit(request.membership, company, ImprovementPlan)
    plan_year = version.plan_years.get(fiscal_year=fiscal_year)
    if request.method == "POST":
        ensure_may_edit(request.membership, company, ImprovementPlan)
        method = request.POST.get("spread")
        if method in ("even", "seasonal"):
            used = domain.set_spread_method(version, by=request.user, fiscal_year=fiscal_year, method=method)
            if method == "seasonal" and used != "seasonal":
                messages.warning(request, "前年の月次実績がそろっていない科目は均等に配分しました。")
            else:
                messages.success(request, "月次に配分し直しました。")
            return redirect(
                _plan_url(request, company, plan, "monitoring:plan_months", fiscal_year=fiscal_year)
            )
    months = domain.year_months(version, fiscal_year, end_month)
    form = PlanMonthsForm(
        request.POST if request.method == "POST" else None,
        version=version,
        fiscal_year=fiscal_year,
        end_month=end_month,
        months=months,
    )
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: domain.set_plan_months(
                version,
                by=request.user,
                fiscal_year=fiscal_year,
                months=form.values(),
                expected_version=data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, "月次計画を保存しました。")
            return redirect(
                _plan_url(request, company, plan, "monitoring:plan_months", fiscal_year=fiscal_year)
            )
    totals = domain.year_totals(version, end_month)[fiscal_year]
    context = page_context(
        company,
        "plans",
        plan=plan,
        version=version,
        plan_year=plan_year,
        year_label=m.fiscal_year_label(fiscal_year, end_month),
        month_labels=[month.short_label for month in form.months],
        year_totals=[(LINES_BY_KEY[k].label, totals.get(k)) for k in PLAN_KEYS],
        form=form,
        can_edit=can_edit,
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "monitoring/plan_months.html", context, status=status)


@require_http_methods(["GET", "POST"])
def plan_revise(request, company_pk: int, pk: int):
    company = company_for(request, company_pk)
    plan = queries.plan_or_404(request.membership, company, pk)
    ensure_may_edit(request.membership, company, ImprovementPlan)
    version = _current_or_404(plan)
    form = RevisionForm(request.POST or None, initial={"expected_number": version.number})
    if request.method == "POST":
        new = run_domain(
            form,
            lambda data: domain.revise_plan(
                plan, by=request.user, reason=data["reason"], expected_version=data["expected_number"]
            ),
        )
        if new is not None:
            messages.success(
                request, f"計画を修正し、{new.label}を作成しました。前の版はそのまま残っています。"
            )
            return redirect(_plan_url(request, company, plan, "monitoring:plan_years"))
    status = 400 if request.method == "POST" else 200
    context = page_context(company, "plans", plan=plan, version=version, form=form)
    return render(request, "monitoring/plan_revise.html", context, status=status)


@require_http_methods(["GET", "POST"])
def measure_edit(request, company_pk: int, pk: int, measure_pk: int | None = None):
    company = company_for(request, company_pk)
    plan = queries.plan_or_404(request.membership, company, pk)
    version = _current_or_404(plan)
    measure = queries.measure_or_404(request.membership, version, measure_pk) if measure_pk else None
    ensure_may_edit(request.membership, company, Measure)
    form = MeasureForm(request.POST or None, company=company, measure=measure)
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: (
                domain.add_measure(version, by=request.user, **form.values())
                if measure is None
                else domain.update_measure(
                    measure, by=request.user, expected_version=data["version"], **form.values()
                )
            ),
        )
        if saved is not None:
            messages.success(request, "施策を保存しました。")
            return redirect(_plan_url(request, company, plan) + "#measures")
    status = 400 if request.method == "POST" else 200
    context = page_context(company, "plans", plan=plan, version=version, measure=measure, form=form)
    return render(request, "monitoring/measure_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def measure_delete(request, company_pk: int, pk: int, measure_pk: int):
    company = company_for(request, company_pk)
    plan = queries.plan_or_404(request.membership, company, pk)
    version = _current_or_404(plan)
    measure = queries.measure_or_404(request.membership, version, measure_pk)
    ensure_may_edit(request.membership, company, Measure)
    form = VersionOnlyForm(request.POST or None, record=measure)
    if request.method == "POST":
        done = run_domain(
            form,
            lambda data: domain.delete_measure(measure, by=request.user, expected_version=data["version"]),
        )
        if done is not None:
            messages.success(request, f"施策「{measure.title}」を削除しました。")
            return redirect(_plan_url(request, company, plan) + "#measures")
    status = 400 if request.method == "POST" else 200
    context = page_context(company, "plans", plan=plan, version=version, measure=measure, form=form)
    return render(request, "monitoring/measure_delete.html", context, status=status)


@require_http_methods(["GET", "POST"])
def plan_engagement(request, company_pk: int, pk: int):
    """Link the plan to an engagement after creation (or unlink it)."""
    company = company_for(request, company_pk)
    plan = queries.plan_or_404(request.membership, company, pk)
    ensure_may_edit(request.membership, company, ImprovementPlan)
    form = PlanEngagementForm(request.POST or None, company=company, plan=plan)
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: domain.link_engagement(
                plan,
                by=request.user,
                engagement_id=data.get("engagement_id"),
                expected_version=data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, "伴走支援案件との紐づけを保存しました。")
            return redirect(_plan_url(request, company, plan))
    status = 400 if request.method == "POST" else 200
    context = page_context(company, "plans", plan=plan, version=plan.current_version, form=form)
    return render(request, "monitoring/plan_engagement.html", context, status=status)
