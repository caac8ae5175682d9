"""Field rules of the engagement models, in Japanese, shared by forms, the API and the domain."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible

# Attachments: PDF, images (tablet photos included) and Office files. *(Banso rule)*
ATTACHMENT_EXTENSIONS = (
    "pdf",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "heic",
    "heif",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "csv",
    "txt",
)
ATTACHMENT_TYPES_LABEL = "PDF・画像（JPEG・PNG・HEIC など）・Word・Excel・PowerPoint・CSV・テキスト"


def range_validators(low: int, high: int, label: str) -> list:
    """Min/Max validators whose message names the field and the allowed range."""
    # Django formats the message with %-params: a "%" in the label (賃上げ率（%）) must be doubled.
    message = f"{label}は{low}〜{high}の範囲で入力してください。".replace("%", "%%")
    return [MinValueValidator(low, message), MaxValueValidator(high, message)]


def validate_not_blank(value: str) -> None:
    if not (value or "").strip():
        raise ValidationError("空白だけの入力はできません。文字を入力してください。", code="blank")


def format_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def not_before_start_message(started_on: dt.date) -> str:
    return (
        f"案件の開始日（{format_date(started_on)}）より前の日付は入力できません。"
        "日付を確かめるか、案件の開始日を見直してください。"
    )


def future_date_message() -> str:
    return "未来の日付は入力できません。実際に行った日を入力してください。"


@deconstructible(path="banso.engagements.validators.AttachmentFileValidator")
class AttachmentFileValidator:
    """Type (by extension) and size limits of a dialogue attachment, checked before it is read."""

    def __call__(self, file) -> None:
        name = getattr(file, "name", "") or ""
        suffix = PurePosixPath(name).suffix.lower().lstrip(".")
        if suffix not in ATTACHMENT_EXTENSIONS:
            raise ValidationError(
                f"「{PurePosixPath(name).name}」は添付できない種類のファイルです。"
                f"添付できるのは {ATTACHMENT_TYPES_LABEL} です。",
                code="file_type",
            )
        limit = settings.BANSO_MAX_UPLOAD_BYTES
        size = getattr(file, "size", 0) or 0
        if size > limit:
            raise ValidationError(
                f"「{PurePosixPath(name).name}」は大きすぎます（{_megabytes(size)}）。"
                f"添付できるのは 1 ファイル {_megabytes(limit)} までです。",
                code="file_size",
            )
        if size == 0:
            raise ValidationError(
                f"「{PurePosixPath(name).name}」は空のファイルです。内容のあるファイルを選んでください。",
                code="file_empty",
            )

    def __eq__(self, other):
        return isinstance(other, AttachmentFileValidator)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def choice_errors(label: str) -> dict:
    """error_messages for a field with choices: which field, and that the value must come from the list."""
    return {"invalid_choice": f"{label}は一覧から選んでください（入力: %(value)s）。"}


def range_choice_errors(label: str, low: int, high: int) -> dict:
    """error_messages for a rating with choices, so 7 on a 0–3 scale says the range, not just "invalid"."""
    return {"invalid_choice": f"{label}は{low}〜{high}の範囲で入力してください。"}
