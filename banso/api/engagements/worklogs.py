"""/api/v1/engagements/{engagement_id}/work-logs and /time-sheet: the 従事時間管理表 (405事業).

The same domain (banso/engagements/domain/worklogs.py) as the pages: a day in the future or before
the engagement began, minutes outside 1–1440, a kind not in the list or a worker outside the
company's team are a 422 naming the field; an ended engagement a 400; every change and deletion names
the version (428 without it, 409 when stale). Support side only (the company side: 404)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from banso.api.common import (
    PRECONDITION_REQUIRED,
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    patch_body,
    required_version,
    stamps,
)
from banso.api.engagements._common import load_engagement, load_record, team_users
from banso.engagements.domain import worklogs as domain
from banso.engagements.engines import timesheet
from banso.engagements.models import WorkLog

router = Router(tags=["engagements"])

KindLiteral = Literal["preparation", "travel", "report", "other"]
MonthText = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
KIND_HELP = "・".join(f"{k} {v}" for k, v in timesheet.KIND_LABELS.items())
WORKER_MESSAGE = "worker には、この事業者の担当支援者か管理者の利用者 ID を指定してください。"


class WorkLogOut(Schema):
    id: int
    engagement: int
    worked_on: dt.date
    kind: str
    kind_label: str
    minutes: int
    note: str
    worker: int
    recorded_by: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(entry: WorkLog) -> WorkLogOut:
        return WorkLogOut(
            id=entry.pk,
            engagement=entry.engagement_id,
            worked_on=entry.worked_on,
            kind=entry.kind,
            kind_label=entry.get_kind_display(),
            minutes=entry.minutes,
            note=entry.note,
            worker=entry.worker_id,
            recorded_by=entry.recorded_by_id,
            **stamps(entry),
        )


class WorkLogPage(Page):
    results: list[WorkLogOut]


class WorkLogIn(Schema):
    worked_on: dt.date
    kind: KindLiteral
    minutes: int = Field(ge=-100000, le=100000, description="分（1〜1440）")
    note: str = Field("", max_length=500)
    worker: Id | None = Field(None, description="支援者（省略で自分）")


class WorkLogPatch(Schema):
    worked_on: dt.date | None = None
    kind: KindLiteral | None = None
    minutes: int | None = Field(None, ge=-100000, le=100000)
    note: str | None = Field(None, max_length=500)
    worker: Id | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


class TimeSheetEntryOut(Schema):
    day: dt.date
    worker: str
    kind: str
    kind_label: str
    content: str
    minutes: int
    work_log: int | None = Field(description="記録した作業の id（対話記録の所要時間なら null）")
    dialogue: int | None


class TimeSheetMonthOut(Schema):
    month: str
    minutes: int
    by_kind: dict[str, int]


class TimeSheetOut(Schema):
    engagement: int
    total_minutes: int
    months: list[TimeSheetMonthOut]
    entries: list[TimeSheetEntryOut]


def _worker(engagement, worker_id):
    if worker_id is None:
        return None
    return team_users(engagement.company, [worker_id], WORKER_MESSAGE, "worker")[0]


@router.get(
    "/engagements/{engagement_id}/work-logs",
    response=WorkLogPage,
    summary="記録した作業時間の一覧（日付順）",
)
def list_work_logs(request, engagement_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    engagement = load_engagement(request, engagement_id)
    rows = WorkLog.objects.filter(engagement=engagement).order_by("worked_on", "id")
    return paginate(rows, page, page_size, WorkLogOut.of)


@router.post(
    "/engagements/{engagement_id}/work-logs", response={201: WorkLogOut}, summary="作業時間を記録する"
)
def create_work_log(request, engagement_id: Id, payload: WorkLogIn):
    engagement = load_engagement(request, engagement_id, change=True)
    data = payload.dict()
    entry = domain.add_work_log(
        engagement,
        by=request.user,
        worked_on=data["worked_on"],
        kind=data["kind"],
        minutes=data["minutes"],
        note=data["note"],
        worker=_worker(engagement, data["worker"]),
    )
    return Status(201, WorkLogOut.of(entry))


@router.get(
    "/engagements/{engagement_id}/work-logs/{work_log_id}", response=WorkLogOut, summary="記録した作業時間"
)
def read_work_log(request, engagement_id: Id, work_log_id: Id):
    engagement = load_engagement(request, engagement_id)
    return WorkLogOut.of(load_record(WorkLog, request, engagement, work_log_id))


@router.patch(
    "/engagements/{engagement_id}/work-logs/{work_log_id}", response=WorkLogOut, summary="作業時間の変更"
)
def update_work_log(request, engagement_id: Id, work_log_id: Id, payload: WorkLogPatch):
    engagement = load_engagement(request, engagement_id)
    entry = load_record(WorkLog, request, engagement, work_log_id, change=True)
    fields, version = patch_body(request, payload)
    fields = {k: v for k, v in fields.items() if v is not None}
    if "worker" in fields:
        fields["worker"] = _worker(engagement, fields["worker"])
    return WorkLogOut.of(domain.update_work_log(entry, by=request.user, expected_version=version, **fields))


@router.delete(
    "/engagements/{engagement_id}/work-logs/{work_log_id}",
    response={204: None},
    summary="作業時間の削除（version を ?version= か If-Match で指定）",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def delete_work_log(request, engagement_id: Id, work_log_id: Id, version: Version | None = None):
    engagement = load_engagement(request, engagement_id)
    entry = load_record(WorkLog, request, engagement, work_log_id, change=True)
    domain.delete_work_log(entry, by=request.user, expected_version=required_version(request, version))
    return Status(204, None)


@router.get(
    "/engagements/{engagement_id}/time-sheet",
    response=TimeSheetOut,
    summary="従事時間管理表（対話記録の所要時間と記録した作業時間。月別・区分別の合計）",
    description="month（YYYY-MM）でその月だけ。区分: "
    + "・".join(f"{k} {v}" for k, v in timesheet.KIND_LABELS.items()),
)
def time_sheet(request, engagement_id: Id, month: Annotated[MonthText | None, Query()] = None):
    engagement = load_engagement(request, engagement_id)
    first = last = None
    if month:
        year, number = (int(part) for part in month.split("-"))
        if not (2000 <= year <= 2100 and 1 <= number <= 12):
            raise ValidationError({"month": "月は 2000-01〜2100-12 の YYYY-MM で指定してください。"})
        first = dt.date(year, number, 1)
        last = (dt.date(year + number // 12, number % 12 + 1, 1)) - dt.timedelta(days=1)
    entries = domain.engagement_entries(engagement, first=first, last=last)
    sums = timesheet.totals(entries)
    kinds = list(timesheet.KIND_LABELS)
    return TimeSheetOut(
        engagement=engagement.pk,
        total_minutes=sums.total,
        months=[
            TimeSheetMonthOut(
                month=row["month"],
                minutes=row["minutes"],
                by_kind=dict(zip(kinds, row["kinds"], strict=True)),
            )
            for row in sums.month_rows()
        ],
        entries=[
            TimeSheetEntryOut(
                day=e.day,
                worker=e.worker,
                kind=e.kind,
                kind_label=e.kind_label,
                content=e.content,
                minutes=e.minutes,
                work_log=e.log_id,
                dialogue=e.dialogue_id,
            )
            for e in entries
        ],
    )
