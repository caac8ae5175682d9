"""売上構成比・粗利管理表 as Excel: one fiscal year of the sales mix (engines/segments.py) — each segment's
plan and actual sales and gross profit per month, then the year's share, gross margin and achievement.
Yen values are real numbers shown in 千円 by the cell format (a sum in Excel is exact to the yen); every
text cell goes through core.xlsx (safe_text / neutralise_formulas), so a segment imported as
``=HYPERLINK(…)`` stays text."""

from __future__ import annotations

from decimal import Decimal

from banso.core.exporters import XLSX, Exporter, ExportFile, safe_filename

TITLE = "売上構成比・粗利管理表"
FIGURES = (
    ("計画売上高", "plan", "sales"),
    ("計画粗利", "plan", "gross_profit"),
    ("実績売上高", "actual", "sales"),
    ("実績粗利", "actual", "gross_profit"),
)


def _number(value):
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


class SalesMixXlsx(Exporter):
    content_type = XLSX

    def render(self, *, company, period_label: str, months, mix, kind_labels: dict) -> ExportFile:
        """`months`: the fiscal year's Month values; `mix`: engines.segments.SalesMix over their first
        days; `kind_labels`: {kind: Japanese label}."""
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        from banso.core.xlsx import PERCENT_FORMAT, THOUSAND_YEN_FORMAT, safe_text, sheet_title, xlsx_file

        bold, fill = Font(bold=True), PatternFill("solid", fgColor="E6EDF3")
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title("月別")
        sheet.append([TITLE])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(["事業者", safe_text(company.name)])
        sheet.append(["期間", safe_text(period_label)])
        sheet.append(["金額の単位", "千円（セルの値は円）"])
        sheet.append([])
        header = ["区分", "種類", "項目", *[m.label for m in months], "合計"]
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = bold, fill
        days = list(mix.months)

        def figure_row(name, kind, label, cells, total, side, figure):
            values = [getattr(getattr(cells[d], side), figure) for d in days]
            sheet.append(
                [
                    safe_text(name),
                    safe_text(kind),
                    label,
                    *[_number(v) for v in values],
                    _number(getattr(getattr(total, side), figure)),
                ]
            )
            for cell in sheet[sheet.max_row][3:]:
                cell.number_format = THOUSAND_YEN_FORMAT

        for row in mix.rows:
            for label, side, figure in FIGURES:
                figure_row(
                    row.name, kind_labels.get(row.kind, row.kind), label, row.months, row.total, side, figure
                )
        for label, side, figure in FIGURES:
            figure_row("合計", "", label, mix.totals, mix.total, side, figure)
            sheet[sheet.max_row][0].font = bold
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 16
        sheet.column_dimensions["C"].width = 12
        sheet.freeze_panes = "D7"

        summary = workbook.create_sheet(sheet_title("年間の構成比と粗利率"))
        summary.append(
            ["区分", "種類", "計画売上高", "構成比", "粗利率", "実績売上高", "構成比", "粗利率", "売上達成率"]
        )
        for cell in summary[1]:
            cell.font, cell.fill = bold, fill
        for row in [*mix.rows, None]:
            total = row.total if row is not None else mix.total
            summary.append(
                [
                    safe_text(row.name) if row is not None else "合計",
                    safe_text(kind_labels.get(row.kind, row.kind)) if row is not None else "",
                    _number(total.plan.sales),
                    _number(total.plan.share),
                    _number(total.plan.margin),
                    _number(total.actual.sales),
                    _number(total.actual.share),
                    _number(total.actual.margin),
                    _number(total.sales_achievement),
                ]
            )
            cells = summary[summary.max_row]
            for index in (2, 5):
                cells[index].number_format = THOUSAND_YEN_FORMAT
            for index in (3, 4, 6, 7, 8):
                cells[index].number_format = PERCENT_FORMAT
        summary.column_dimensions["A"].width = 24
        return xlsx_file(safe_filename(TITLE, company.name, period_label, extension="xlsx"), workbook)
