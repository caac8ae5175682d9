"""Exporter base (pretix style): small classes whose `render()` returns (filename, content type, bytes).

Views and API handlers turn an ExportFile into a download with `download_response`; the file name
is meaningful and Japanese-safe (RFC 5987), e.g. 支援経過報告書_有限会社丸山精工_2026年11月.pdf.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\r\n\t]+')


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def safe_filename(*parts: str, extension: str) -> str:
    """Join parts with '_' and drop characters that break file systems.

    ('報告書', '株式会社A/B') → '報告書_株式会社A_B'."""
    name = "_".join(_UNSAFE_FILENAME.sub("_", part).strip() for part in parts if part)
    return f"{name}.{extension}"


def download_response(export: ExportFile, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    ascii_fallback = export.filename.encode("ascii", "ignore").decode() or "download"
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(export.filename)}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


class Exporter(ABC):
    """Subclasses set `content_type` and implement `render(**kwargs) -> ExportFile`.

    Slow libraries (reportlab, openpyxl) are imported inside `render`, not at module top.
    """

    content_type: str = ""

    @abstractmethod
    def render(self, **kwargs) -> ExportFile: ...
