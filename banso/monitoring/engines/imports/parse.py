"""parse_import: bytes of an accounting export → ImportResult (see the package docstring)."""

from __future__ import annotations

from banso.core.spreadsheets import UploadError, read_csv, read_xlsx_sheet

from .accounts import map_accounts, normalized_mapping
from .journals import detect_journal, parse_journal
from .result import JOURNAL_LAYOUTS, LAYOUTS, ImportProblem, ImportResult
from .trial import parse_trial

MB = 1024 * 1024
MAX_BYTES = 20 * MB
MAX_CSV_ROWS = 300_000
MAX_XLSX_ROWS = 100_000
MAX_COLUMNS = 80


def read_rows(
    content: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int | None = None,
    max_columns: int = MAX_COLUMNS,
) -> tuple[list[tuple[int, list]], str | None]:
    """(rows as (line number, cells), encoding or None for .xlsx) — through core's safe readers, with
    the accounting caps unless given (``max_rows`` caps both CSV and .xlsx)."""
    if not content or not content.strip():
        raise ImportProblem("ファイルが空です。会計ソフトから出力したファイルを選んでください。")
    lower = (filename or "").lower()
    if lower.endswith(".xls"):
        raise ImportProblem("古い Excel 形式（.xls）は読み取れません。.xlsx か CSV で保存し直してください。")
    try:
        if content.startswith(b"PK\x03\x04") or lower.endswith((".xlsx", ".xlsm")):
            sheet = read_xlsx_sheet(
                content, max_rows=max_rows or MAX_XLSX_ROWS, max_columns=max_columns, max_bytes=max_bytes
            )
            by_row: dict[int, dict[int, object]] = {}
            for (row, column), cell in sheet.cells.items():
                value = f"={cell.formula}" if cell.formula_without_result else cell.value
                by_row.setdefault(row, {})[column] = value
            rows = []
            for row in range(1, sheet.last_row + 1):
                found = by_row.get(row, {})
                width = max(found, default=0)
                rows.append((row, [found.get(column) for column in range(1, width + 1)]))
            return rows, None
        data = read_csv(
            content, max_bytes=max_bytes, max_rows=max_rows or MAX_CSV_ROWS, max_columns=max_columns
        )
    except UploadError as exc:
        raise ImportProblem(exc.message, status=exc.status) from None
    return list(data.rows), data.encoding


def parse_import(
    content: bytes,
    filename: str,
    *,
    layout: str | None = None,
    fiscal_year_end_month: int,
    mapping: dict[str, str] | None,
    fiscal_year: int | None = None,
    cumulative_ok: bool = False,
) -> ImportResult:
    """Parse an accounting export. ``layout`` forces one of LAYOUTS (else detected); ``mapping`` is the
    company's confirmed {account name: line key or "ignore"}; ``fiscal_year`` (named by the year it ends
    in) places month columns without a year when the file names no period; ``cumulative_ok`` accepts a
    P&L exported as running totals (converted to months). Raises ImportProblem (Japanese)."""
    if layout is not None and layout not in LAYOUTS:
        raise ImportProblem(f"「{layout}」は対応していないファイル形式です。")
    if not 1 <= fiscal_year_end_month <= 12:
        raise ImportProblem("決算月が正しくありません。")
    company_mapping = normalized_mapping(mapping)
    rows, encoding = read_rows(content, filename)
    if not any(any(c not in (None, "") for c in cells) for _, cells in rows):
        raise ImportProblem("ファイルが空です。会計ソフトから出力したファイルを選んでください。")
    journal = None
    if layout is None:
        journal = detect_journal(rows)
    elif layout in JOURNAL_LAYOUTS:
        journal = (layout, None)
    if journal is not None:
        parsed = parse_journal(rows, layout=journal[0], header_index=journal[1], mapping=company_mapping)
        differences, checked = [], 0
    else:
        parsed = parse_trial(
            rows,
            layout=layout,
            fiscal_year_end_month=fiscal_year_end_month,
            fiscal_year=fiscal_year,
            mapping=company_mapping,
            cumulative_ok=cumulative_ok,
        )
        differences, checked = parsed.differences, parsed.checked
    if not parsed.accounts:
        raise ImportProblem("取り込める勘定科目の行がありません。ファイルの内容をご確認ください。")
    totals, unmapped = map_accounts(parsed.accounts, parsed.kinds, company_mapping, parsed.months)
    warnings = list(parsed.warnings)
    if parsed.formula_like:
        warnings.append(
            "「=」「+」「-」「@」で始まる勘定科目名があります（"
            + "、".join(parsed.formula_like[:5])
            + "）。文字として取り込み、数式としては扱いません。"
        )
    return ImportResult(
        layout=parsed.layout,
        encoding=encoding,
        months=list(parsed.months),
        accounts=parsed.accounts,
        account_kinds=parsed.kinds,
        totals=totals,
        unmapped_accounts=unmapped,
        checksum_differences=differences,
        checked_totals=checked,
        warnings=warnings,
        formula_like_names=list(parsed.formula_like),
        row_count=parsed.row_count,
    )


__all__ = ["MAX_BYTES", "parse_import", "read_rows"]
