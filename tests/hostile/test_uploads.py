"""Hostile uploads: every malformed, oversized or booby-trapped spreadsheet and CSV gets a 4xx with a
Japanese message, never a 500, and writes nothing (every table's row count, history and activity log
included, is the same afterwards).

Every file is built here, from the real template where that makes the attack realistic; nothing
binary is committed. The JSON API has no upload endpoint today (statements are sent as JSON, benchmark
tables only through the page), so these go through the pages.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import itertools
import random
import re
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from banso.diagnosis.engines.benchmark_table import SHIPPED_CSV_PATH
from banso.diagnosis.models import BenchmarkTable
from banso.diagnosis.statement_xlsx import ROW_KEYS, YEAR_ROW, build_template

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ROW = {key: YEAR_ROW + offset for offset, key in enumerate(ROW_KEYS)}


# --- building the files ----------------------------------------------------------------------------


def _template(company) -> bytes:
    return build_template(company, [], today=dt.date(2026, 6, 1)).content


def _filled(company, changes: dict[str, object] | None = None) -> bytes:
    """The template with one valid year (2025) filled in, plus `changes`."""
    workbook = load_workbook(io.BytesIO(_template(company)))
    sheet = workbook["決算書"]
    sheet.cell(ROW["fiscal_year"], 3).value = sheet.cell(ROW["fiscal_year"], 4).value = None  # one year
    values = {"net_sales": 1000, "cost_of_sales": 600, "sga": 300, "operating_income": 100}
    values |= {"total_assets": 500, "total_liabilities": 300, "net_assets": 200}
    for key, value in values.items():
        sheet.cell(ROW[key], 5).value = value
    for ref, value in (changes or {}).items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rezip(content: bytes, *, replace=None, drop=(), extra=()) -> bytes:
    """The zip with entries replaced (name → bytes or a function of the old bytes), dropped or added."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            data = source.read(item.filename)
            if item.filename in replace:
                new = replace[item.filename]
                data = new(data) if callable(new) else new
            target.writestr(item.filename, data)
        for name, data in extra:
            target.writestr(name, data)
    return out.getvalue()


def _padded_sheet(padding: int):
    """Sheet XML with `padding` bytes of whitespace inside: deflates over 1000:1, like a bomb."""

    def pad(data: bytes) -> bytes:
        return data.replace(b"</worksheet>", b" " * padding + b"</worksheet>")

    return pad


def _sheet_xml(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


def _one_cell_at_the_last_row() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "決算書"
    sheet["A1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _shared_marker(data: bytes) -> bytes:
    marker = re.compile(rb'<c r="B2"([^>]*) t="inlineStr"><is><t>banso-fs-1</t></is></c>')
    assert marker.search(data)
    return marker.sub(rb'<c r="B2"\1 t="s"><v>7</v></c>', data)


def _billion_laughs(data: bytes) -> bytes:
    names = "abcdefghi"
    entities = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {name} "{("&" + prev + ";") * 10}">' for prev, name in itertools.pairwise(names)
    )
    entities = entities.encode()
    # the entity is referenced in a cell, so a parser that expands it would build 10^9 characters
    data = data.replace(b"<worksheet", entities + b"]><worksheet", 1)
    return data.replace(
        b"<sheetData>", b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row>'
    )


XLSX_CASES = {
    # name: (builder(company) -> bytes, expected status, a phrase the message must contain)
    "zip bomb: sheet XML inflating 1000:1": (
        lambda c: _rezip(_template(c), replace={SHEET: _padded_sheet(3 * 1024 * 1024)}),
        400,
        "展開すると非常に大きくなる",
    ),
    "zip bomb: 60 MB of sheet XML in a small upload": (
        lambda c: _rezip(_template(c), replace={SHEET: _padded_sheet(60 * 1024 * 1024)}),
        400,
        "展開すると非常に大きくなる",
    ),
    "zip with 5,000 entries": (
        lambda c: _rezip(_template(c), extra=[(f"xl/media/x{i}.bin", b"") for i in range(5000)]),
        400,
        "展開すると非常に大きくなる",
    ),
    "one cell at A1048576": (lambda c: _one_cell_at_the_last_row(), 400, "別の版のテンプレート"),
    "1,048,577 rows of raw sheet XML": (
        lambda c: _rezip(_template(c), replace={SHEET: _sheet_xml(b"<row/>" * 1_048_577)}),
        400,
        "展開すると非常に大きくなる",
    ),
    "a row numbered past Excel's last row": (
        lambda c: _rezip(
            _template(c),
            replace={SHEET: _sheet_xml(b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>')},
        ),
        400,
        "ファイルが壊れているか",
    ),
    "truncated sheet XML": (
        lambda c: _rezip(_filled(c), replace={SHEET: lambda data: data[: len(data) // 2]}),
        400,
        "ファイルが壊れているか",
    ),
    "not a zip, named .xlsx": (lambda c: b"<html><body>not a workbook</body></html>", 400, "Excel ブック"),
    "zip header, then garbage": (lambda c: b"PK\x03\x04" + b"\x00" * 200, 400, "ファイルが壊れているか"),
    "workbook part missing": (
        lambda c: _rezip(_filled(c), drop={"xl/workbook.xml"}),
        400,
        "ファイルが壊れているか",
    ),
    "shared string reference without a shared strings part": (
        lambda c: _rezip(_filled(c), replace={SHEET: _shared_marker}),
        400,
        "ファイルが壊れているか",
    ),
    "entity expansion (billion laughs) in the sheet XML": (
        lambda c: _rezip(_filled(c), replace={SHEET: _billion_laughs}),
        400,
        "ファイルが壊れているか",
    ),
    "text in a number cell": (
        lambda c: _filled(c, {f"E{ROW['net_sales']}": "たくさん"}),
        400,
        "「たくさん」は数値として読み取れません",
    ),
    "formula without a stored result": (
        lambda c: _filled(c, {f"E{ROW['net_sales']}": "=SUM(A1:A2)"}),
        400,
        f"セル E{ROW['net_sales']}（売上高）は数式ですが、計算結果が保存されていません",
    ),
    "larger than the template limit (2 MB)": (
        lambda c: _rezip(_template(c), extra=[("xl/media/photo.bin", random.Random(8).randbytes(2_200_000))]),
        413,
        "ファイルが大きすぎます（上限 2MB）",
    ),
}


def _csv_lines() -> list[str]:
    return SHIPPED_CSV_PATH.read_text(encoding="utf-8-sig").splitlines()


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def _with_cell(old: str, new: str) -> list[str]:
    """The shipped table with the first `old` of its 03_製造業 中規模 row replaced by `new`."""
    lines = _csv_lines()
    index = next(i for i, line in enumerate(lines) if line.startswith("03_製造業,0306_その他の製造業,中規模"))
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    return lines


CSV_CASES = {
    "Shift_JIS with a wrong size label": (
        lambda: _csv(_with_cell("中規模事業者", "大規模事業者"), "cp932"),
        400,
        "「大規模事業者」は「中規模事業者」か「小規模事業者」",
    ),
    "formula in a number cell": (
        lambda: _csv(_with_cell(",-1.3275,", ',"=HYPERLINK(""https://evil.example"",""x"")",')),
        400,
        "が数値ではありません",
    ),
    "formula in a text cell": (
        lambda: _csv(_with_cell("03_製造業", "=cmd|' /C calc'!A0")),
        400,
        "「major」の値「=cmd|' /C calc'!A0」",
    ),
    "text in a number cell": (
        lambda: _csv(_with_cell(",-1.3275,", ",約1割,")),
        400,
        "「約1割」が数値ではありません",
    ),
    "neither UTF-8 nor Shift_JIS": (
        lambda: b"major,minor\r\n\x81\x20\x82\x7f\xef\xbb\r\n",
        400,
        "文字コードを読み取れません",
    ),
    "UTF-16": (lambda: "\n".join(_csv_lines()).encode("utf-16"), 400, "UTF-16 の CSV は読み取れません"),
    "NUL bytes": (lambda: _csv(_csv_lines()).replace(b"\r\n", b"\x00\r\n", 3), 400, "ヌル文字"),
    "an .xlsx sent as the CSV": (lambda: _one_cell_at_the_last_row(), 400, "ヌル文字"),
    "100,000 rows": (
        lambda: _csv([_csv_lines()[0], *([","] * 100_000)]),
        400,
        "行数が多すぎます",
    ),
    "a row of 5,000 columns": (lambda: _csv([*_csv_lines(), "," * 5000]), 400, "列数が5001です"),
    "an unclosed quote swallowing the file": (
        lambda: _csv([*_csv_lines()[:3], '"' + "x" * 20_000]),
        400,
        "CSV の4行目を読み取れません。引用符",
    ),
    "a 200,000-character cell": (
        lambda: _csv([*_csv_lines()[:3], '"' + "x" * 200_000 + '"']),
        400,
        "CSV の4行目に長すぎる項目があります",
    ),
    "larger than the table limit (2 MB)": (
        lambda: _csv(_csv_lines() * 120),
        413,
        "ファイルが大きすぎます（上限 2MB）",
    ),
}


# --- asserting -------------------------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    """Rows of every table (client data, field history, activity log, benchmark tables, sessions)."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["detail"]
    return html.unescape(response.content.decode())


def _assert_refused(response, before, status: int, phrase: str) -> None:
    text = _text(response)
    assert response.status_code == status, text[:2000]
    assert phrase in text
    assert JAPANESE.search(text)
    assert _row_counts() == before


def _upload(content: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


# --- statement import (.xlsx) ----------------------------------------------------------------------


def _import_url(company) -> str:
    return reverse(
        "diagnosis:statement_import", kwargs={"org": company.organization.slug, "company_pk": company.pk}
    )


@pytest.mark.parametrize("case", XLSX_CASES)
def test_hostile_xlsx_is_refused_in_japanese_and_writes_nothing(case, login, supporter, company):
    build, status, phrase = XLSX_CASES[case]
    content = build(company)
    client = login(supporter)
    before = _row_counts()
    response = client.post(_import_url(company), {"file": _upload(content, "決算書.xlsx"), "overwrite": "on"})
    _assert_refused(response, before, status, phrase)


def test_the_filled_template_these_cases_start_from_imports(login, supporter, company):
    """The control: without the attack, the same file is accepted (so the refusals above are real)."""
    response = login(supporter).post(_import_url(company), {"file": _upload(_filled(company), "決算書.xlsx")})
    assert response.status_code == 302
    assert company.financial_statements.get(fiscal_year=2026).net_sales == 1_000_000


def test_an_upload_over_the_request_limit_gets_the_japanese_413(settings, login, supporter, company):
    settings.BANSO_MAX_UPLOAD_BYTES = 64 * 1024
    client = login(supporter)
    before = _row_counts()
    response = client.post(_import_url(company), {"file": _upload(b"PK\x03\x04" + b"0" * 80_000, "a.xlsx")})
    _assert_refused(response, before, 413, "送信されたデータが大きすぎます（上限 0.1MB）")


# --- benchmark table upload (CSV) ------------------------------------------------------------------


def _tables_url(org) -> str:
    return reverse("benchmarks:tables", kwargs={"org": org.slug})


@pytest.mark.parametrize("case", CSV_CASES)
def test_hostile_benchmark_csv_is_refused_in_japanese_and_writes_nothing(case, login, admin_user, org):
    build, status, phrase = CSV_CASES[case]
    content = build()
    client = login(admin_user)
    before = _row_counts()
    response = client.post(
        _tables_url(org), {"version": "2030", "source": "検証", "csv_file": _upload(content, "基準値.csv")}
    )
    _assert_refused(response, before, status, phrase)


def test_a_valid_shift_jis_table_is_accepted(login, admin_user, org):
    """The control for the CSV cases: the shipped table saved as Shift_JIS loads."""
    content = _csv(_with_cell(",-1.3275,", ",-1.0,"), "cp932")
    response = login(admin_user).post(
        _tables_url(org), {"version": "2030", "source": "検証", "csv_file": _upload(content, "基準値.csv")}
    )
    assert response.status_code == 302
    table = BenchmarkTable.objects.get(organization=org, version="2030")
    assert table.row_count == 54 and "03_製造業" in table.csv_text


def test_a_benchmark_upload_over_the_request_limit_gets_the_japanese_413(settings, login, admin_user, org):
    settings.BANSO_MAX_UPLOAD_BYTES = 64 * 1024
    client = login(admin_user)
    before = _row_counts()
    response = client.post(
        _tables_url(org),
        {"version": "2030", "source": "検証", "csv_file": _upload(b"a," * 40_000, "基準値.csv")},
    )
    _assert_refused(response, before, 413, "送信されたデータが大きすぎます（上限 0.1MB）")
