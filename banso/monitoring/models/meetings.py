"""月次ミーティング: the record of one month's meeting (one per company and month)."""

from __future__ import annotations

from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import company_field
from banso.core.records import ClientRecord
from banso.monitoring.models.base import month_field


class MonthlyMeeting(ClientRecord):
    COMPANY_PATH = "company"

    company = company_field("monthly_meetings")
    month = month_field("対象月")
    held_on = models.DateField("開催日", null=True, blank=True)
    attendees = models.TextField("出席者", blank=True)
    discussion = models.TextField("話し合ったこと", blank=True)
    decisions = models.TextField("決まったこと", blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "-month"]
        verbose_name = "月次ミーティング"
        verbose_name_plural = "月次ミーティング"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "month"],
                name="meeting_unique_month",
                violation_error_message="この月のミーティング記録はすでにあります。",
            )
        ]
