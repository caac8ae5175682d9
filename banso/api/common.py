"""Pieces every API router shares: the bounded id and page types, paged list responses, the
version every change of an existing record must name (If-Match or `version`) and what a PATCH body
gives (patch_body), and the version and times every record's answer ends with (stamps)."""

from __future__ import annotations

import re
from typing import Annotated

from ninja import Field, Schema
from ninja.errors import HttpError

from banso.core.pagination import MAX_ID, MAX_PAGE

MAX_PAGE_SIZE = 500

# Every reference to a record (body fields and path parameters): a path id out of range is a 404
# (errors.py), a body reference out of range a 422 — never a number the database cannot hold.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE, description="ページ番号（1 から）")]
PageSize = Annotated[
    int, Field(ge=1, le=MAX_PAGE_SIZE, description=f"1 ページの件数（{MAX_PAGE_SIZE} まで）")
]
# Fiscal years (the calendar year in which the fiscal year ends).
FiscalYear = Annotated[int, Field(ge=1900, le=2200)]
# Amounts in yen (±1,000 兆円, far inside the database's 64-bit integers).
MAX_YEN = 10**15
Yen = Annotated[int, Field(ge=-MAX_YEN, le=MAX_YEN)]
# Versions count edits of one record.
Version = Annotated[int, Field(ge=1, le=MAX_ID)]

VERSION_HELP = (
    "変更する版（取得時の version）。既存の記録を変更するときは、この項目か If-Match ヘッダーのどちらかで"
    "必ず指定してください（なければ 428）。他者が先に更新していた場合は 409 になります。"
)
VERSION_REQUIRED_MESSAGE = (
    "変更する版の指定が必要です。取得時の version を本文の version か If-Match ヘッダー"
    '（例: If-Match: "3"）で送ってください。他の方の更新を上書きしないための確認です。'
)
IF_MATCH_INVALID_MESSAGE = 'If-Match ヘッダーは版の番号で指定してください（例: If-Match: "3"）。'
VERSION_MISMATCH_MESSAGE = (
    "本文の version と If-Match ヘッダーの版が一致しません。どちらか一方にしてください。"
)

# For a POST that changes an existing record and so names its version (PUT and PATCH get it from
# errors.document_errors): `openapi_extra={"responses": PRECONDITION_REQUIRED}`.
PRECONDITION_REQUIRED = {
    "428": {
        "description": "変更する版（version または If-Match）の指定が必要です",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}
# For a route without a path id that still answers 404 (a company_id filter of another organization).
NOT_FOUND_RESPONSE = {
    "description": "見つかりません（他の支援機関のデータ・存在しない ID も同じ）",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}

_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,16})"?\s*$')


class Page(Schema):
    """A page of a list: subclasses add `results: list[<Out>]`."""

    count: int
    page: int
    page_size: int


def paginate(queryset, page: int, page_size: int, to_out, *, max_page_size: int = MAX_PAGE_SIZE) -> dict:
    """One page of `queryset` (or a list) as {count, page, page_size, results}; sizes are clamped."""
    page_size = max(1, min(page_size, max_page_size))
    page = max(1, min(page, MAX_PAGE))
    count = queryset.count() if hasattr(queryset, "query") else len(queryset)
    rows = queryset[(page - 1) * page_size : page * page_size]
    return {"count": count, "page": page, "page_size": page_size, "results": [to_out(r) for r in rows]}


def required_version(request, body_version: int | None, *, required: bool = True) -> int | None:
    """The version a change names: `version` in the body or the If-Match header ("3", 3 or W/"3").

    Without either, a change of an existing record is refused with 428 (`required=False` for a PUT
    that creates the record). Both given and different is a 422. A stale one is the domain's 409."""
    header = request.headers.get("If-Match")
    header_version = None
    if header is not None:
        match = _IF_MATCH.match(header)
        if match is None:
            raise HttpError(422, IF_MATCH_INVALID_MESSAGE)
        header_version = int(match.group(1))
    if body_version is not None and header_version is not None and body_version != header_version:
        raise HttpError(422, VERSION_MISMATCH_MESSAGE)
    version = body_version if body_version is not None else header_version
    if version is None and required:
        raise HttpError(428, VERSION_REQUIRED_MESSAGE)
    return version


def blank_for_null(fields: dict, names) -> dict:
    """Text fields named in `names` that a change sends as null are stored blank ("")."""
    for name in names:
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


def patch_body(request, payload, *, blank=(), required: bool = True) -> tuple[dict, int | None]:
    """What a change sends: the fields given (those named in `blank` sent as null become "") and the
    version it starts from, out of the body or If-Match (see required_version: 428 without one)."""
    fields = blank_for_null(payload.dict(exclude_unset=True), blank)
    return fields, required_version(request, fields.pop("version", None), required=required)


def as_float(value) -> float | None:
    """A Decimal (a ratio, a KPI value, a mean) as a JSON number; None stays None."""
    return None if value is None else float(value)


def stamps(record) -> dict:
    """The version and the created / updated times every record's answer ends with."""
    return {"version": record.version, "created_at": record.created_at, "updated_at": record.updated_at}
