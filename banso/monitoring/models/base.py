"""Shared pieces of the monitoring models: month and amount fields and their bounds.

The other constraint helpers (choices_check, range_check) are in banso.core.model_fields."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from banso.monitoring.engines.lines import MAX_AMOUNT

AMOUNT_TOO_LARGE_MESSAGE = "金額が大きすぎます。円単位の数字をご確認ください。"


def validate_first_of_month(value) -> None:
    if value is not None and value.day != 1:
        raise ValidationError("月は月の初日（1日）の日付で指定してください。", code="month_day")


def validate_amount(value) -> None:
    if value is not None and abs(value) > MAX_AMOUNT:
        raise ValidationError(AMOUNT_TOO_LARGE_MESSAGE, code="too_large")


def validate_non_negative_amount(value) -> None:
    if value is not None and value < 0:
        raise ValidationError("0以上の金額を入力してください。", code="negative")


def month_field(label: str = "月", **kwargs) -> models.DateField:
    """A month, stored as the first day of the month ('YYYY-MM' in URLs and the API)."""
    return models.DateField(label, validators=[validate_first_of_month], **kwargs)


def amount_field(label: str, *, non_negative: bool = False, **kwargs) -> models.BigIntegerField:
    """Yen, bounded by MAX_AMOUNT (abs)."""
    validators = [validate_amount] + ([validate_non_negative_amount] if non_negative else [])
    return models.BigIntegerField(label, validators=validators, **kwargs)


def amount_bounds(field: str, name: str, *, non_negative: bool = False) -> models.CheckConstraint:
    """The database side of amount_field (NULL passes a CHECK)."""
    low = 0 if non_negative else -MAX_AMOUNT
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": low, f"{field}__lte": MAX_AMOUNT}),
        name=name,
        violation_error_message=AMOUNT_TOO_LARGE_MESSAGE,
    )
