"""従事時間管理表 as an Excel workbook, in the layout the 経営改善計画策定支援事業 (405事業) asks for
when the fee is claimed: a heading (事業者名, 支援機関, 対象期間, 合計時間), then one row per piece of
work — No., 年月日, 支援者, 区分, 内容, 時間 (時:分), 時間数 (decimal hours, a real number) — and a
second sheet with the totals per month and per kind. Every user text through core.xlsx safe_text;
A4 portrait, the header rows repeated on every printed page."""

from __future__ import annotations

from django.utils import timezone

from banso.core import formatting
from banso.core.exporters import XLSX, Exporter, ExportFile, safe_filename
from banso.core.xlsx import xlsx_file
from banso.engagements.engines import timesheet
from banso.engagements.exports.action_plan import HEADER_ROW, _sheet, _Styles, _write

ENTRY_COLUMNS = (
    ("No.", 5),
    ("年月日", 11),
    ("支援者", 14),
    ("区分", 11),
    ("業務内容", 44),
    ("時間", 10),
    ("時間数", 8),
)
HOURS_FORMAT = "0.00"


class TimeSheetXlsx(Exporter):
    content_type = XLSX

    def render(self, *, title: str, organization_name: str, period: str, entries, today=None) -> ExportFile:
        """`title`: whose sheet (the company's name and the engagement, or a supporter's name);
        `entries`: engines.timesheet.Entry, in sheet order."""
        from openpyxl import Workbook

        today = today or timezone.localdate()
        entries = list(entries)
        sums = timesheet.totals(entries)
        heading = [
            f"業務従事時間管理表　{title}",
            f"支援機関: {organization_name}　対象期間: {period}",
            f"合計 {timesheet.duration_text(sums.total)}（{timesheet.hours(sums.total)}時間）　"
            f"出力日: {formatting.document_date(today)}",
        ]
        workbook = Workbook()
        styles = _Styles()
        sheet = _sheet(workbook, "従事時間", ENTRY_COLUMNS, heading, first=True, styles=styles)
        sheet.page_setup.orientation = "portrait"
        with_engagement = any(e.engagement_label for e in entries)
        for index, entry in enumerate(entries, start=1):
            content = entry.content or ""
            if with_engagement and entry.engagement_label:
                content = f"【{entry.engagement_label}】{content}"
            _write(
                sheet,
                HEADER_ROW + index,
                [
                    index,
                    entry.day,
                    entry.worker,
                    entry.kind_label,
                    content,
                    timesheet.duration_text(entry.minutes),
                    timesheet.hours(entry.minutes),
                ],
                styles=styles,
                date_columns=(2,),
                number_formats={7: HOURS_FORMAT},
            )
        total_row = HEADER_ROW + len(entries) + 1
        _write(
            sheet,
            total_row,
            ["", None, "", "合計", "", timesheet.duration_text(sums.total), timesheet.hours(sums.total)],
            styles=styles,
            number_formats={7: HOURS_FORMAT},
        )
        kinds = list(timesheet.KIND_LABELS.values())
        summary = _sheet(
            workbook,
            "月別・区分別",
            [("月", 10), *[(label, 10) for label in kinds], ("合計", 10)],
            [*heading[:2], "時間数（時間）"],
            first=False,
            styles=styles,
        )
        rows = sums.month_rows()
        numbers = {column: HOURS_FORMAT for column in range(2, len(kinds) + 3)}
        for index, row in enumerate(rows, start=1):
            _write(
                summary,
                HEADER_ROW + index,
                [
                    timesheet.month_label(row["month"]),
                    *[timesheet.hours(m) for m in row["kinds"]],
                    timesheet.hours(row["minutes"]),
                ],
                styles=styles,
                number_formats=numbers,
            )
        _write(
            summary,
            HEADER_ROW + len(rows) + 1,
            ["合計", *[timesheet.hours(m) for m in sums.kind_totals()], timesheet.hours(sums.total)],
            styles=styles,
            number_formats=numbers,
        )
        return xlsx_file(safe_filename("従事時間管理表", title, period, extension="xlsx"), workbook)
