"""The monitoring tab's home: the company's plans (current version), the latest month with actuals,
and what to do first when there is nothing yet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from banso.monitoring import queries
from banso.monitoring.models import ImprovementPlan
from banso.monitoring.permissions import may_edit
from banso.monitoring.views.common import company_for, page_context


@login_required
@require_GET
def home(request, company_pk: int):
    company = company_for(request, company_pk)
    end_month = company.fiscal_year_end_month
    rows = []
    for plan in queries.plans(company):
        version = plan.current_version
        rows.append(
            {"plan": plan, "version": version, "period": version.period_label(end_month) if version else ""}
        )
    context = page_context(
        company,
        "home",
        plans=rows,
        latest_month=queries.latest_actual_month(company),
        can_edit=may_edit(request.membership, company, ImprovementPlan),
    )
    return render(request, "monitoring/home.html", context)
