"""Shared pieces of the engagement models: access querysets, the link to the engagement, the
guideline's choice, scale and step fields, the end-date checks, the date rules.

The constraint helpers every area uses (choices_check, range_check, unique_check, …) are in
banso.core.model_fields."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from banso.core.access import AccessQuerySet, MembershipLike, may_write
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.core.visibility import INTERNAL_ONLY
from banso.engagements.engines import guideline as g
from banso.engagements.validators import (
    choice_errors,
    future_date_message,
    not_before_start_message,
    range_choice_errors,
    range_validators,
)


class SupportSideQuerySet(AccessQuerySet):
    """Engagement records are the support side's working record: listening notes about the owner,
    judgements (suitability, go / no-go, walls), the stakeholder map, reflections. In 課題設定型
    support the owner reaches the root issue through dialogue, not by reading the advisor's notes,
    so company-side users (経営者・従業員) see none of it — except the records a model declares
    shareable and the supporter left shared (actions, agreed root issues, a dialogue's agreements):
    the one rule is banso.core.visibility, applied by AccessQuerySet.visible_to."""

    company_side_default = INTERNAL_ONLY


class OrganizationQuerySet(models.QuerySet):
    """Records of the support organization itself (not of a company), e.g. its directory of
    referral bodies: every support-side member of the organization sees them; nobody else does.
    Same method names as AccessQuerySet so get_visible_or_404 / get_changeable_or_404 work."""

    def visible_to(self, membership: MembershipLike | None):
        if membership is None or not membership.is_active or membership.role not in SUPPORT_SIDE_ROLES:
            return self.none()
        return self.filter(organization_id=membership.organization_id)

    def changeable_by(self, membership: MembershipLike | None):
        if not may_write(membership, self.model):
            return self.none()
        return self.visible_to(membership)


def engagement_field(related_name: str) -> models.ForeignKey:
    """The record's engagement: deleting the engagement deletes the record."""
    return models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name="伴走支援案件",
    )


def choice_field(verbose_name: str, choices, *, max_length: int, **kwargs) -> models.CharField:
    """A value from `choices`; a value outside the list names the field."""
    return models.CharField(
        verbose_name,
        max_length=max_length,
        choices=choices,
        error_messages=choice_errors(verbose_name),
        **kwargs,
    )


def scale_field(
    verbose_name: str, choices, low: int, high: int, *, label: str | None = None, **kwargs
) -> models.PositiveSmallIntegerField:
    """A point on a small scale (low–high) chosen from `choices`; a value outside says the range.
    The messages name `label` (default: the verbose name)."""
    label = label or verbose_name
    return models.PositiveSmallIntegerField(
        verbose_name,
        choices=choices,
        error_messages=range_choice_errors(label, low, high),
        validators=range_validators(low, high, label),
        **kwargs,
    )


def step_field(verbose_name: str = "ステップ", **kwargs) -> models.PositiveSmallIntegerField:
    """One of the guideline's seven steps (①–⑦)."""
    return scale_field(verbose_name, g.STEP_CHOICES, g.FIRST_STEP, g.LAST_STEP, label="ステップ", **kwargs)


def end_date_iff_ended(field: str, ended_statuses, name: str, message: str) -> models.CheckConstraint:
    """The end date `field` is filled exactly when `status` is one of `ended_statuses`."""
    ended = Q(status__in=ended_statuses)
    return models.CheckConstraint(
        condition=(ended & Q(**{f"{field}__isnull": False})) | (~ended & Q(**{f"{field}__isnull": True})),
        name=name,
        violation_error_message=message,
    )


def end_date_not_before(field: str, start_field: str, name: str, message: str) -> models.CheckConstraint:
    """The end date `field`, when filled, is on or after `start_field`."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": F(start_field)}),
        name=name,
        violation_error_message=message,
    )


def not_before_start(engagement, day: dt.date | None, field: str, errors: dict) -> None:
    """The house rule for dated records of an engagement: nothing happens before it began."""
    if day is None or engagement is None or engagement.started_on is None:
        return
    if day < engagement.started_on:
        errors.setdefault(field, []).append(not_before_start_message(engagement.started_on))


def check_past_day(record, field: str, errors: dict) -> None:
    """The house rule for the day a judgement or an agreement was made: not before the engagement
    began (not_before_start) and not in the future."""
    day = getattr(record, field)
    if record.engagement_id:
        not_before_start(record.engagement, day, field, errors)
    if day and day > timezone.localdate():
        errors.setdefault(field, []).append(future_date_message())


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
