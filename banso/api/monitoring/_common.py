"""What every monitoring API module shares: loading the company through the access rule, the edit
check of the area (banso.monitoring.permissions), months written 'YYYY-MM', the line keys and the
upload routes' answer (now, or as a background job with `Prefer: respond-async`).

A foreign company or object is 404, a read-only role 403 on writes, a bad month 422 naming the field."""

from __future__ import annotations

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field
from ninja.errors import HttpError
from ninja.responses import Status

from banso.api.jobs import accepted, wants_async
from banso.companies.models import Company
from banso.core.access import get_visible_or_404
from banso.core.spreadsheets import UploadError
from banso.monitoring import permissions
from banso.monitoring.engines.imports import ImportProblem
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


def company_record(request, model, pk: int, *, change: bool = False):
    """A record hanging off a company (an accounting or sales-mix import) through the access rule: 404
    when its company is not visible, 403 with `change` for a read-only role."""
    record = get_visible_or_404(model.objects.select_related("company"), request.membership, pk=pk)
    if change:
        permissions.ensure_may_edit(request.membership, record.company, model)
    return record


FILE_MISSING_MESSAGE = "取り込むファイルを file（multipart/form-data）で送ってください。"


def refused(error: UploadError | ImportProblem) -> Exception:
    """413 for a file over the limit; otherwise the error itself (a DomainError: 400 with its Japanese
    detail — an HttpError 400 would be answered as unreadable JSON)."""
    status = getattr(error, "status", 400) or 400
    return error if status == 400 else HttpError(status, error.message)


def uploaded(request, response, found: Company, file, *, start_job, read, answer, **options) -> Status:
    """The answer of an upload route: with `Prefer: respond-async` the job `start_job` queues (202),
    otherwise the record `read` makes now (201, shaped by `answer`). Both take the company, the user,
    the file and the same `options`; no file is a 422 naming it, a refused file a 4xx (see refused)."""
    if file is None:
        raise ValidationError({"file": FILE_MISSING_MESSAGE})
    try:
        if wants_async(request):
            return Status(202, accepted(response, start_job(found, by=request.user, upload=file, **options)))
        record = read(found, by=request.user, upload=file, **options)
    except (UploadError, ImportProblem) as error:
        raise refused(error) from None
    return Status(201, answer(record))


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
