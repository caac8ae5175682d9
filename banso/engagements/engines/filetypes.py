"""What an uploaded attachment really is, judged by its content, not its name (no Django import).

The extension whitelist and the size limit (validators.AttachmentFileValidator) are checked first,
before the file is read. Then the first bytes must match the kind the extension promises: an .exe
renamed to .pdf starts with "MZ", not "%PDF", and is refused. Office files are ZIP (docx/xlsx/pptx,
with the part that names the application inside) or OLE compound documents (doc/xls/ppt); CSV and
text must decode as UTF-8 or Shift_JIS (cp932) and contain no NUL bytes.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

HEAD_BYTES = 8192
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Executables and scripts are refused whatever their name says.
EXECUTABLE_MAGICS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "heif": "image/heif",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "csv": "text/csv",
    "txt": "text/plain",
}
# Types a browser may show inline (everything else is downloaded).
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp"})
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


class ContentMismatch(Exception):
    """The content does not match the extension; the message is Japanese and names the file."""


@dataclass(frozen=True)
class Sniffed:
    extension: str
    content_type: str


def _looks_like(extension: str, head: bytes, stream: BinaryIO) -> bool:
    if extension == "pdf":
        return head.lstrip(b"\r\n\t \xef\xbb\xbf")[:5] == b"%PDF-"
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in ("heic", "heif"):
        return head[4:8] == b"ftyp" and any(brand in head[8:64] for brand in _HEIF_BRANDS)
    if extension in ("doc", "xls", "ppt"):
        return head.startswith(OLE_MAGIC)
    if extension in _OOXML_PART:
        return head.startswith(ZIP_MAGIC) and _zip_has(stream, _OOXML_PART[extension])
    if extension in ("csv", "txt"):
        return _is_text(head)
    return False


def _zip_has(stream: BinaryIO, prefix: str) -> bool:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(0)
    return "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp932"):
        try:
            # The head may end inside a multi-byte character: an incremental decoder waits for it.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniff(stream: BinaryIO, *, name: str, extension: str) -> Sniffed:
    """The content type of `stream` if its content matches `extension`; ContentMismatch otherwise.

    `stream` must be seekable; it is left at position 0."""
    extension = extension.lower().lstrip(".")
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if any(head.startswith(magic) for magic in EXECUTABLE_MAGICS) or not _looks_like(extension, head, stream):
        raise ContentMismatch(
            f"「{name}」はファイル名（.{extension}）と中身の形式が一致しないため、添付できません。"
            "元のファイルをそのまま選び直してください。"
        )
    return Sniffed(extension=extension, content_type=CONTENT_TYPES[extension])
