"""Monitoring records for tests, built the way the domain would (no factories hiding the rules)."""

from __future__ import annotations

import datetime as dt

from banso.monitoring.models import ImprovementPlan, PlanVersion


def make_plan(company, *, by=None, title="経営改善計画", start=dt.date(2025, 4, 1), years=5) -> PlanVersion:
    """A plan with its first (current) version; returns the version."""
    plan = ImprovementPlan.objects.create(company=company, title=title, created_by=by)
    return PlanVersion.objects.create(plan=plan, number=1, start_month=start, years=years, created_by=by)
