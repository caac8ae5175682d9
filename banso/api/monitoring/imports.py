"""/api/v1/companies/{company_id}/imports, /account-mapping and /api/v1/imports/{id}: the import flow of
accounting files (upload → preview → map the accounts → commit or discard), through
banso.monitoring.domain.imports. A refused file is a 4xx with a Japanese `detail` (413 when too big)
and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Field, File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from banso.api.common import (
    PRECONDITION_REQUIRED,
    VERSION_HELP,
    FiscalYear,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    required_version,
)
from banso.api.jobs import ASYNC_HELP, PREFER_PARAMETER, JobAcceptedOut
from banso.api.monitoring._common import company, company_record, editable_company, refused, uploaded
from banso.core.spreadsheets import UploadError
from banso.monitoring import jobs as monitoring_jobs
from banso.monitoring.domain import imports as import_domain
from banso.monitoring.domain.actuals import VersionRequired
from banso.monitoring.engines.imports import LAYOUT_LABELS, LAYOUTS, ImportProblem
from banso.monitoring.models import AccountingImport, AccountMapping

router = Router(tags=["monitoring"])

LayoutKey = Literal[LAYOUTS]  # type: ignore[valid-type]


class UnmappedOut(Schema):
    name: str
    kind: str = Field(description="pl: 損益の科目 / bs: 残高の科目")
    total: int | str | None = Field(description="ファイルでの合計（円）")
    suggestion: str | None = Field(description="候補の行")


class ChecksumOut(Schema):
    label: str = Field(description="ファイルの合計行の名前")
    row: int | None = Field(description="ファイルの行番号（1から）")
    month: str
    stated: int | str = Field(description="ファイルの合計行の値（円）")
    computed: int | str = Field(description="明細から計算した値（円）")
    difference: int | str


class SameFileOut(Schema):
    id: int = Field(description="同じファイルを確定した取込の id")
    filename: str
    committed_at: dt.datetime | None
    committed_by: int | None


class NoticesOut(Schema):
    messages: list[str] = Field(description="確定の前に確認してほしいこと（日本語の文）")
    months_with_actuals: list[str] = Field(
        description="すでに月次実績がある月（YYYY-MM）。確定するとファイルにある行は上書きされます"
    )
    reported_months: list[str] = Field(
        description="発行済みの報告書の対象の月（YYYY-MM）。変わる場合は修正の理由が必要です"
    )
    same_file: SameFileOut | None = Field(
        description="同じファイル（SHA-256 が一致）をすでに確定した取込（最新のもの）。なければ null"
    )


class ImportOut(Schema):
    id: int
    company: int
    filename: str
    size: int
    sha256: str
    layout: str = Field(description="読み取った形式（" + "・".join(LAYOUTS) + "）")
    layout_label: str
    status: Literal["preview", "committed", "discarded"]
    months: list[str] = Field(description="ファイルにあった月（YYYY-MM）")
    totals: dict[str, dict[str, int | str]] = Field(description="{科目: {YYYY-MM: 円}}")
    unmapped_accounts: list[UnmappedOut] = Field(description="対応先の決まっていない勘定科目")
    checksum_differences: list[ChecksumOut] = Field(description="ファイルの合計行と明細の合計の差")
    warnings: list[str]
    uploaded_by: int
    uploaded_at: dt.datetime
    committed_by: int | None
    committed_at: dt.datetime | None
    version: int
    notices: NoticesOut | None = Field(
        None,
        description="確認待ちの取込のプレビューの注意（既存の実績の上書き、発行済みの報告書、同じファイルの"
        "再取込）。取込1件の取得とアップロードの応答にだけ含まれ、一覧では null です。",
    )

    @staticmethod
    def of(record: AccountingImport, *, notices: bool = False) -> ImportOut:
        preview = record.preview or {}
        found = import_domain.preview_notices(record) if notices else None
        return ImportOut(
            id=record.pk,
            company=record.company_id,
            filename=record.filename,
            size=record.size,
            sha256=record.sha256,
            layout=record.layout,
            layout_label=LAYOUT_LABELS.get(record.layout, record.layout),
            status=record.status,
            months=preview.get("months", []),
            totals=preview.get("totals", {}),
            unmapped_accounts=preview.get("unmapped_accounts", []),
            checksum_differences=preview.get("checksum_differences", []),
            warnings=preview.get("warnings", []),
            uploaded_by=record.uploaded_by_id,
            uploaded_at=record.uploaded_at,
            committed_by=record.committed_by_id,
            committed_at=record.committed_at,
            version=record.version,
            notices=None
            if found is None
            else NoticesOut(
                messages=found.messages,
                months_with_actuals=[str(m) for m in found.existing_months],
                reported_months=[str(m) for m in found.reported_months],
                same_file=None
                if found.same_file is None
                else SameFileOut(
                    id=found.same_file.pk,
                    filename=found.same_file.filename,
                    committed_at=found.same_file.committed_at,
                    committed_by=found.same_file.committed_by_id,
                ),
            ),
        )


class ImportPage(Page):
    results: list[ImportOut]


class CommitIn(Schema):
    correction_reason: str = Field(
        "", max_length=2000, description="発行済みの報告書に含まれる月を変更するときの修正の理由（必須）"
    )
    version: Version | None = Field(None, description="取込の取得時の version。" + VERSION_HELP)
    accept_checksum_differences: bool = Field(
        False,
        description="ファイルの合計行と明細の合計の不一致（checksum_differences）を確認のうえ、"
        "明細の額で取り込むとき true。不一致があって false なら 400 で何も書き込みません。",
    )


class DiscardIn(Schema):
    version: Version | None = Field(None, description="取込の取得時の version。" + VERSION_HELP)


class CommittedOut(Schema):
    accounting_import: ImportOut = Field(description="確定後の取込")
    months: list[str] = Field(description="取り込んだ月（YYYY-MM）")
    created: int
    changed: int
    corrections: int


class MappingOut(Schema):
    mapping: dict[str, str] = Field(description="{勘定科目名: 行（科目キー）または ignore}")
    version: int | None = Field(description="まだ対応がないときは null")


class MappingIn(Schema):
    mapping: dict[str, str] = Field(
        description="{勘定科目名: 行（科目キー）または ignore}。全体を置き換えます"
    )
    version: Version | None = Field(
        None, description="取得時の version（まだ対応がないときは不要）。" + VERSION_HELP
    )


def _import(request, import_id: int, *, change: bool = False) -> AccountingImport:
    return company_record(request, AccountingImport, import_id, change=change)


@router.get(
    "/companies/{company_id}/imports", response=ImportPage, summary="会計データの取込の一覧（新しい順）"
)
def list_imports(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    found = company(request, company_id)
    rows = AccountingImport.objects.filter(company=found).order_by("-uploaded_at", "-id")
    return paginate(rows, page, page_size, ImportOut.of)


@router.post(
    "/companies/{company_id}/imports",
    response={201: ImportOut, 202: JobAcceptedOut},
    summary="会計データの取込（アップロードとプレビュー）",
    description="月次推移表・残高試算表（freee・マネーフォワード・弥生・汎用）や仕訳帳の"
    " CSV / .xlsx を読み取り、"
    "取り込む前のプレビュー（月、科目ごとの合計、対応先のない勘定科目、ファイルの合計行との差）を返します。"
    "この時点では実績に何も書き込みません。読み取れないファイルは日本語の detail とともに 4xx"
    "（大きすぎるときは 413）で、何も保存しません。" + ASYNC_HELP,
    openapi_extra={"parameters": [PREFER_PARAMETER]},
)
def upload(
    request,
    response: HttpResponse,
    company_id: Id,
    file: File[UploadedFile | None] = None,
    layout: Form[LayoutKey | None] = None,
    fiscal_year: Form[FiscalYear | None] = None,
    cumulative_ok: Form[bool] = False,
):
    return uploaded(
        request,
        response,
        editable_company(request, company_id, AccountingImport),
        file,
        start_job=monitoring_jobs.start_accounting_import,
        read=import_domain.upload_import,
        answer=lambda record: ImportOut.of(record, notices=True),
        layout=layout,
        fiscal_year=fiscal_year,
        cumulative_ok=cumulative_ok,
    )


@router.get(
    "/imports/{import_id}",
    response=ImportOut,
    summary="会計データの取込（プレビュー）",
    url_name="accounting_import",
)
def read_import(request, import_id: Id):
    return ImportOut.of(_import(request, import_id), notices=True)


@router.post(
    "/imports/{import_id}/commit",
    response=CommittedOut,
    summary="取込の確定（月次実績への書き込み）",
    description="ファイルにあった月・科目の実績を、すべて書き込むか何も書き込まないかのどちらかです。"
    "対応先の決まっていない勘定科目が残っている、"
    "合計行の不一致を accept_checksum_differences で確認していない、"
    "発行済みの報告書に含まれる月を修正の理由なしに変える、"
    "すでに確定・破棄済み、のいずれかなら 400 です。取込の version（本文か If-Match）が必要です。",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def commit(request, import_id: Id, payload: CommitIn):
    record = _import(request, import_id, change=True)
    expected = required_version(request, payload.version)
    try:
        outcome = import_domain.commit_import(
            record,
            by=request.user,
            correction_reason=payload.correction_reason,
            expected_version=expected,
            accept_checksum_differences=payload.accept_checksum_differences,
        )
    except (UploadError, ImportProblem) as error:
        raise refused(error) from None
    return CommittedOut(
        accounting_import=ImportOut.of(_import(request, import_id)),
        months=[str(m) for m in outcome.months],
        created=len(outcome.saved.created),
        changed=len(outcome.saved.changed),
        corrections=outcome.saved.corrections,
    )


@router.post(
    "/imports/{import_id}/discard",
    response=ImportOut,
    summary="取込の取りやめ",
    description="確認待ちの取込を、何も書き込まずに取りやめます（ファイルは記録として残ります）。",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def discard(request, import_id: Id, payload: DiscardIn):
    record = _import(request, import_id, change=True)
    expected = required_version(request, payload.version)
    return ImportOut.of(import_domain.discard_import(record, by=request.user, expected_version=expected))


# --- the account mapping ----------------------------------------------------------------------------


@router.get("/companies/{company_id}/account-mapping", response=MappingOut, summary="勘定科目の対応")
def read_mapping(request, company_id: Id):
    found = company(request, company_id)
    current = AccountMapping.objects.filter(company=found).first()
    if current is None:
        return MappingOut(mapping={}, version=None)
    return MappingOut(mapping=current.mapping, version=current.version)


@router.put(
    "/companies/{company_id}/account-mapping",
    response=MappingOut,
    summary="勘定科目の対応の保存",
    description="会社ごとの {勘定科目名: 行} を置き換えます。最初の保存には version は不要、変更には必要です"
    "（なければ 428）。確認待ちの取込のプレビューは新しい対応で読み直されます。",
)
def save_mapping(request, company_id: Id, payload: MappingIn):
    found = editable_company(request, company_id, AccountMapping)
    exists = AccountMapping.objects.filter(company=found).exists()
    expected = required_version(request, payload.version, required=exists)
    try:
        saved = import_domain.save_account_mapping(
            found, by=request.user, mapping=payload.mapping, expected_version=expected
        )
    except VersionRequired as error:
        raise HttpError(428, error.message) from None
    return MappingOut(mapping=saved.mapping, version=saved.version)
