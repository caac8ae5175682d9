"""Names and labels shared by the engagement's exports."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.core import formatting


def period_label(engagement, today: dt.date | None = None) -> str:
    """The period the report covers: start – end (or today while the engagement is open)."""
    end = engagement.ended_on or today or timezone.localdate()
    era = formatting.document_era(engagement.company.organization)
    start = formatting.document_date(engagement.started_on, era=era)
    return f"{start}〜{formatting.document_date(end, era=era)}"


def month_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"
