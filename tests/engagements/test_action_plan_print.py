"""The action-plan workbook prints so a person can read it: A4 landscape, fitted to the page width
only, wrapped text, the heading and header rows on every page, and columns narrow enough that the
fitted page is not shrunk to 4 pt."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.engagements.factories import ActionFactory, ActionReviewFactory

pytestmark = pytest.mark.django_db

A4_LANDSCAPE_INCHES = 11.69


def _pixels(width: float) -> int:
    """Excel's on-screen width of a column of `width` characters (Calibri 11: 7 px a character
    plus 5 px of padding), at 96 px an inch."""
    return int(width * 7 + 5)


def _fitted_scale(sheet) -> float:
    printable = (A4_LANDSCAPE_INCHES - sheet.page_margins.left - sheet.page_margins.right) * 96
    used = sum(_pixels(dimension.width) for dimension in sheet.column_dimensions.values() if dimension.width)
    return min(1.0, printable / used)


@pytest.fixture
def workbook(login, supporter, step6, leader, page_url):
    for n in range(3):
        action = ActionFactory(engagement=step6, owner=leader, what=f"段取り表を作る{n}" * 5)
        ActionReviewFactory(action=action)
    response = login(supporter).get(page_url("action_export", step6))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("title", ["アクションプラン", "振り返り履歴"])
def test_each_sheet_prints_landscape_fitted_to_width_only_with_repeated_headers(workbook, title):
    sheet = workbook[title]
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$4"
    assert sheet["A4"].alignment.wrap_text and sheet["B5"].alignment.wrap_text
    assert sheet["B5"].alignment.vertical == "top"


def test_the_seventeen_action_columns_print_at_a_readable_size(workbook):
    sheet = workbook["アクションプラン"]
    assert sheet.max_column == 17
    # Calibri 11 fitted at ≥ 72 % prints at about 8 pt (the old widths gave under 50 %: 4–5 pt).
    assert _fitted_scale(sheet) >= 0.72
    assert _fitted_scale(workbook["振り返り履歴"]) >= 0.72
