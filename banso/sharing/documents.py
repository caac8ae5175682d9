"""The consent document a supporter attaches when recording the owner's documented consent: a PDF
or a photo/scan, bounded in size, checked by its first bytes as well as its name (a renamed
executable or an empty file is refused before anything is stored)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError

DOCUMENT_TYPES_LABEL = "PDF・画像（JPEG・PNG・HEIC）"
_MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
    "heif": "image/heif",
}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_document(upload) -> str:
    """The document's extension when it is acceptable, else ValidationError on `document`."""
    name = PurePosixPath(getattr(upload, "name", "") or "").name
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            {
                "document": (
                    f"「{name}」は同意書として添付できない種類のファイルです。"
                    f"{DOCUMENT_TYPES_LABEL}を選んでください。"
                )
            }
        )
    size = getattr(upload, "size", 0) or 0
    limit = settings.BANSO_MAX_UPLOAD_BYTES
    if size <= 0:
        raise ValidationError(
            {"document": f"「{name}」は空のファイルです。内容のあるファイルを選んでください。"}
        )
    if size > limit:
        raise ValidationError(
            {
                "document": (
                    f"「{name}」は大きすぎます（{_megabytes(size)}）。"
                    f"添付できるのは {_megabytes(limit)} までです。"
                )
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension in ("heic", "heif"):
        ok = head[4:8] == b"ftyp"
    else:
        ok = any(head.startswith(magic) for magic in _MAGIC[extension])
    if not ok:
        raise ValidationError(
            {
                "document": (
                    f"「{name}」の中身が拡張子（.{extension}）と一致しません。"
                    f"{DOCUMENT_TYPES_LABEL}を選んでください。"
                )
            }
        )
    return extension
