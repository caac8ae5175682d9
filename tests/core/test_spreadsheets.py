"""The safe readers on the files Excel and Japanese accounting tools write (the hostile ones are in
tests/hostile/test_uploads.py)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from banso.core.spreadsheets import UploadError, read_csv, read_xlsx_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def excel_like(sheet_rows: str, *, shared: list[str], date1904: bool = False) -> bytes:
    """A workbook as Excel writes it: shared strings (with ふりがな runs), a date style, two sheets."""
    items = "".join(shared)
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        + ('<workbookPr date1904="1"/>' if date1904 else "")
        + '<sheets><sheet name="表紙" sheetId="1" r:id="rId2"/><sheet name="試算表" sheetId="2" r:id="rId1"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>',
        "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_rows}</sheetData>'
        "</worksheet>",
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{items}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="176" formatCode="yyyy/m/d"/>'
        '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="3"/>'
        "</cellXfs></styleSheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return out.getvalue()


ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="3"><v>1234567</v></c>'
    '<c r="C2"><f>B2*2</f><v>2469134</v></c><c r="D2"><f>B2/0</f></c>'
    '<c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="F2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="G2" t="b"><v>1</v></c><c r="H2">9</c></row>'
    '<row r="3"><c r="A3" s="1"><v>45747</v></c><c r="B3" s="2"><v>45382</v></c>'
    '<c r="C3"><v>-0.5</v></c></row>'
    '<row r="40"><c r="A40"><v>1</v></c></row>'
)
SHARED = [
    "<si><t>勘定科目</t></si>",
    "<si><t>4月</t></si>",
    '<si><r><t>売上</t></r><r><t xml:space="preserve">高</t></r>'
    '<rPh sb="0" eb="2"><t>ウリアゲ</t></rPh><phoneticPr fontId="1"/></si>',
]


def test_reads_values_formulas_shared_strings_and_dates_like_excel_saved_them():
    sheet = read_xlsx_sheet(
        excel_like(ROWS, shared=SHARED), sheet="試算表", max_rows=10, max_columns=7, max_bytes=10**6
    )
    assert [sheet.value(1, 1), sheet.value(1, 2), sheet.value(2, 1)] == ["勘定科目", "4月", "売上高"]
    assert sheet.value(2, 2) == 1234567
    assert (sheet.value(2, 3), sheet.cell(2, 3).formula) == (2469134, "B2*2")
    assert sheet.cell(2, 4).formula_without_result and not sheet.cell(2, 3).formula_without_result
    assert [sheet.value(2, 5), sheet.value(2, 6), sheet.value(2, 7)] == ["#DIV/0!", "ab", True]
    assert sheet.value(3, 1) == dt.datetime(2025, 3, 31)
    assert sheet.value(3, 2) == dt.datetime(2024, 3, 31)
    assert sheet.value(3, 3) == -0.5
    # H2 is beyond the 7 columns asked for, row 40 beyond the 10 rows: not read, and said so
    assert sheet.cell(2, 8).value is None and sheet.cell(40, 1).value is None
    assert sheet.truncated


def test_first_sheet_by_default_and_a_missing_sheet_is_named():
    content = excel_like(ROWS, shared=SHARED)
    assert read_xlsx_sheet(content, max_rows=5, max_columns=5, max_bytes=10**6).cells == {}
    with pytest.raises(UploadError, match="シート「決算書」が見つかりません"):
        read_xlsx_sheet(content, sheet="決算書", max_rows=5, max_columns=5, max_bytes=10**6)


def test_1904_date_system():
    content = excel_like('<row r="1"><c r="A1" s="1"><v>1</v></c></row>', shared=[], date1904=True)
    sheet = read_xlsx_sheet(content, max_rows=5, max_columns=5, max_bytes=10**6, sheet="試算表")
    assert sheet.value(1, 1) == dt.datetime(1904, 1, 2)


CSV_TEXT = '勘定科目,4月,5月\r\n売上高,"1,200",△300\r\n'


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (CSV_TEXT.encode("utf-8-sig"), "utf-8"),
        (CSV_TEXT.encode("cp932"), "cp932"),
    ],
)
def test_csv_in_utf8_with_or_without_bom_or_shift_jis(content, encoding):
    data = read_csv(content, max_bytes=10**6, max_rows=10, max_columns=5)
    assert data.encoding == encoding
    assert data.text == CSV_TEXT
    assert data.rows == ((1, ["勘定科目", "4月", "5月"]), (2, ["売上高", "1,200", "△300"]))


def test_csv_rows_count_from_the_line_they_start_on():
    data = read_csv(b'a,"two\nlines"\nb,c\n', max_bytes=100, max_rows=10, max_columns=5)
    assert data.rows == ((1, ["a", "two\nlines"]), (3, ["b", "c"]))


def test_csv_caps_are_japanese_errors():
    with pytest.raises(UploadError, match="行数が多すぎます（上限 2行）"):
        read_csv(b"a\nb\nc\n", max_bytes=100, max_rows=2, max_columns=5)
    with pytest.raises(UploadError, match="ファイルが大きすぎます") as info:
        read_csv(b"a" * 101, max_bytes=100, max_rows=2, max_columns=5)
    assert info.value.status == 413
