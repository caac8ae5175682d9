"""What every monitoring API module shares: loading the company through the access rule, the edit
check of the area (banso.monitoring.permissions), months written 'YYYY-MM' and the line keys.

A foreign company or object is 404, a read-only role 403 on writes, a bad month 422 naming the field."""

from __future__ import annotations

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field

from banso.companies.models import Company
from banso.monitoring import permissions
from banso.monitoring.engines.lines import INPUT_KEYS, LINE_KEYS, PLAN_KEYS
from banso.monitoring.engines.months import Month, MonthError
from banso.monitoring.queries import company_or_404

# 'YYYY-MM' exactly (the engine's Month.parse decides; the pattern documents it in the OpenAPI).
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
MonthText = Annotated[str, Field(pattern=MONTH_PATTERN, description="月（YYYY-MM）", examples=["2026-04"])]

LineKey = Literal[LINE_KEYS]  # type: ignore[valid-type]
InputLineKey = Literal[INPUT_KEYS]  # type: ignore[valid-type]
PlanLineKey = Literal[PLAN_KEYS]  # type: ignore[valid-type]


def company(request, company_id: int) -> Company:
    """The company, or 404 (another organization's, or one the member may not see)."""
    return company_or_404(request.membership, company_id)


def editable_company(request, company_id: int, model) -> Company:
    """The company for a change of its `model` records: 404 when not visible, 403 when read-only."""
    found = company_or_404(request.membership, company_id)
    permissions.ensure_may_edit(request.membership, found, model)
    return found


def month(value: str | None, field: str) -> Month | None:
    """'YYYY-MM' → Month (None stays None); a bad one is a ValidationError naming the field (422)."""
    if value is None:
        return None
    try:
        return Month.parse(value)
    except MonthError as error:
        raise ValidationError({field: str(error)}) from None


def month_text(day) -> str:
    """A stored month (the first day) as 'YYYY-MM'."""
    return str(Month.of(day))


def yen(value) -> int | None:
    """An engine amount (Decimal of whole yen) as an integer for JSON."""
    return None if value is None else int(value)


def ratio(value) -> float | None:
    return None if value is None else float(value)


def stamps(record) -> dict:
    return {"version": record.version, "created_at": record.created_at, "updated_at": record.updated_at}
