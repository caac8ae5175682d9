"""Hostile accounting files on the import page (issue 9, "Bad input"): each is refused with a Japanese
message that names the row and column where it can, and nothing is written — no row in any table,
no file kept. (Too big, zip bomb, text in a number cell and disagreeing totals: tests/monitoring/
test_imports_flow.py.) Account names that look like formulas are kept as text, shown literally."""

from __future__ import annotations

import os
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from banso.monitoring.models import AccountingImport
from banso.monitoring.storage import private_storage
from tests.monitoring.engines.imports import builders as b
from tests.monitoring.test_imports_flow import url

pytestmark = pytest.mark.django_db

MONTHS = ["勘定科目", "2025年4月", "2025年5月", "2025年6月"]
CASES = {
    "not UTF-8 nor Shift_JIS": (bytes(range(128, 256)) * 20, ["文字コード", "UTF-8 か Shift_JIS"]),
    "UTF-8 lines then Shift_JIS lines": (
        "勘定科目,2025年4月\n売上高,1000\n".encode() + "仕入高,500\n".encode("cp932"),
        ["文字コード"],
    ),
    "a month twice": (
        b.csv_bytes([["勘定科目", "2025年4月", "2025年4月"], ["売上高", "1000", "2000"]]),
        ["1行目", "B列とC列", "2025年4月"],
    ),
    "a cumulative export": (
        b.csv_bytes([MONTHS, ["売上高", "1000", "2000", "3000"], ["仕入高", "500", "1000", "1500"]]),
        ["累計", "4月 1,000 → 5月 2,000 → 6月 3,000"],
    ),
    "a month far outside": (
        b.csv_bytes([["勘定科目", "1999年4月"], ["売上高", "1000"]]),
        ["1999年4月", "範囲"],
    ),
    "a formula as an amount": (
        b.csv_bytes([["勘定科目", "2025年4月"], ["売上高", "=SUM(B1:B2)"]]),
        ["2行目", "B列", "=SUM(B1:B2)", "数値として読めません"],
    ),
    "a formula with a pipe as an amount": (
        b.csv_bytes([["勘定科目", "2025年4月"], ["売上高", "=cmd|' /C calc'!A0"]]),
        ["2行目", "B列", "数値として読めません"],
    ),
}


def _rows() -> int:
    return sum(model.objects.count() for model in apps.get_models())


def _files() -> list[str]:
    """Every file under the private storage (the original files of imports live there)."""
    root = private_storage.location
    return sorted(os.path.join(path, name) for path, _, names in os.walk(root) for name in names)


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_accounting_file_is_refused_in_japanese_and_writes_nothing(case, login, supporter, company):
    content, words = CASES[case]
    client = login(supporter)
    rows, files = _rows(), _files()
    response = client.post(url("imports", company), {"file": SimpleUploadedFile("推移表.csv", content)})
    assert response.status_code == 400
    problems = re.search(r'data-testid="import-problems">(.*?)</div>', response.content.decode(), re.S)
    text = problems.group(1)
    assert "何も書き込んでいません" in text
    for word in words:
        assert escape(word) in text, (case, word)
    assert (_rows(), _files()) == (rows, files)


FORMULA_NAMES = ["=cmd|' /C calc'!A0", "+SUM(1)", "-1+1", "@A1", '=HYPERLINK("https://evil.example","x")']


def test_formula_like_account_names_are_kept_as_text_and_shown_literally(login, supporter, company):
    rows = [["勘定科目", "2025年4月"], ["売上高", "1000"], *[[name, "5"] for name in FORMULA_NAMES]]
    client = login(supporter)
    response = client.post(
        url("imports", company), {"file": SimpleUploadedFile("推移表.csv", b.csv_bytes(rows))}
    )
    assert response.status_code == 302
    import_ = AccountingImport.objects.get(company=company)
    assert import_.preview["formula_like_names"] == FORMULA_NAMES
    page = client.get(response["Location"]).content.decode()
    for name in FORMULA_NAMES:
        assert escape(name) in page
    assert "数式としては扱いません" in page
