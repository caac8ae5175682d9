"""The .xlsx template for entering statements outside Banso, and reading it back.

The template carries a version marker (cell B2) so a file made from another layout is refused
rather than misread. Rows are found by the key in the hidden column A, not by position. The upload is
read once through the core safe reader (banso.core.spreadsheets: size, zip entries and ratio checked
first, rows and columns capped to the layout); values are as Excel last calculated them, and a formula
without a stored result (a file saved by a tool that does not calculate) is reported with its cell,
never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from banso.core import fiscal
from banso.core.exporters import ExportFile, safe_filename
from banso.core.numbers import NumberFormatError, parse_decimal
from banso.core.spreadsheets import Sheet, SheetNotFoundError, UploadError, read_xlsx_sheet
from banso.diagnosis.engines.statement_input import YearInput
from banso.diagnosis.engines.statement_lines import EMPLOYEES_LABEL, LINES, MAX_AMOUNT

TEMPLATE_MARKER = "banso-fs-1"
SHEET_TITLE = "決算書"
MARKER_CELL, UNIT_CELL = "B2", "B4"
HEADER_ROW = 8
YEAR_ROW = 9
FIRST_YEAR_COLUMN = 3  # C
YEAR_COLUMNS = 5  # C..G are read; the template offers three
TEMPLATE_YEARS = 3
UNITS = {"千円": 1000, "円": 1}
AMOUNT_FORMAT = '#,##0;"△"#,##0'  # negatives with △, as the app shows them
MAX_ERRORS = 30
# A filled template is a few dozen KB; the import refuses anything larger before unpacking it.
TEMPLATE_MAX_BYTES = 2 * 1024 * 1024

ROW_KEYS: tuple[str, ...] = ("fiscal_year", *(line.key for line in LINES), "employees", "source_note")
ROW_LABELS = {
    "fiscal_year": "決算年（決算月が属する西暦年）",
    **{line.key: line.label for line in LINES},
    "employees": f"{EMPLOYEES_LABEL}（人）",
    "source_note": "出典・メモ",
}


class StatementImportError(ValueError):
    """The file cannot be imported; `messages` says why, cell by cell, in Japanese; `status` is the
    HTTP answer (413 for a file over the size limit, else 400)."""

    def __init__(self, messages: list[str], *, status: int = 400):
        self.status = status
        self.messages = messages[:MAX_ERRORS]
        if len(messages) > MAX_ERRORS:
            self.messages.append(f"ほかに{len(messages) - MAX_ERRORS}件の誤りがあります。")
        super().__init__("\n".join(self.messages))


def _column_letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _default_years(company, today: dt.date) -> list[int]:
    latest = fiscal.last_closed_fiscal_year(today, company.fiscal_year_end_month)
    return [latest - 2, latest - 1, latest]


def build_template(company, statements, *, today: dt.date | None = None) -> ExportFile:
    """The template, prefilled with the company's latest (up to three) statements in 千円."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from banso.core.xlsx import safe_text, xlsx_file

    today = today or dt.date.today()
    latest = sorted(statements, key=lambda s: s.fiscal_year)[-TEMPLATE_YEARS:]
    years = [s.fiscal_year for s in latest] or _default_years(company, today)
    by_year = {s.fiscal_year: s for s in latest}

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    muted = Font(color="51606F")
    # Column A holds the row keys and is hidden, so everything a person reads starts in column B;
    # the labels of B2–B5 stand beside their values in column C.
    sheet["B1"] = "決算書入力テンプレート（Banso ローカルベンチマーク用）"
    sheet["B1"].font = Font(bold=True, size=13)
    facts = (
        (MARKER_CELL, "テンプレート版", TEMPLATE_MARKER, "テンプレート版（変更しないでください）"),
        ("B3", "事業者", safe_text(company.name), "事業者"),
        (UNIT_CELL, "金額の単位", "千円", "金額の単位（千円 または 円 を選んでください）"),
        ("B5", "決算月", f"{company.fiscal_year_end_month}月", "決算月"),
    )
    for address, key_label, value, label in facts:
        row = sheet[address].row
        sheet.cell(row, 1, key_label)
        sheet[address] = value
        sheet[address].font = bold
        sheet.cell(row, FIRST_YEAR_COLUMN, f"← {label}").font = muted
    sheet["B6"] = (
        "決算年は決算月が属する西暦年です（例: 2025年3月期 → 2025）。金額は B4 の単位（千円 または 円）で、"
        "損失・債務超過は マイナス で入力します（△ で表示されます）。"
        "数式を使った場合は Excel で計算・保存してから取り込んでください。"
    )
    sheet["B6"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("B6:G6")
    sheet.row_dimensions[6].height = 48
    unit_choice = DataValidation(type="list", formula1='"千円,円"', allow_blank=False)
    unit_choice.error = "千円 か 円 を選んでください。"
    sheet.add_data_validation(unit_choice)
    unit_choice.add(sheet[UNIT_CELL])

    header_fill = PatternFill("solid", fgColor="E6EDF3")
    sheet.cell(HEADER_ROW, 1, "キー")
    sheet.cell(HEADER_ROW, 2, "項目")
    for index in range(TEMPLATE_YEARS):
        sheet.cell(
            HEADER_ROW, FIRST_YEAR_COLUMN + index, f"{index + 1}期目" + ("（最新）" if index == 2 else "")
        )
    for column in range(1, FIRST_YEAR_COLUMN + TEMPLATE_YEARS):
        sheet.cell(HEADER_ROW, column).font = bold
        sheet.cell(HEADER_ROW, column).fill = header_fill

    for offset, key in enumerate(ROW_KEYS):
        row = YEAR_ROW + offset
        sheet.cell(row, 1, key)
        sheet.cell(row, 2, ROW_LABELS[key]).font = bold if key == "fiscal_year" else Font()
        for index in range(TEMPLATE_YEARS):  # every amount cell, filled or not, shows △ for negatives
            if key not in ("fiscal_year", "employees", "source_note"):
                sheet.cell(row, FIRST_YEAR_COLUMN + index).number_format = AMOUNT_FORMAT
        for index, year in enumerate(years):
            cell = sheet.cell(row, FIRST_YEAR_COLUMN + index)
            statement = by_year.get(year)
            if key == "fiscal_year":
                cell.value = year
                cell.font = bold
            elif statement is None:
                continue
            elif key == "employees":
                cell.value = statement.employees
            elif key == "source_note":
                cell.value = safe_text(statement.source_note) or None
            else:
                amount = getattr(statement, key)
                if amount is not None:
                    thousands = Decimal(amount) / 1000
                    cell.value = (
                        int(thousands) if thousands == thousands.to_integral_value() else float(thousands)
                    )
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 34
    for index in range(TEMPLATE_YEARS + 2):
        sheet.column_dimensions[_column_letter(FIRST_YEAR_COLUMN + index)].width = 16
    sheet.freeze_panes = sheet.cell(YEAR_ROW + 1, FIRST_YEAR_COLUMN)
    filename = safe_filename("決算書入力テンプレート", company.name, extension="xlsx")
    return xlsx_file(filename, workbook)


# --- reading ----------------------------------------------------------------------------------------


# Rows the reader looks at: the template's rows plus room for rows a user inserted; columns A..G.
MAX_READ_ROWS = 200
MAX_READ_COLUMNS = FIRST_YEAR_COLUMN + YEAR_COLUMNS - 1
# A filled template unpacks to well under 1 MB; anything far larger is not a template.
MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024


def _open(content: bytes, *, max_bytes: int) -> Sheet:
    """The template sheet, read once through the safe reader (size, zip and caps checked first)."""
    try:
        return read_xlsx_sheet(
            content,
            sheet=SHEET_TITLE,
            max_rows=MAX_READ_ROWS,
            max_columns=MAX_READ_COLUMNS,
            max_bytes=max_bytes,
            max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES,
        )
    except SheetNotFoundError as exc:
        raise StatementImportError(
            [
                f"シート「{SHEET_TITLE}」が見つかりません。"
                "Banso からダウンロードしたテンプレートに入力してください。"
            ]
        ) from exc
    except UploadError as exc:
        raise StatementImportError([exc.message], status=exc.status) from exc


def _cell_name(row: int, column: int) -> str:
    return f"{_column_letter(column)}{row}"


def _value_at(cells: Sheet, name: str):
    from openpyxl.utils.cell import coordinate_to_tuple

    return cells.value(*coordinate_to_tuple(name))


def _raw(cells: Sheet, row: int, column: int, errors: list[str], label: str, *, numeric: bool = True):
    """The cell's value as Excel last calculated it; a formula without a stored result is an error."""
    cell = cells.cell(row, column)
    value = cell.value
    if cell.formula_without_result:
        errors.append(
            f"セル {_cell_name(row, column)}（{label}）は数式ですが、計算結果が保存されていません。"
            "Excel で開いて上書き保存するか、数式を値に置き換えてから取り込んでください。"
        )
        return None
    if numeric and isinstance(value, str) and value.startswith("#"):
        errors.append(
            f"セル {_cell_name(row, column)}（{label}）がエラー値「{value}」です。数式をご確認ください。"
        )
        return None
    return value


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise NumberFormatError("")
    if isinstance(value, int | float):
        try:
            return Decimal(str(value))
        except InvalidOperation as exc:
            raise NumberFormatError("") from exc
    if isinstance(value, str):
        return parse_decimal(value)
    raise NumberFormatError("")


_YEAR_TEXT = re.compile(r"^\s*(\d{4})")


def _year(value, where: str, errors: list[str]) -> int | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.year
    if isinstance(value, str):
        from banso.core.text import nfkc

        match = _YEAR_TEXT.match(nfkc(value))
        if match:
            return int(match.group(1))
    elif isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    errors.append(f"セル {where}（決算年）の「{value}」を西暦の年として読み取れません。例: 2025")
    return None


def read_statements(content: bytes, *, max_bytes: int = TEMPLATE_MAX_BYTES) -> list[YearInput]:
    """Every filled year column of an uploaded template; raise StatementImportError listing each problem
    (its `status` is 413 for a file over `max_bytes`, else 400)."""
    cells = _open(content, max_bytes=max_bytes)
    marker = _value_at(cells, MARKER_CELL)
    if marker != TEMPLATE_MARKER:
        found = f"「{marker}」" if marker else "版の記載なし"
        raise StatementImportError(
            [
                f"このファイルは別の版のテンプレートです（セル {MARKER_CELL}: {found}、"
                f"必要な版: 「{TEMPLATE_MARKER}」）。"
                "「テンプレートをダウンロード」から最新のテンプレートを取得して入力し直してください。"
            ]
        )
    unit_text = str(_value_at(cells, UNIT_CELL) or "").strip()
    if unit_text not in UNITS:
        raise StatementImportError(
            [f"セル {UNIT_CELL}（金額の単位）は「千円」か「円」にしてください（いまは「{unit_text}」）。"]
        )
    multiplier = UNITS[unit_text]

    rows: dict[str, int] = {}
    for row in range(YEAR_ROW, cells.last_row + 1):
        key = cells.value(row, 1)
        if isinstance(key, str) and key in ROW_LABELS and key not in rows:
            rows[key] = row
    missing = [ROW_LABELS[k] for k in ROW_KEYS if k not in rows]
    if missing:
        raise StatementImportError(
            [
                f"テンプレートの行「{'」「'.join(missing)}」が見つかりません。テンプレートをダウンロードし直してください。"
            ]
        )

    errors: list[str] = []
    years: list[YearInput] = []
    seen: dict[int, str] = {}
    for column in range(FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + YEAR_COLUMNS):
        letter = _column_letter(column)
        raw = {
            key: _raw(cells, rows[key], column, errors, ROW_LABELS[key], numeric=key != "source_note")
            for key in ROW_KEYS
        }
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        year_cell = _cell_name(rows["fiscal_year"], column)
        if raw["fiscal_year"] is None:
            errors.append(f"{letter}列: 数字が入力されていますが、決算年（セル {year_cell}）が空です。")
            continue
        fiscal_year = _year(raw["fiscal_year"], year_cell, errors)
        if fiscal_year is None:
            continue
        if fiscal_year in seen:
            errors.append(
                f"{seen[fiscal_year]}列と{letter}列の決算年がどちらも {fiscal_year} です。"
                "同じ決算期は1列にしてください。"
            )
            continue
        seen[fiscal_year] = letter
        values: dict[str, int | None] = {}
        for line in LINES:
            where = f"セル {_cell_name(rows[line.key], column)}（{line.label}・{fiscal_year}年）"
            try:
                number = _number(raw[line.key])
            except NumberFormatError:
                errors.append(
                    f"{where}の「{raw[line.key]}」は数値として読み取れません。数字だけを入力してください。"
                )
                continue
            if number is None:
                values[line.key] = None
                continue
            yen = number * multiplier
            if yen != yen.to_integral_value():
                errors.append(f"{where}に円未満の端数があります（{number}{unit_text}）。")
                continue
            if yen < 0 and not line.may_be_negative:
                errors.append(f"{where}はマイナスにできません。")
                continue
            if abs(yen) > MAX_AMOUNT:
                errors.append(f"{where}の金額が大きすぎます。単位（セル {UNIT_CELL}）をご確認ください。")
                continue
            values[line.key] = int(yen)
        employees = None
        where = f"セル {_cell_name(rows['employees'], column)}（従業員数・{fiscal_year}年）"
        try:
            number = _number(raw["employees"])
        except NumberFormatError:
            errors.append(
                f"{where}の「{raw['employees']}」は数値として読み取れません。人数を数字で入力してください。"
            )
        else:
            if number is not None:
                if number < 0 or number != number.to_integral_value():
                    errors.append(f"{where}は0以上の整数で入力してください。")
                else:
                    employees = int(number)
        note = raw["source_note"]
        years.append(
            YearInput(
                fiscal_year=fiscal_year,
                values=values,
                employees=employees,
                source_note=str(note).strip() if note is not None else "",
            )
        )
    if errors:
        raise StatementImportError(errors)
    if not years:
        raise StatementImportError(
            ["取り込む数字がありません。少なくとも1期分の決算年と数字を入力してください。"]
        )
    return years
