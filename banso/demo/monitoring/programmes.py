"""The public programmes of the monitoring demo (docs/domain.md §5.1): a 405事業 engagement for
株式会社みなと水産加工 and an 早期経営改善計画 engagement for 株式会社東海ケミカル, each opened through the
engagements domain; their plans link to them (records.py)."""

from __future__ import annotations

import datetime as dt

from banso.engagements import domain as engagement_domain
from banso.engagements.models import Engagement

# company, kind, title, started (days before today), planned months
PROGRAMMES = [
    ("株式会社みなと水産加工", "plan_405", "経営改善計画策定支援（405事業）とモニタリング", 820, 36),
    ("株式会社東海ケミカル", "early_plan", "早期経営改善計画の策定とモニタリング", 640, 24),
]


def programme_engagement(context: dict, company, *, today: dt.date) -> Engagement | None:
    """The company's programme engagement, opened once (None for a company without one)."""
    spec = next((p for p in PROGRAMMES if p[0] == company.name), None)
    if spec is None:
        return None
    _, kind, title, started, months = spec
    existing = Engagement.objects.filter(company=company, title=title).first()
    if existing is not None:
        return existing
    advisor = context["users"]["advisor"]
    return engagement_domain.start_engagement(
        company,
        by=advisor,
        kind=kind,
        title=title,
        started_on=today - dt.timedelta(days=started),
        planned_months=months,
        lead_supporter=advisor,
    )
