"""The action plan as an Excel workbook: one row per action (real dates and numbers), and the PDCA
history of every review on a second sheet. A4 landscape, the header row frozen and repeated."""

from __future__ import annotations

from django.utils import timezone

from banso.core import formatting
from banso.core.exporters import XLSX, Exporter, ExportFile, safe_filename
from banso.core.xlsx import DATE_FORMAT, cell_value, safe_text, sheet_title, xlsx_file
from banso.engagements.exports._common import month_label, period_label
from banso.engagements.models import ActionReview

ACTION_COLUMNS = (
    ("No.", 5),
    ("何を", 34),
    ("誰が", 14),
    ("いつまでに", 12),
    ("どの程度", 22),
    ("どのように", 26),
    ("見込む効果", 26),
    ("目標値", 10),
    ("単位", 7),
    ("取り組む裏課題", 26),
    ("状況", 8),
    ("期限", 9),
    ("振り返り回数", 8),
    ("最終振り返り日", 12),
    ("小さな成功体験", 8),
    ("最新の結果", 30),
    ("次の一歩", 30),
)
REVIEW_COLUMNS = (
    ("No.", 5),
    ("何を", 34),
    ("振り返った日", 12),
    ("振り返り後の状況", 10),
    ("結果", 34),
    ("学び", 30),
    ("次の一歩", 30),
    ("小さな成功体験", 8),
    ("記録した人", 14),
)
HEADER_ROW = 4


def _sheet(workbook, title, columns, heading: list[str], *, first: bool):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = sheet_title(title)
    for row, text in enumerate(heading, start=1):
        sheet.cell(row=row, column=1, value=safe_text(text)).font = Font(
            bold=row == 1, size=13 if row == 1 else 10
        )
    fill = PatternFill("solid", fgColor="E6EDF3")
    for index, (label, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=label)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P / &N"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{HEADER_ROW}"
    return sheet


def _write(sheet, row: int, values, date_columns=(), number_formats=None):
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=cell_value(value))
        cell.alignment = wrap
        if column in date_columns and value is not None:
            cell.number_format = DATE_FORMAT
        if number_formats and column in number_formats:
            cell.number_format = number_formats[column]


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
        sheet = _sheet(workbook, "アクションプラン", ACTION_COLUMNS, heading, first=True)
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
                date_columns=(3,),
            )
        log.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(REVIEW_COLUMNS))}{row}"
        filename = safe_filename("アクションプラン", company.name, month_label(today), extension="xlsx")
        return xlsx_file(filename, workbook)
