"""/api/v1/companies/{company_id}/sales-mix/imports and /api/v1/sales-mix-imports/{id}: the import of a
売上構成比・粗利管理表 file (upload → preview → commit or discard), through
banso.monitoring.domain.segment_imports. A refused file is a 4xx with a Japanese `detail` naming row and
column (413 when too big) and keeps nothing."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from banso.api.common import PRECONDITION_REQUIRED, VERSION_HELP, FiscalYear, Id, Version, required_version
from banso.api.jobs import ASYNC_HELP, PREFER_PARAMETER, JobAcceptedOut
from banso.api.monitoring._common import company_record, editable_company, month_text, uploaded
from banso.monitoring import jobs as monitoring_jobs
from banso.monitoring.domain import segment_imports as domain
from banso.monitoring.models import SegmentImport

router = Router(tags=["monitoring"])

FIELD_HELP = (
    "plan_sales 計画売上高 / plan_gross_profit 計画粗利 / "
    "actual_sales 実績売上高 / actual_gross_profit 実績粗利"
)


class SegmentPreviewOut(Schema):
    name: str
    kind: Literal["product", "customer", "channel"]
    is_new: bool = Field(description="まだない区分（確定すると作られます）")
    months: dict[str, dict[str, int]] = Field(description="{YYYY-MM: {項目: 円}}（" + FIELD_HELP + "）")
    totals: dict[str, int] = Field(description="ファイルの月の合計 {項目: 円}")


class ReconciliationOut(Schema):
    month: str
    line: str = Field(description="売上高 / 売上総利益")
    segments_total: int = Field(description="確定後の区分の実績の合計（円）")
    ledger: int = Field(description="月次実績（円）")
    difference: int


class MixChecksumOut(Schema):
    label: str
    row: int
    side: Literal["plan", "actual"]
    figure: Literal["sales", "gross_profit"]
    month: str
    stated: int
    computed: int
    difference: int


class SegmentImportOut(Schema):
    id: int
    company: int
    filename: str
    size: int
    sha256: str
    status: Literal["preview", "committed", "discarded"]
    months: list[str]
    fields: list[str] = Field(description="ファイルにある項目（" + FIELD_HELP + "）")
    segments: list[SegmentPreviewOut]
    totals: dict[str, dict[str, int]] = Field(description="{YYYY-MM: {項目: 区分の合計（円）}}")
    reconciliations: list[ReconciliationOut] = Field(
        description="月次実績の売上高・売上総利益がある月の照合（確定後の区分の合計と比べます）"
    )
    checksum_differences: list[MixChecksumOut] = Field(description="ファイルの合計行と区分の合計の差")
    overwrites: int = Field(description="確定すると値が変わる、すでに入力済みの金額の数")
    warnings: list[str]
    uploaded_by: int
    uploaded_at: dt.datetime
    committed_by: int | None
    committed_at: dt.datetime | None
    version: int

    @staticmethod
    def of(record: SegmentImport) -> SegmentImportOut:
        preview = domain.segment_import_preview(record)
        parsed = preview.parsed
        return SegmentImportOut(
            id=record.pk,
            company=record.company_id,
            filename=record.filename,
            size=record.size,
            sha256=record.sha256,
            status=record.status,
            months=[month_text(m) for m in preview.months],
            fields=preview.fields,
            segments=[
                SegmentPreviewOut(
                    name=s.name,
                    kind=s.kind,
                    is_new=s.is_new,
                    months={month_text(m): values for m, values in sorted(s.months.items())},
                    totals=s.totals,
                )
                for s in preview.segments
            ],
            totals={month_text(m): values for m, values in preview.totals.items()},
            reconciliations=[
                ReconciliationOut(
                    month=month_text(r.month),
                    line=r.label,
                    segments_total=int(r.segments_total),
                    ledger=int(r.ledger),
                    difference=int(r.difference),
                )
                for r in preview.reconciliations
            ],
            checksum_differences=[
                MixChecksumOut(
                    label=c.label,
                    row=c.row,
                    side=c.side,
                    figure=c.figure,
                    month=month_text(c.month),
                    stated=c.stated,
                    computed=c.computed,
                    difference=c.difference,
                )
                for c in parsed.checksum_differences
            ],
            overwrites=preview.overwrites,
            warnings=preview.warnings,
            uploaded_by=record.uploaded_by_id,
            uploaded_at=record.uploaded_at,
            committed_by=record.committed_by_id,
            committed_at=record.committed_at,
            version=record.version,
        )


class VersionIn(Schema):
    version: Version | None = Field(None, description="取込の取得時の version。" + VERSION_HELP)


class SegmentCommittedOut(Schema):
    sales_mix_import: SegmentImportOut
    months: list[str] = Field(description="取り込んだ月（YYYY-MM）")
    created_segments: int = Field(description="新しく作った区分の数")
    changed: int = Field(description="作成・変更した区分の月次行の数")


def _import(request, import_id: int, *, change: bool = False) -> SegmentImport:
    return company_record(request, SegmentImport, import_id, change=change)


@router.post(
    "/companies/{company_id}/sales-mix/imports",
    response={201: SegmentImportOut, 202: JobAcceptedOut},
    summary="売上構成比・粗利管理表の取込（アップロードとプレビュー）",
    description="区分（商品・得意先・販路）ごと・月ごとの売上高と粗利（計画・実績）の CSV / .xlsx を"
    "読み取り、"
    "確定の前のプレビュー（区分、月、合計、月次実績の売上高・売上総利益との照合）を返します。"
    "この時点では何も書き込みません。side: 計画・実績の列がないときの扱い（既定 actual）、"
    "kind: 種類の列がないときの区分の種類、unit: yen / thousand（省略時はファイルの「単位：千円」で判断）。"
    + ASYNC_HELP,
    openapi_extra={"parameters": [PREFER_PARAMETER]},
)
def upload(
    request,
    response: HttpResponse,
    company_id: Id,
    file: File[UploadedFile | None] = None,
    side: Form[Literal["actual", "plan"]] = "actual",
    kind: Form[Literal["product", "customer", "channel"]] = "product",
    unit: Form[Literal["yen", "thousand"] | None] = None,
    fiscal_year: Form[FiscalYear | None] = None,
):
    return uploaded(
        request,
        response,
        editable_company(request, company_id, SegmentImport),
        file,
        start_job=monitoring_jobs.start_segment_import,
        read=domain.upload_segment_import,
        answer=SegmentImportOut.of,
        side=side,
        kind=kind,
        unit=unit,
        fiscal_year=fiscal_year,
    )


@router.get(
    "/sales-mix-imports/{segment_import_id}",
    response=SegmentImportOut,
    summary="売上構成比・粗利管理表の取込（プレビュー）",
    url_name="sales_mix_import",
)
def read_import(request, segment_import_id: Id):
    return SegmentImportOut.of(_import(request, segment_import_id))


@router.post(
    "/sales-mix-imports/{segment_import_id}/commit",
    response=SegmentCommittedOut,
    summary="売上構成比・粗利管理表の取込の確定",
    description="ない区分を作り、ファイルにある区分・月・項目の金額をすべて書き込むか、何も書き込まないかの"
    "どちらかです（ファイルの空欄はそのまま）。取込の version（本文か If-Match）が必要です。"
    "すでに確定・破棄済みなら 400。",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def commit(request, segment_import_id: Id, payload: VersionIn):
    record = _import(request, segment_import_id, change=True)
    expected = required_version(request, payload.version)
    outcome = domain.commit_segment_import(record, by=request.user, expected_version=expected)
    return SegmentCommittedOut(
        sales_mix_import=SegmentImportOut.of(_import(request, segment_import_id)),
        months=[str(m) for m in outcome.months],
        created_segments=outcome.created_segments,
        changed=outcome.changed_rows,
    )


@router.post(
    "/sales-mix-imports/{segment_import_id}/discard",
    response=SegmentImportOut,
    summary="売上構成比・粗利管理表の取込の取りやめ",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def discard(request, segment_import_id: Id, payload: VersionIn):
    record = _import(request, segment_import_id, change=True)
    expected = required_version(request, payload.version)
    return SegmentImportOut.of(
        domain.discard_segment_import(record, by=request.user, expected_version=expected)
    )
