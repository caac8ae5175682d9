"""Field and constraint helpers shared by every area's models.

- `company_field`: a client record's link to its `Company` (事業者), deleted with it.
- `user_field` / `optional_user_field`: the person who did something (記録した人, 作成者, …), with no
  reverse accessor on the user.
- `choices_check` / `range_check` / `required_check`: the database side of a choice, a bounded
  number or a required text, with the Japanese message the form shows.
- `unique_check`: one record per given fields, a second one refused as a duplicate.

Each helper returns exactly the field or constraint a model spelt out before (same arguments), so
using one changes no migration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from banso.core.errors import DUPLICATE_CODE


def company_field(related_name: str, *, verbose_name: str | None = "事業者") -> models.ForeignKey:
    """The record's company: deleting the company deletes the record."""
    return models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def user_field(verbose_name: str, *, on_delete=models.PROTECT) -> models.ForeignKey:
    """Who did it (always known)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=on_delete, related_name="+", verbose_name=verbose_name
    )


def optional_user_field(verbose_name: str | None = None, *, on_delete=models.SET_NULL) -> models.ForeignKey:
    """Who did it, when known; with SET_NULL the record outlives the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def choices_check(
    field: str, choices, name: str, label: str, *, blank: bool = False
) -> models.CheckConstraint:
    """`field` holds one of `choices` (or "" with `blank`)."""
    values = [value for value, _ in choices]
    condition = Q(**{f"{field}__in": values})
    if blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_message=f"{label}は一覧から選んでください。"
    )


def range_check(
    field: str, low, high, name: str, label: str, *, nullable: bool = False
) -> models.CheckConstraint:
    """`low` <= `field` <= `high` (or NULL with `nullable`)."""
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=f"{label}は{low}〜{high}の範囲で入力してください。",
    )


def required_check(field: str, name: str, message: str) -> models.CheckConstraint:
    """The text `field` is not empty (a reason, the evidence of a judgement)."""
    return models.CheckConstraint(condition=~Q(**{field: ""}), name=name, violation_error_message=message)


def unique_check(
    fields: list[str], name: str, message: str, *, condition: Q | None = None
) -> models.UniqueConstraint:
    """One record per `fields` (where `condition` holds); a second one is refused as a duplicate
    (code DUPLICATE_CODE, so the API answers 409)."""
    return models.UniqueConstraint(
        fields=fields,
        condition=condition,
        name=name,
        violation_error_message=message,
        violation_error_code=DUPLICATE_CODE,
    )
