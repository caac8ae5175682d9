"""The monitoring tab's home: the start of the monthly cycle — the latest month with actuals, what is
still missing for it, the warnings before the meeting (cash, repeating gaps), the plans and a link to
every monitoring page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from banso.monitoring import queries
from banso.monitoring.domain import review as review_domain
from banso.monitoring.domain.table import monitoring_table
from banso.monitoring.models import AccountingImport, ImprovementPlan, NextMonthAction
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
    latest = queries.latest_actual_month(company)
    missing = []
    if latest is not None:
        built = monitoring_table(company, to_month=latest)
        missing = review_domain.missing_items(company, latest, built)
    context = page_context(
        company,
        "home",
        plans=rows,
        plan=rows[0]["plan"] if len(rows) == 1 else None,
        latest_month=latest,
        next_month=latest + 1 if latest else None,
        missing=missing,
        warnings=review_domain.warnings(company, latest),
        can_edit=may_edit(request.membership, company, ImprovementPlan),
        can_import=may_edit(request.membership, company, AccountingImport),
        can_edit_actions=may_edit(request.membership, company, NextMonthAction),
    )
    return render(request, "monitoring/home.html", context)
