"""ローカルベンチマーク 財務分析: the A4 PDF and the Excel workbook laid out like METI's sheet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from banso.core import formatting
from banso.core.exporters import PDF, Exporter, ExportFile, safe_filename
from banso.core.formatting import thousand_yen
from banso.diagnosis.engines.benchmark_table import SHIPPED_SOURCE, SHIPPED_VERSION
from banso.diagnosis.engines.localbenchmark import IndicatorKey
from banso.diagnosis.report import Report

# The statement figures the official sheet shows beside the indicators (千円), and how to get them.
FIGURES = (
    ("売上高", lambda s: s.net_sales),
    ("営業利益", lambda s: s.operating_income),
    ("減価償却費", lambda s: s.depreciation),
    ("借入金（短期・長期・社債）", lambda s: _sum(s.short_term_borrowings, s.long_term_borrowings, s.bonds)),
    ("リース債務", lambda s: s.lease_obligations),
    ("現金及び預金", lambda s: s.cash_and_deposits),
    ("売上債権", lambda s: _sum(s.accounts_receivable, s.notes_receivable, s.electronic_receivables)),
    ("棚卸資産", lambda s: s.inventories),
    ("買入債務", lambda s: _sum(s.accounts_payable, s.notes_payable, s.electronic_payables)),
    ("純資産", lambda s: s.net_assets),
    ("総資産", lambda s: s.total_assets),
)

VALUE_FORMATS = {
    IndicatorKey.SALES_GROWTH: '0.0"%";"△"0.0"%"',
    IndicatorKey.OPERATING_MARGIN: '0.0"%";"△"0.0"%"',
    IndicatorKey.LABOR_PRODUCTIVITY: '#,##0"千円";"△"#,##0"千円"',
    IndicatorKey.EBITDA_DEBT_RATIO: '0.0"倍";"△"0.0"倍"',
    IndicatorKey.WORKING_CAPITAL_MONTHS: '0.0"ヶ月";"△"0.0"ヶ月"',
    IndicatorKey.EQUITY_RATIO: '0.0"%";"△"0.0"%"',
}


def _sum(*amounts):
    present = [a for a in amounts if a is not None]
    return sum(present) if present else None


def filename(report: Report, extension: str) -> str:
    return safe_filename(
        "ローカルベンチマーク", report.company.name, report.period_label, extension=extension
    )


class LocalBenchmarkPdf(Exporter):
    content_type = PDF

    def render(self, *, report: Report, organization_name: str = "") -> ExportFile:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.platypus import KeepTogether, Spacer, Table

        from banso.core.pdf import (
            PageInfo,
            build_pdf,
            escape_text,
            markup_paragraph,
            paragraph,
            styles,
            table_style,
        )

        st = styles()
        st["cell_center"] = ParagraphStyle("cell_center", parent=st["cell"], alignment=1)
        company = report.company
        story = [
            paragraph("ローカルベンチマーク　財務分析結果", st["title"]),
            _info_table(report, st),
            Spacer(1, 4 * mm),
        ]
        header = ["指標"] + [c.label for c in report.years for _ in (0, 1)] + ["業界中央値"]
        sub = [""] + [t for _ in report.years for t in ("算出結果", "評点")] + [""]
        body = [header, sub]
        for row in report.rows:
            label = (
                escape_text(f"{row.spec.number} {row.spec.label_ja}（{row.spec.unit}）")
                + f'<br/><font size="6" color="#51606f">{escape_text(row.spec.hint)}</font>'
            )
            line = [markup_paragraph(label, st["cell"])]
            for cell in row.cells:
                line += [cell.display, "—" if cell.score is None else f"{cell.score}点"]
            line.append(row.median_display)
            body.append(line)
        totals = ["総合評価点"]
        for column in report.years:
            result = column.result
            text = "—"
            if result is not None:
                rank = f"ランク{result.rank}" if result.rank else f"{result.scored_count}指標・ランクなし"
                text = f"<b>{escape_text(result.total_score)}点</b><br/>{escape_text(rank)}"
            totals += [markup_paragraph(text, st["cell_center"]), ""]
        totals.append("")
        body.append(totals)
        years = len(report.years)
        widths = [70 * mm] + [(20 * mm, 10 * mm)[i % 2] for i in range(years * 2)] + [18 * mm]
        table = Table(body, colWidths=widths, repeatRows=2)
        style = table_style(header_rows=2)
        for i in range(years):
            style.add("SPAN", (1 + 2 * i, 0), (2 + 2 * i, 0))
            style.add("SPAN", (1 + 2 * i, len(body) - 1), (2 + 2 * i, len(body) - 1))
        style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
        style.add("VALIGN", (0, 2), (-1, -1), "MIDDLE")
        style.add("ALIGN", (1, 0), (-1, 1), "CENTER")
        style.add("ALIGN", (1, len(body) - 1), (-1, len(body) - 1), "CENTER")
        style.add("BACKGROUND", (0, len(body) - 1), (-1, len(body) - 1), colors.HexColor("#f3f6f9"))
        style.add("FONTSIZE", (0, len(body) - 1), (-1, len(body) - 1), 8)
        table.setStyle(style)
        story.append(table)
        reasons = report.reasons()
        if reasons:
            story.append(Spacer(1, 2 * mm))
            for where, label, text in reasons:
                story.append(paragraph(f"※ {where} {label}: {text}", st["small"]))
        story.append(Spacer(1, 3 * mm))
        radar = report.radar_drawing(size=235)
        caption = paragraph("評点のレーダーチャート（1〜5点、外側ほど良い）", st["muted"])
        story.append(KeepTogether([radar, caption]))
        story.append(paragraph("財務データ（単位：千円）", st["h2"]))
        figures = [["項目"] + [c.label for c in report.years]]
        for label, getter in FIGURES:
            figures.append([label] + [thousand_yen(getter(c.statement)) for c in report.years])
        figures.append(["従業員数（人）"] + [str(c.statement.employees) for c in report.years])
        figure_table = Table(figures, colWidths=[60 * mm] + [32 * mm] * years, repeatRows=1)
        figure_style = table_style()
        figure_style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
        figure_table.setStyle(figure_style)
        story.append(figure_table)
        if report.table is not None:
            era = formatting.document_era(report.company.organization)
            story.append(Spacer(1, 3 * mm))
            story.append(
                paragraph(
                    f"基準値: {report.table.version_label}。出典: {_sentence(_public_source(report.table))}"
                    f"評価日時: {formatting.document_datetime(report.result.computed_at, era=era)}。"
                    "評点は業種・規模別の基準値との比較で、"
                    "同じ点数でも業種が違えば意味が異なります。",
                    st["muted"],
                )
            )
        info = PageInfo(
            title="ローカルベンチマーク",
            company_name=company.name,
            period=report.period_label,
            organization_name=organization_name,
        )
        return ExportFile(filename(report, "pdf"), PDF, build_pdf(info, story))


def _public_source(table) -> str:
    """Where the benchmark values come from, as a reader should see it. The shipped table's stored
    source may still name a file inside the application (older databases); show today's wording."""
    if table.organization_id is None and table.version == SHIPPED_VERSION:
        return SHIPPED_SOURCE
    return table.source


def _sentence(text: str) -> str:
    """Text ending with exactly one 「。」."""
    text = (text or "").strip().rstrip("。")
    return f"{text}。" if text else ""


def _info_table(report: Report, st):
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    from banso.core.pdf import paragraph, table_style

    company = report.company
    statement = report.selected.statement
    rows = [
        ["商号", paragraph(company.name, st["cell"]), "業種", paragraph(report.industry_display, st["cell"])],
        ["決算期", report.period_label, "規模区分", report.size_display],
        [
            "従業員数",
            f"{statement.employees}人",
            "基準値",
            report.table.version_label if report.table else "—",
        ],
    ]
    table = Table(rows, colWidths=[22 * mm, 68 * mm, 22 * mm, 68 * mm])
    style = table_style(header_rows=0)
    from reportlab.lib import colors

    style.add("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e6edf3"))
    style.add("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#e6edf3"))
    table.setStyle(style)
    return table


class LocalBenchmarkXlsx(Exporter):
    """Sheet 財務分析 in the order of the official tool (basic facts, 財務データ, 財務分析結果 with a
    radar chart of the scores), and sheet 決算書 with every line in yen."""

    def render(self, *, report: Report) -> ExportFile:
        from openpyxl import Workbook
        from openpyxl.chart import RadarChart, Reference
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        from banso.core.xlsx import THOUSAND_YEN_FORMAT, YEN_FORMAT, safe_text, xlsx_file
        from banso.diagnosis.engines.statement_lines import LINES

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "財務分析"
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="E6EDF3")
        thin = Side(style="thin", color="9AA6B2")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        company = report.company
        years = report.years

        sheet["A1"] = "ローカルベンチマーク　財務分析結果"
        sheet["A1"].font = Font(bold=True, size=14)
        facts = [
            ("商号", safe_text(company.name)),
            ("業種", report.industry_display),
            ("規模区分", report.size_display),
            ("決算期", report.period_label),
            ("基準値の版", report.table.version_label if report.table else ""),
            ("出力日", dt.date.today()),
        ]
        for offset, (label, value) in enumerate(facts):
            sheet.cell(3 + offset, 1, label).font = bold
            cell = sheet.cell(3 + offset, 2, value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy/mm/dd"

        row = 10
        sheet.cell(row, 1, "【財務データ】（単位：千円）").font = bold
        row += 1
        for col, text in enumerate(["項目", *[c.label for c in years]], start=1):
            cell = sheet.cell(row, col, text)
            cell.font, cell.fill, cell.border = bold, fill, box
        for label, getter in FIGURES:
            row += 1
            sheet.cell(row, 1, label).border = box
            for col, column in enumerate(years, start=2):
                cell = sheet.cell(row, col, getter(column.statement))
                cell.number_format, cell.border = THOUSAND_YEN_FORMAT, box
        row += 1
        sheet.cell(row, 1, "従業員数（人）").border = box
        for col, column in enumerate(years, start=2):
            sheet.cell(row, col, column.statement.employees).border = box

        row += 2
        sheet.cell(row, 1, "【財務分析結果】").font = bold
        row += 1
        header_row = row
        headers = ["指標", "単位"]
        for column in years:
            headers += [f"{column.label} 算出結果", "評点"]
        headers += ["業界中央値", "指標の意味", "備考（最新期）"]
        for col, text in enumerate(headers, start=1):
            cell = sheet.cell(row, col, text)
            cell.font, cell.fill, cell.border = bold, fill, box
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        first_score_row = row + 1
        for item in report.rows:
            row += 1
            sheet.cell(row, 1, f"{item.spec.number} {item.spec.label_ja}").border = box
            sheet.cell(row, 2, item.spec.unit).border = box
            col = 3
            for cell_data in item.cells:
                value = sheet.cell(row, col, _float(cell_data.value) if cell_data.value is not None else "—")
                value.number_format = VALUE_FORMATS[item.spec.key]
                score = sheet.cell(row, col + 1, cell_data.score)
                value.border = score.border = box
                col += 2
            median = sheet.cell(row, col, _float(item.median))
            median.number_format, median.border = VALUE_FORMATS[item.spec.key], box
            hint = sheet.cell(row, col + 1, item.spec.hint)
            hint.alignment, hint.border = Alignment(wrap_text=True, vertical="top"), box
            remark = sheet.cell(row, col + 2, item.current.reason or item.current.note or "")
            remark.alignment, remark.border = Alignment(wrap_text=True, vertical="top"), box
        last_score_row = row
        row += 1
        sheet.cell(row, 1, "総合評価点").font = bold
        row += 1
        sheet.cell(row, 1, "ランク").font = bold
        for index, column in enumerate(years):
            col = 4 + 2 * index
            if column.result is not None:
                sheet.cell(row - 1, col, column.result.total_score).font = bold
                sheet.cell(row - 1, col - 1, f"{column.result.scored_count}指標")
                sheet.cell(row, col, column.result.rank or "なし").font = bold
        for reason_row, (where, label, text) in enumerate(report.reasons(), start=row + 2):
            sheet.cell(reason_row, 1, f"※ {where} {label}: {text}")

        chart = RadarChart()
        chart.type = "marker"
        chart.title = "評点（5点が最も良い）"
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 5
        chart.y_axis.majorUnit = 1
        for index in range(len(years)):
            score_col = 4 + 2 * index
            data = Reference(sheet, min_col=score_col, min_row=header_row, max_row=last_score_row)
            chart.add_data(data, titles_from_data=True)
            chart.series[-1].tx.strRef = None
            from openpyxl.chart.series import SeriesLabel

            chart.series[-1].tx = SeriesLabel(v=years[index].label)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first_score_row, max_row=last_score_row))
        chart.height, chart.width = 9, 13
        sheet.add_chart(chart, f"A{row + 3 + len(report.reasons())}")

        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 18
        for index in range(len(years)):
            sheet.column_dimensions[_letter(3 + 2 * index)].width = 16
            sheet.column_dimensions[_letter(4 + 2 * index)].width = 7
        sheet.column_dimensions[_letter(3 + 2 * len(years))].width = 12
        sheet.column_dimensions[_letter(4 + 2 * len(years))].width = 50
        sheet.column_dimensions[_letter(5 + 2 * len(years))].width = 40
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

        data_sheet = workbook.create_sheet("決算書")
        data_sheet.append(["項目（円）", *[c.label for c in years]])
        for cell in data_sheet[1]:
            cell.font, cell.fill = bold, fill
        for line in LINES:
            data_sheet.append([line.label, *[getattr(c.statement, line.key) for c in years]])
            for cell in data_sheet[data_sheet.max_row][1:]:
                cell.number_format = YEN_FORMAT
        data_sheet.append(["従業員数（人）", *[c.statement.employees for c in years]])
        data_sheet.append(["出典・メモ", *[safe_text(c.statement.source_note) for c in years]])
        data_sheet.column_dimensions["A"].width = 26
        for index in range(len(years)):
            data_sheet.column_dimensions[_letter(2 + index)].width = 18
        return xlsx_file(filename(report, "xlsx"), workbook)


def _float(value: Decimal | None):
    if value is None:
        return None
    return float(value)


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)
