"""The action plan as an Excel workbook: one row per action (real dates and numbers), and the PDCA
history of every review on a second sheet. Printed A4 landscape at a size a person can read: text
wrapped in narrow columns, fitted to the page width only (as many pages down as needed), narrow
margins, and the heading and header rows repeated on every page."""

from __future__ import annotations

import copy

from django.utils import timezone

from banso.core import formatting
from banso.core.exporters import XLSX, Exporter, ExportFile, safe_filename
from banso.core.xlsx import DATE_FORMAT, cell_value, safe_text, sheet_title, xlsx_file
from banso.engagements.exports._common import month_label, period_label
from banso.engagements.models import ActionReview

# Widths in Excel character units. The 17 action columns add up to 192, which fits A4 landscape
# at about 75 % (8 pt) instead of under 50 % (4–5 pt); long texts wrap inside their column.
ACTION_COLUMNS = (
    ("No.", 4),
    ("何を", 22),
    ("誰が", 10),
    ("いつまでに", 11),
    ("どの程度", 14),
    ("どのように", 15),
    ("見込む効果", 15),
    ("目標値", 8),
    ("単位", 5),
    ("取り組む裏課題", 15),
    ("状況", 7),
    ("期限", 7),
    ("振り返り回数", 6),
    ("最終振り返り日", 11),
    ("小さな成功体験", 6),
    ("最新の結果", 18),
    ("次の一歩", 18),
)
REVIEW_COLUMNS = (
    ("No.", 4),
    ("何を", 28),
    ("振り返った日", 11),
    ("振り返り後の状況", 9),
    ("結果", 32),
    ("学び", 28),
    ("次の一歩", 28),
    ("小さな成功体験", 6),
    ("記録した人", 12),
)
HEADER_ROW = 4
MAX_CELL_TEXT = 32_767  # Excel's limit; openpyxl truncates longer text
MARGIN_INCHES = 0.25


class _Styles:
    """The few cell styles of the workbook, created once and shared by every cell."""

    def __init__(self):
        from openpyxl.styles import Alignment, Font, PatternFill

        self.title = Font(bold=True, size=13)
        self.heading = Font(size=10)
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="E6EDF3")
        self.header = Alignment(wrap_text=True, vertical="center")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self._body: dict[str | None, object] = {}

    def body(self, cell, number_format: str | None) -> None:
        """A data cell's style (wrapped, top-aligned, with `number_format`). openpyxl looks every
        assigned style object up in the workbook's style tables (hashing it) — for ~6,500 cells that
        was a fifth of the workbook's cost. The first cell of each format is styled the ordinary way;
        the others take a copy of its style ids (the same entries in the same tables)."""
        ids = self._body.get(number_format)
        if ids is None:
            cell.alignment = self.wrap
            if number_format:
                cell.number_format = number_format
            self._body[number_format] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(ids)


def _sheet(workbook, title, columns, heading: list[str], *, first: bool, styles: _Styles):
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = sheet_title(title)
    for row, text in enumerate(heading, start=1):
        cell = sheet.cell(row=row, column=1, value=safe_text(text))
        cell.font = styles.title if row == 1 else styles.heading
    for index, (label, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=label)
        cell.font, cell.fill, cell.alignment = styles.bold, styles.fill, styles.header
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 30  # two lines of a wrapped header
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    # The heading (company, engagement, date) and the header row on every printed page.
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the plan needs
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = MARGIN_INCHES
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "&P / &N"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{HEADER_ROW}"
    return sheet


def _write(sheet, row: int, values, *, styles: _Styles, date_columns=(), number_formats=None):
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        number_format = None
        if column in date_columns and value is not None:
            number_format = DATE_FORMAT
        if number_formats and column in number_formats:
            number_format = number_formats[column]
        styles.body(cell, number_format)
        _set_value(cell, cell_value(value))


def _set_value(cell, value) -> None:
    """The cell's value. Text has been through `cell_value` (core.xlsx.safe_text): no control
    character a workbook cannot hold (core.text.printable drops a superset of openpyxl's illegal
    characters) and a formula-looking text already quoted, so it is stored as text directly — openpyxl's
    own per-string scan for illegal characters was the single largest cost of the workbook. Anything
    else (numbers, dates, over-long text) takes openpyxl's ordinary path."""
    if type(value) is str and len(value) <= MAX_CELL_TEXT and not value.startswith("="):
        cell._value = value
        cell.data_type = "s"
    else:
        cell.value = value


def _engagement_label(engagement) -> str:
    """The engagement's name, with its kind when the title does not already say it."""
    if engagement.title:
        return f"{engagement.title}（{engagement.get_kind_display()}）"
    return str(engagement)


class ActionPlanXlsx(Exporter):
    content_type = XLSX

    def render(self, *, engagement, actions, today=None) -> ExportFile:
        """`actions`: the engagement's actions (with owner and root_issue loaded), in plan order."""
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        today = today or timezone.localdate()
        company = engagement.company
        actions = list(actions)
        reviews = list(
            ActionReview.objects.filter(action__in=actions)
            .select_related("reviewed_by")
            .order_by("action__due_on", "action__position", "action_id", "reviewed_on", "id")
        )
        by_action: dict[int, list] = {}
        for review in reviews:
            by_action.setdefault(review.action_id, []).append(review)
        era = formatting.document_era(company.organization)
        heading = [
            f"アクションプラン　{company.name}",
            f"{_engagement_label(engagement)}　期間: {period_label(engagement, today)}",
            f"出力日: {formatting.document_date(today, era=era)}　状況・期限は出力日時点",
        ]
        workbook = Workbook()
        styles = _Styles()
        sheet = _sheet(workbook, "アクションプラン", ACTION_COLUMNS, heading, first=True, styles=styles)
        numbers = {8: "#,##0.##", 13: "0", 15: "0"}
        for index, action in enumerate(actions, start=1):
            history = by_action.get(action.pk, [])
            latest = history[-1] if history else None
            _write(
                sheet,
                HEADER_ROW + index,
                [
                    index,
                    action.what,
                    action.owner.name,
                    action.due_on,
                    action.how_much,
                    action.how,
                    action.expected_effect,
                    action.expected_value,
                    action.expected_unit,
                    action.root_issue.text if action.root_issue else "",
                    action.get_status_display(),
                    "期限切れ" if action.is_overdue(today) else "",
                    len(history),
                    latest.reviewed_on if latest else None,
                    sum(1 for r in history if r.small_success),
                    latest.result if latest else "",
                    latest.next_step if latest else "",
                ],
                styles=styles,
                date_columns=(4, 14),
                number_formats=numbers,
            )
        sheet.auto_filter.ref = (
            f"A{HEADER_ROW}:{get_column_letter(len(ACTION_COLUMNS))}{HEADER_ROW + len(actions)}"
        )
        log = _sheet(
            workbook,
            "振り返り履歴",
            REVIEW_COLUMNS,
            [*heading[:2], "PDCA の振り返りをすべて記録順に載せています"],
            first=False,
            styles=styles,
        )
        row = HEADER_ROW
        numbers_by_action = {action.pk: index for index, action in enumerate(actions, start=1)}
        whats = {action.pk: action.what for action in actions}
        for review in reviews:
            row += 1
            _write(
                log,
                row,
                [
                    numbers_by_action[review.action_id],
                    whats[review.action_id],
                    review.reviewed_on,
                    review.get_status_display(),
                    review.result,
                    review.learning,
                    review.next_step,
                    "○" if review.small_success else "",
                    review.reviewed_by.display_name,
                ],
                styles=styles,
                date_columns=(3,),
            )
        log.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(REVIEW_COLUMNS))}{row}"
        filename = safe_filename("アクションプラン", company.name, month_label(today), extension="xlsx")
        return xlsx_file(filename, workbook)
