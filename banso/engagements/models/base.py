"""Shared pieces of the engagement models: access querysets, constraint helpers, the date rule."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from banso.core.access import AccessQuerySet, MembershipLike, may_write
from banso.core.roles import COMPANY_SIDE_ROLES, SUPPORT_SIDE_ROLES
from banso.engagements.validators import not_before_start_message


class SupportSideQuerySet(AccessQuerySet):
    """Engagement records are the support side's working record: listening notes about the owner,
    judgements (suitability, go / no-go, walls), the stakeholder map, reflections. In 課題設定型
    support the owner reaches the root issue through dialogue, not by reading the advisor's notes,
    so company-side users (経営者・従業員) see none of it. The owner portal will share a chosen
    subset (their actions, agreed root issues, agreements) through its own views."""

    def visible_to(self, membership: MembershipLike | None):
        if membership is None or membership.role in COMPANY_SIDE_ROLES:
            return self.none()
        return super().visible_to(membership)


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


class AuditedThroughCompany:
    """`audit_organization_id` (stamped on history rows) resolved along COMPANY_PATH.

    Follows relations already loaded without a query, else asks the database once; the answer is
    kept on the instance (an object never changes organization). Before a delete the value is
    resolved while the rows still exist (see _remember_audit_organization): when a company or an
    engagement is deleted, its children's deletion history is written after their parents are gone.
    """

    @property
    def audit_organization_id(self) -> int | None:
        cached = self.__dict__.get("_audit_organization_id")
        if cached is None:
            cached = self._organization_id_from_loaded() or self._organization_id_from_database()
            self.__dict__["_audit_organization_id"] = cached
        return cached

    def _organization_id_from_loaded(self) -> int | None:
        obj = self
        for name in self.COMPANY_PATH.split("__"):
            field = obj._meta.get_field(name)
            if not field.is_cached(obj):
                return None
            obj = getattr(obj, name)
            if obj is None:
                return None
        return obj.organization_id

    def _organization_id_from_database(self) -> int | None:
        if self.pk is None:
            return None
        return (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .values_list(f"{self.COMPANY_PATH}__organization_id", flat=True)
            .first()
        )


@receiver(pre_delete)
def _remember_audit_organization(sender, instance, **kwargs):
    if isinstance(instance, AuditedThroughCompany):
        _ = instance.audit_organization_id


def choices_check(
    field: str, choices, name: str, label: str, *, blank: bool = False
) -> models.CheckConstraint:
    values = [value for value, _ in choices]
    condition = Q(**{f"{field}__in": values})
    if blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_message=f"{label}は一覧から選んでください。"
    )


def range_check(
    field: str, low: int, high: int, name: str, label: str, *, nullable: bool = False
) -> models.CheckConstraint:
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=f"{label}は{low}〜{high}の範囲で入力してください。",
    )


def not_before_start(engagement, day: dt.date | None, field: str, errors: dict) -> None:
    """The house rule for dated records of an engagement: nothing happens before it began."""
    if day is None or engagement is None or engagement.started_on is None:
        return
    if day < engagement.started_on:
        errors.setdefault(field, []).append(not_before_start_message(engagement.started_on))


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
