"""Safe readers for every spreadsheet (.xlsx) and CSV file users upload.

An upload is hostile until read: a 133 KB .xlsx can unpack to 800 MB of sheet XML, a 7 KB one can
claim a cell at A1048576, a CSV can be UTF-16, contain NUL bytes or a million rows. Everything here is
bounded *before* the expensive step, reads each part once as a stream, stops at the caps the caller's
layout needs, and turns every failure into :class:`UploadError` with a Japanese message (HTTP 400, or
413 for a file over its size limit) — never a traceback.

- :func:`read_upload` — the bytes of an uploaded file, refused above ``max_bytes`` before reading.
- :func:`read_xlsx_sheet` — one worksheet of an .xlsx as a grid of :class:`Cell` (the value Excel last
  calculated and the formula, read in one pass of the sheet XML with defusedxml), rows and columns
  capped.
- :func:`read_csv` — a CSV's text and rows: encoding sniffed (UTF-8 with/without BOM, else CP932), rows,
  columns and cell lengths capped, csv errors named by line.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from banso.core.errors import DomainError

__all__ = [
    "Cell",
    "CsvData",
    "Sheet",
    "SheetNotFoundError",
    "UploadError",
    "read_csv",
    "read_upload",
    "read_xlsx_sheet",
]

MB = 1024 * 1024

# Zip limits for an .xlsx. A workbook Excel saves has a dozen or two parts; its XML compresses about
# 5–30:1. Above RATIO_FLOOR an entry must not expand more than MAX_RATIO times (bombs reach 400:1+).
MAX_ZIP_ENTRIES = 300
MAX_RATIO = 100
RATIO_FLOOR = 256 * 1024
DEFAULT_MAX_UNCOMPRESSED = 16 * MB
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

NOT_XLSX_MESSAGE = (
    "Excel ブック（.xlsx）として読み取れません。ファイルが壊れているか、別の形式です。"
    "Excel で「.xlsx」形式で保存したファイルを選んでください。"
)
SUSPICIOUS_MESSAGE = (
    "このファイルは展開すると非常に大きくなるため、安全のため読み取りを中止しました。"
    "Excel で開いて不要なシートや書式を削除し、保存し直してから取り込んでください。"
)


class UploadError(DomainError):
    """An uploaded file cannot be read. ``message`` is Japanese; ``status`` is the HTTP answer."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


class SheetNotFoundError(UploadError):
    """The workbook has no sheet of the requested name (the caller may reword the message)."""


def _size_label(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f}MB".replace(".0MB", "MB")
    return f"{max(size // 1024, 1)}KB"


def too_large(limit: int) -> UploadError:
    return UploadError(
        f"ファイルが大きすぎます（上限 {_size_label(limit)}）。"
        "内容を確認して、小さなファイルにしてください。",
        status=413,
    )


def read_upload(upload, *, max_bytes: int) -> bytes:
    """The content of an uploaded file (Django UploadedFile or any binary file object), refused with a
    413 UploadError when it is larger than ``max_bytes`` — checked before reading when the size is known."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_large(max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise too_large(max_bytes)
    return content


# --- .xlsx -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """``value``: what Excel last calculated (str, int, float, bool, datetime, or an error text such as
    ``"#DIV/0!"``); ``formula``: the formula text without ``=``, or None."""

    value: object = None
    formula: str | None = None

    @property
    def formula_without_result(self) -> bool:
        return self.formula is not None and self.value is None


EMPTY = Cell()


@dataclass
class Sheet:
    """The cells of one worksheet inside the caps, 1-based like Excel. ``truncated`` says the sheet had
    rows or columns beyond the caps (not read)."""

    title: str
    max_rows: int
    max_columns: int
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    truncated: bool = False

    def cell(self, row: int, column: int) -> Cell:
        return self.cells.get((row, column), EMPTY)

    def value(self, row: int, column: int):
        return self.cell(row, column).value

    @property
    def last_row(self) -> int:
        return max((row for row, _ in self.cells), default=0)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element, name: str):
    """An attribute by local name, whatever its namespace (r:id, or Strict OOXML's)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


class _Zip:
    """The checked zip: every entry's declared sizes and ratio verified before anything is inflated."""

    def __init__(self, content: bytes, *, max_uncompressed: int):
        if not content.startswith(b"PK\x03\x04"):
            raise UploadError(NOT_XLSX_MESSAGE)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(content))
            entries = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise UploadError(NOT_XLSX_MESSAGE) from exc
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UploadError(SUSPICIOUS_MESSAGE)
        names: set[str] = set()
        total = 0
        for entry in entries:
            name = entry.filename
            if name in names or name.startswith("/") or ".." in name.split("/") or "\\" in name:
                raise UploadError(NOT_XLSX_MESSAGE)
            names.add(name)
            if entry.flag_bits & 0x1:
                raise UploadError(
                    "パスワードで保護（暗号化）されたファイルは読み取れません。保護を解除して保存し直してください。"
                )
            if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise UploadError(NOT_XLSX_MESSAGE)
            total += entry.file_size
            if entry.file_size > max_uncompressed or total > max_uncompressed:
                raise UploadError(SUSPICIOUS_MESSAGE)
            if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise UploadError(SUSPICIOUS_MESSAGE)
        self.names = names

    def open(self, name: str):
        if name not in self.names:
            raise UploadError(NOT_XLSX_MESSAGE)
        # zipfile stops at the declared size and checks the CRC, so an entry cannot inflate beyond
        # what was checked above.
        return self.zip.open(name)

    def iterparse(self, name: str, events=("end",)):
        from defusedxml.ElementTree import iterparse

        return iterparse(self.open(name), events=events, forbid_dtd=True)


def _parts(archive: _Zip, name: str) -> list:
    """All elements of a small part (rels, workbook): parsed fully, they are bounded by the zip checks."""
    return [element for _, element in archive.iterparse(name)]


def _relationships(archive: _Zip, part: str) -> dict[str, tuple[str, str]]:
    """rId → (type, part path) for a part's relationships."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in archive.names:
        return {}
    found = {}
    for element in _parts(archive, rels_name):
        if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
            continue
        target = element.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[element.get("Id")] = (element.get("Type") or "", posixpath.normpath(path))
    return found


def _workbook_part(archive: _Zip) -> str:
    for kind, path in _relationships(archive, "").values():
        if kind.endswith("/officeDocument"):
            return path
    return "xl/workbook.xml"


_DATE_BUILTINS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])


def _date_styles(archive: _Zip, path: str | None) -> list[bool]:
    """For each cell style index (cellXfs), whether it formats a number as a date or time."""
    if path is None or path not in archive.names:
        return []
    from openpyxl.styles.numbers import is_date_format

    custom: dict[int, str] = {}
    xfs: list[int] = []
    in_cell_xfs = False
    for event, element in archive.iterparse(path, events=("start", "end")):
        tag = _local(element.tag)
        if tag == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and tag == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(element.get("numFmtId", "-1"))] = element.get("formatCode") or ""
        elif event == "end" and tag == "xf" and in_cell_xfs:
            try:
                xfs.append(int(element.get("numFmtId", "0")))
            except ValueError:
                xfs.append(0)
    return [
        (fmt in _DATE_BUILTINS) if fmt not in custom else bool(is_date_format(custom[fmt])) for fmt in xfs
    ]


_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + (ord(char) - 64)
    return number


def _int_attr(value: str | None, limit: int) -> int:
    number = int(value)  # ValueError is mapped by the caller
    if not 1 <= number <= limit:
        raise ValueError(value)
    return number


def read_xlsx_sheet(
    content: bytes,
    *,
    sheet: str | None = None,
    max_rows: int,
    max_columns: int,
    max_bytes: int,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED,
) -> Sheet:
    """One worksheet (``sheet`` by title, or the first one) of an .xlsx upload, read safely.

    Checks, in order: ``len(content) <= max_bytes`` (else 413); it is a zip; at most MAX_ZIP_ENTRIES
    entries, no duplicate/absolute/``..`` names, no encryption, stored/deflate only; each entry's and
    the total uncompressed size ≤ ``max_uncompressed_bytes`` and no entry inflating more than
    MAX_RATIO:1. Then reads workbook, relationships, styles and the sheet XML once each as a stream
    (defusedxml, no DTD), stops at the first row beyond ``max_rows`` and skips columns beyond
    ``max_columns``; shared strings are kept only for the cells read. Formulas keep their cached
    value; ``Cell.formula_without_result`` marks one saved without it.

    Raises :class:`UploadError` (Japanese) for anything unreadable, :class:`SheetNotFoundError` when
    the sheet is missing.
    """
    if len(content) > max_bytes:
        raise too_large(max_bytes)
    archive = _Zip(content, max_uncompressed=max_uncompressed_bytes)
    try:
        return _read_sheet(archive, sheet, max_rows=max_rows, max_columns=max_columns)
    except UploadError:
        raise
    except (ParseError, ValueError, KeyError, IndexError, OSError, EOFError, zipfile.BadZipFile) as exc:
        # ParseError: truncated or malformed XML; ValueError also covers defusedxml's refusals (DTD,
        # entities) and bad numbers; BadZipFile: a CRC mismatch while inflating.
        raise UploadError(NOT_XLSX_MESSAGE) from exc


def _read_sheet(archive: _Zip, wanted: str | None, *, max_rows: int, max_columns: int) -> Sheet:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    workbook_part = _workbook_part(archive)
    rels = _relationships(archive, workbook_part)
    sheets: list[tuple[str, str]] = []
    epoch = CALENDAR_WINDOWS_1900
    for element in _parts(archive, workbook_part):
        tag = _local(element.tag)
        if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        elif tag == "sheet":
            rel = rels.get(_attr(element, "id"))
            if rel is not None:
                sheets.append((element.get("name") or "", rel[1]))
    if not sheets:
        raise UploadError(NOT_XLSX_MESSAGE)
    if wanted is None:
        title, sheet_path = sheets[0]
    else:
        matches = [path for name, path in sheets if name == wanted]
        if not matches:
            raise SheetNotFoundError(f"シート「{wanted}」が見つかりません。")
        title, sheet_path = wanted, matches[0]
    by_kind = {kind.rsplit("/", 1)[-1]: path for kind, path in rels.values()}
    date_styles = _date_styles(archive, by_kind.get("styles"))

    result = Sheet(title=title, max_rows=max_rows, max_columns=max_columns)
    reader = _SheetReader(result, date_styles=date_styles, epoch=epoch, from_excel=from_excel)
    reader.read(archive.open(sheet_path))
    shared = reader.shared
    if shared:
        strings = _shared_strings(archive, by_kind.get("sharedStrings"), {i for i, _ in shared.values()})
        for position, (index, formula) in shared.items():
            result.cells[position] = Cell(value=strings[index], formula=formula)
    return result


class _Stop(Exception):
    """Raised by the sheet reader's handlers to end parsing early (past the caps, or sheetData read)."""


class _DoctypeForbidden(ValueError):
    pass


def _forbid_doctype(*args):
    raise _DoctypeForbidden("DTD in an uploaded workbook")


class _SheetReader:
    """Streams one worksheet's XML through expat with small handlers (the ElementTree layer costs ~10x
    more per cell). As defusedxml does, any DTD is refused, so no entity can be declared or expanded."""

    def __init__(self, result: Sheet, *, date_styles: list[bool], epoch, from_excel):
        self.result = result
        self.date_styles = date_styles
        self.epoch = epoch
        self.from_excel = from_excel
        self.shared: dict[tuple[int, int], tuple[int, str | None]] = {}
        self.row = 0
        self.column = 0
        self.cell: dict | None = None  # the cell being read, None when skipped or outside a cell
        self.target: str | None = None  # "f", "v" or "t" while their text is collected
        self.text: list[str] = []
        self.in_phonetic = 0

    def read(self, stream) -> None:
        from xml.parsers import expat

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _forbid_doctype
        parser.EntityDeclHandler = _forbid_doctype
        parser.ExternalEntityRefHandler = _forbid_doctype
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        try:
            parser.ParseFile(stream)
        except _Stop:
            pass
        except expat.ExpatError as exc:
            raise ParseError(str(exc)) from exc

    def characters(self, data: str) -> None:
        if self.target is not None:
            self.text.append(data)

    def start(self, name: str, attrs: dict) -> None:
        tag = name.rpartition(":")[2]
        if tag == "c":
            self.start_cell(attrs)
        elif self.cell is None:
            if tag == "row":
                number = attrs.get("r")
                self.row = _int_attr(number, EXCEL_MAX_ROWS) if number else self.row + 1
                self.column = 0
                if self.row > self.result.max_rows:
                    self.result.truncated = True
                    raise _Stop
        elif tag == "rPh":
            self.in_phonetic += 1
        elif tag in ("f", "v") or (tag == "t" and not self.in_phonetic):
            self.target = tag
            self.text = []

    def start_cell(self, attrs: dict) -> None:
        ref = attrs.get("r")
        if ref:
            match = _CELL_REF.match(ref)
            if match is None or int(match[2]) != self.row:
                raise ValueError(ref)  # malformed, or a cell outside its row
            self.column = _column_number(match[1])
        else:
            self.column += 1
        if not 1 <= self.column <= EXCEL_MAX_COLUMNS:
            raise ValueError(ref)
        if self.column > self.result.max_columns:
            self.result.truncated = True
            self.cell = None
            return
        self.cell = {"t": attrs.get("t", "n"), "s": attrs.get("s"), "f": None, "v": None, "is": []}

    def end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        cell = self.cell
        if tag == "sheetData":
            raise _Stop
        if cell is None:
            return
        if tag == "c":
            self.end_cell(cell)
            self.cell = None
        elif tag == "rPh":
            self.in_phonetic -= 1
        elif tag == self.target:
            text = "".join(self.text)
            if tag == "t":
                cell["is"].append(text)
            else:
                cell[tag] = text
            self.target = None

    def end_cell(self, cell: dict) -> None:
        kind, raw, formula = cell["t"], cell["v"], cell["f"]
        position = (self.row, self.column)
        value: object = None
        if kind == "inlineStr":
            value = "".join(cell["is"])
        elif raw is None or raw == "":
            value = None
        elif kind == "s":
            self.shared[position] = (int(raw), formula)
            return
        elif kind in ("str", "e"):
            value = raw
        elif kind == "b":
            value = raw.strip() in ("1", "true")
        elif kind == "d":
            value = dt.datetime.fromisoformat(raw.strip())
        else:
            number = float(raw)
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError(raw)
            value = int(raw) if _INTEGER.fullmatch(raw.strip()) else number
            style = int(cell["s"] or 0)
            if 0 <= style < len(self.date_styles) and self.date_styles[style]:
                value = self.from_excel(value, self.epoch)
        if value is not None or formula is not None:
            self.result.cells[position] = Cell(value=value, formula=formula)


_INTEGER = re.compile(r"-?[0-9]+")


def _string_item(element) -> list[str]:
    """The text of a shared or inline string item, without phonetic guides (rPh)."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return parts


def _shared_strings(archive: _Zip, path: str | None, needed: set[int]) -> dict[int, str]:
    """Only the shared strings the cells read refer to; stops after the last one needed."""
    if path is None:
        raise KeyError("sharedStrings")
    last = max(needed)
    found: dict[int, str] = {}
    index = 0
    for _, element in archive.iterparse(path):
        if _local(element.tag) != "si":
            continue
        if index in needed:
            found[index] = "".join(_string_item(element))
        element.clear()
        if index >= last:
            break
        index += 1
    if len(found) != len(needed):
        raise IndexError("shared string")
    return found


# --- CSV -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvData:
    """A decoded CSV: ``text`` without BOM, the ``encoding`` found (``utf-8`` or ``cp932``), and
    ``rows`` as (line number where the row starts, cells); blank lines are kept as empty rows."""

    text: str
    encoding: str
    rows: tuple[tuple[int, list[str]], ...]


def decode_csv_bytes(content: bytes) -> tuple[str, str]:
    """(text, encoding): BOM → UTF-8, else strict UTF-8, else CP932 (Shift_JIS); else UploadError."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError(
            "UTF-16 の CSV は読み取れません。Excel の「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」で"
            "保存し直してください。"
        )
    if b"\x00" in content:
        raise UploadError(
            "CSV にヌル文字（バイナリデータ）が含まれています。Excel などで CSV 形式で保存し直してください。"
        )
    if content.startswith(b"\xef\xbb\xbf"):
        candidates = (("utf-8", content[3:]),)
    else:
        candidates = (("utf-8", content), ("cp932", content))
    for encoding, data in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UploadError("CSV の文字コードを読み取れません。UTF-8 か Shift_JIS で保存してください。")


def read_csv(
    content: bytes,
    *,
    max_bytes: int,
    max_rows: int,
    max_columns: int,
    max_cell_chars: int = 10_000,
) -> CsvData:
    """A CSV upload decoded and split into rows, every cap checked; raise :class:`UploadError`
    (413 above ``max_bytes``) naming the line of any problem, in Japanese."""
    if len(content) > max_bytes:
        raise too_large(max_bytes)
    text, encoding = decode_csv_bytes(content)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    too_long = (
        f"CSV の{{line}}行目に長すぎる項目があります（上限 {max_cell_chars:,}文字）。"
        '引用符（"）の閉じ忘れがないかご確認ください。'
    )
    try:
        start = 1
        for cells in reader:
            if len(rows) >= max_rows:
                raise UploadError(f"CSV の行数が多すぎます（上限 {max_rows:,}行）。内容をご確認ください。")
            if len(cells) > max_columns:
                raise UploadError(
                    f"CSV の{start}行目の列数が{len(cells)}です（上限 {max_columns}列）。"
                    "区切りをご確認ください。"
                )
            if any(len(cell) > max_cell_chars for cell in cells):
                raise UploadError(too_long.format(line=start))
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        line = reader.line_num
        if "field larger" in str(exc):
            raise UploadError(too_long.format(line=line)) from None
        raise UploadError(
            f'CSV の{line}行目を読み取れません。引用符（"）の対応や区切り文字をご確認ください。'
        ) from None
    return CsvData(text=text, encoding=encoding, rows=tuple(rows))
