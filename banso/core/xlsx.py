"""Excel helpers: real numbers (not text), Japanese number formats, and user text that never runs.

Formula injection: openpyxl stores a string starting with "=" as a live formula. Every workbook
built here goes through `xlsx_file`, which turns such cells back into text and marks them with
Excel's quote prefix (shown as typed, without a visible apostrophe). `safe_text` is the CSV guard
(an apostrophe before = + - @); in a workbook its apostrophe is replaced by the quote prefix too.

Control characters: a workbook cannot hold C0 controls other than tab and line breaks (openpyxl
raises, which was a 500 on any export of a record holding a vertical tab pasted from Excel).
`safe_text` drops them (core.text.printable), so every user text written to a cell goes through it.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from banso.core.exporters import XLSX, ExportFile
from banso.core.text import printable

YEN_FORMAT = '#,##0;"△"#,##0'
THOUSAND_YEN_FORMAT = '#,##0,;"△"#,##0,'  # a yen value shown in 千円
PERCENT_FORMAT = '0.0%;"△"0.0%'
DECIMAL1_FORMAT = '#,##0.0;"△"#,##0.0'
DATE_FORMAT = "yyyy/mm/dd"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def safe_text(value):
    """User text for a CSV field or cell: never a formula (OWASP: prefix an apostrophe), never a
    control character a workbook cannot hold."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def cell_value(value):
    """Decimal → float only for display cells (openpyxl has no Decimal); text → safe_text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return safe_text(value)


def sheet_title(text: str) -> str:
    """Excel sheet titles: at most 31 characters, none of []:*?/\\."""
    return _BAD_TITLE.sub("_", printable(text))[:31] or "Sheet"


def neutralise_formulas(workbook) -> None:
    """Make every formula-looking cell plain text shown as typed (see the module docstring)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                if value[:1] == "'" and value[1:2] and value[1:].startswith(_FORMULA_START):
                    cell.value = value[1:]
                elif cell.data_type != "f":
                    continue
                cell.data_type = "s"
                cell.quotePrefix = True


def workbook_bytes(workbook) -> bytes:
    neutralise_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(filename: str, workbook) -> ExportFile:
    return ExportFile(filename=filename, content_type=XLSX, content=workbook_bytes(workbook))
