"""Excel helpers: real numbers (not text), Japanese number formats, and escaped user text.

A cell value starting with = + - @ (or a tab / carriage return) would become a live formula in
Excel; user text is prefixed with an apostrophe-like quote so it stays text (formula injection).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from banso.core.exporters import XLSX, ExportFile

YEN_FORMAT = '#,##0;"△"#,##0'
THOUSAND_YEN_FORMAT = '#,##0,;"△"#,##0,'  # a yen value shown in 千円
PERCENT_FORMAT = '0.0%;"△"0.0%'
DECIMAL1_FORMAT = '#,##0.0;"△"#,##0.0'
DATE_FORMAT = "yyyy/mm/dd"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def safe_text(value):
    """User text for a cell: never a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def cell_value(value):
    """Decimal → float only for display cells (openpyxl has no Decimal); text → safe_text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return safe_text(value)


def sheet_title(text: str) -> str:
    """Excel sheet titles: at most 31 characters, none of []:*?/\\."""
    return _BAD_TITLE.sub("_", text)[:31] or "Sheet"


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(filename: str, workbook) -> ExportFile:
    return ExportFile(filename=filename, content_type=XLSX, content=workbook_bytes(workbook))
