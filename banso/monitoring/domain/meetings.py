"""月次ミーティング: the record of a month's meeting (one per company and month), saved with a version
check; logs `monitoring.meeting.recorded` / `monitoring.meeting.updated`."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from banso.core.errors import ConflictError
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.engines.months import to_month
from banso.monitoring.models import MonthlyMeeting

__all__ = ["MEETING_FIELDS", "meeting_of", "save_meeting"]

MEETING_FIELDS = ("held_on", "attendees", "discussion", "decisions")
DUPLICATE_MESSAGE = (
    "この月のミーティング記録は、他の方が先に保存しました。画面を開き直してから入力してください。"
)


def meeting_of(company, month) -> MonthlyMeeting | None:
    return MonthlyMeeting.objects.filter(company=company, month=to_month(month).first_day).first()


def save_meeting(company, month, *, by, expected_version: int | None, **fields) -> MonthlyMeeting:
    """Create the month's record, or change it (`expected_version` is the version the edit started
    from; None when the form started without a record — then an existing record is a conflict)."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    month = to_month(month)
    cleaned = {k: (v.replace("\r\n", "\n").strip() if isinstance(v, str) else v) for k, v in fields.items()}
    existing = meeting_of(company, month)
    if existing is not None and expected_version is None:
        raise ConflictError(DUPLICATE_MESSAGE)
    try:
        with transaction.atomic():
            if existing is None:
                meeting = MonthlyMeeting(company=company, month=month.first_day, **cleaned)
                save_audited(meeting, by=by)
                event, verb = "recorded", "記録"
            else:
                meeting = locked(MonthlyMeeting, existing.pk, expected_version)
                for name, value in cleaned.items():
                    setattr(meeting, name, value)
                save_audited(meeting, by=by, bump_version=True)
                event, verb = "updated", "更新"
            log_company_event(
                company,
                code=f"monitoring.meeting.{event}",
                message=f"{month.label}の月次ミーティングの記録を{verb}しました。",
                by=by,
                data={"meeting": meeting.pk, "month": str(month)},
            )
    except IntegrityError as error:
        raise ConflictError(DUPLICATE_MESSAGE) from error
    return meeting
