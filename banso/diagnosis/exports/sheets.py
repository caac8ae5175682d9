"""PDF (A4 landscape) and Excel of the non-financial sheet (商流・業務フロー + 4つの視点) and of the
経営デザインシート."""

from __future__ import annotations

from abc import abstractmethod

from banso.core import formatting
from banso.core.exporters import PDF, Exporter, ExportFile, safe_filename
from banso.diagnosis.engines.sheet_items import (
    ALL_SECTIONS,
    COUNTERPARTY_KINDS,
    DESIGN_BOXES,
    SUMMARY_SECTION,
    VIEWPOINT_SECTIONS,
)


def _date(sheet) -> str:
    return formatting.document_date(sheet.as_of, era=formatting.document_era(sheet.company.organization))


def _para(text: str, style):
    from banso.core.pdf import paragraph

    return paragraph(text, style, empty="—")


def sheet_filename(title: str, sheet, extension: str) -> str:
    return safe_filename(title, sheet.company.name, f"{sheet.as_of:%Y%m%d}", extension=extension)


class SheetPdf(Exporter):
    """A dated sheet on A4 landscape; subclasses name the `title` and build the `story`."""

    content_type = PDF
    title = ""

    @abstractmethod
    def story(self, sheet) -> list:
        """The platypus flowables of the sheet's pages."""

    def render(self, *, sheet, organization_name: str = "") -> ExportFile:
        from banso.core.pdf import PageInfo, build_pdf

        story = self.story(sheet)
        info = PageInfo(
            title=self.title,
            company_name=sheet.company.name,
            period=f"{_date(sheet)}作成",
            organization_name=organization_name,
        )
        return ExportFile(
            sheet_filename(self.title, sheet, "pdf"), PDF, build_pdf(info, story, landscape=True)
        )


class SheetXlsx(Exporter):
    """A dated sheet as a workbook; subclasses name the `title` and `fill` the workbook. Every
    worksheet prints on A4 landscape, fitted to the page width."""

    title = ""

    @abstractmethod
    def fill(self, workbook, sheet) -> None:
        """Write the sheet into the (new, one-worksheet) workbook."""

    def render(self, *, sheet) -> ExportFile:
        from openpyxl import Workbook

        from banso.core.xlsx import xlsx_file

        workbook = Workbook()
        self.fill(workbook, sheet)
        for ws in workbook.worksheets:
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
            ws.page_setup.orientation = "landscape"
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToHeight = 0
        return xlsx_file(sheet_filename(self.title, sheet, "xlsx"), workbook)


def _title_row(ws, title: str, sheet, *more) -> None:
    """Row 1: what the worksheet is, the company and the sheet's date (yyyy/mm/dd), then `more`."""
    from openpyxl.styles import Font

    from banso.core.xlsx import safe_text

    ws.append([title, safe_text(sheet.company.name), sheet.as_of, *more])
    ws["A1"].font = Font(bold=True, size=13)
    ws["C1"].number_format = "yyyy/mm/dd"


class NonFinancialSheetPdf(SheetPdf):
    title = "非財務シート"

    def story(self, sheet) -> list:
        from reportlab.lib.units import mm
        from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table

        from banso.core.pdf import paragraph, styles, table_style
        from banso.diagnosis.engines.flow_diagram import scaled, sheet_flow_drawing

        st = styles()
        width = 267 * mm  # A4 landscape minus margins
        story = [
            paragraph("ローカルベンチマーク　商流・業務フロー", st["title"]),
            scaled(sheet_flow_drawing(sheet), width),
            PageBreak(),
            paragraph("ローカルベンチマーク　4つの視点（非財務ヒアリングシート）", st["title"]),
        ]
        for section in VIEWPOINT_SECTIONS:
            rows = [["項目", "内容", "出典となった対話"]]
            for item in section.items:
                answer = sheet.answer(item.key)
                rows.append(
                    [
                        _para(item.label, st["cell"]),
                        _para(answer["text"], st["cell"]),
                        _para(answer["source"], st["small"]),
                    ]
                )
            table = Table(rows, colWidths=[62 * mm, 160 * mm, 45 * mm], repeatRows=1)
            table.setStyle(table_style())
            story.append(KeepTogether([paragraph(section.label, st["h2"]), table]))
        summary = [
            [_para(item.label, st["cell"]) for item in SUMMARY_SECTION.items[:2]],
            [_para(sheet.answer(item.key)["text"], st["cell"]) for item in SUMMARY_SECTION.items[:2]],
            [_para(item.label, st["cell"]) for item in SUMMARY_SECTION.items[2:]],
            [_para(sheet.answer(item.key)["text"], st["cell"]) for item in SUMMARY_SECTION.items[2:]],
        ]
        summary_table = Table(summary, colWidths=[width / 2, width / 2])
        style = table_style(header_rows=1)
        from reportlab.lib import colors

        style.add("BACKGROUND", (0, 2), (-1, 2), colors.HexColor("#e6edf3"))
        summary_table.setStyle(style)
        return [*story, Spacer(1, 3 * mm), KeepTogether([paragraph("まとめ", st["h2"]), summary_table])]


class NonFinancialSheetXlsx(SheetXlsx):
    title = "非財務シート"

    def fill(self, workbook, sheet) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        from banso.core.xlsx import safe_text

        bold, fill = Font(bold=True), PatternFill("solid", fgColor="E6EDF3")
        wrap = Alignment(wrap_text=True, vertical="top")

        flow = workbook.active
        flow.title = "商流・業務フロー"
        _title_row(flow, "商流・業務フロー", sheet)
        flow.append([])
        flow.append(["【業務フロー】"])
        flow.append(["順番", "工程", "内容（何をしているか）", "差別化ポイント"])
        for step in sheet.steps.all():
            flow.append(
                [step.order, safe_text(step.name), safe_text(step.activity), safe_text(step.differentiation)]
            )
        flow.append([])
        flow.append(["【商流】"])
        flow.append(["区分", "名称", "取引の理由（選ばれている理由）"])
        for party in sheet.counterparties.all():
            flow.append([COUNTERPARTY_KINDS[party.kind], safe_text(party.name), safe_text(party.reason)])
        for row in flow.iter_rows():
            for cell in row:
                cell.alignment = wrap
                if cell.value in ("順番", "工程", "区分", "名称") or str(cell.value or "").startswith("【"):
                    cell.font = bold
        for column, width in zip("ABCD", (14, 28, 50, 50), strict=True):
            flow.column_dimensions[column].width = width

        views = workbook.create_sheet("4つの視点")
        _title_row(views, "4つの視点", sheet)
        views.append([])
        views.append(["視点", "項目", "内容", "出典となった対話"])
        for cell in views[3]:
            cell.font, cell.fill = bold, fill
        for section in ALL_SECTIONS:
            for item in section.items:
                answer = sheet.answer(item.key)
                views.append(
                    [section.label, item.label, safe_text(answer["text"]), safe_text(answer["source"])]
                )
        for row in views.iter_rows(min_row=4):
            for cell in row:
                cell.alignment = wrap
        for column, width in zip("ABCD", (22, 36, 70, 28), strict=True):
            views.column_dimensions[column].width = width


class DesignSheetPdf(SheetPdf):
    """One A4 landscape page: A across the top, B (これまで) and C (これから) side by side, D below."""

    title = "経営デザインシート"

    def story(self, sheet) -> list:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer, Table, TableStyle

        from banso.core.fonts import register_japanese_font
        from banso.core.pdf import paragraph, styles

        st = styles()
        font = register_japanese_font()
        box_title = ParagraphStyle(
            "box_title", parent=st["body"], fontSize=10.5, leading=14, textColor=colors.white
        )
        label = ParagraphStyle("label", parent=st["small"], textColor=colors.HexColor("#51606f"))
        width = 267 * mm

        def box(spec):
            rows = [[paragraph(spec.label, box_title)]]
            for item in spec.fields:
                rows.append([paragraph(item.label, label)])
                rows.append([_para(getattr(sheet, item.key), st["cell"])])
            return rows

        boxes = {spec.key: box(spec) for spec in DESIGN_BOXES}
        heading = sheet.title or "経営デザインシート"
        story = [paragraph(f"経営デザインシート　{heading}（{_date(sheet)}）", st["h1"])]

        def boxed(rows, col_width, color, *, border=True):
            table = Table(rows, colWidths=[col_width])
            commands = [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(color)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
            ]
            if border:
                commands.append(("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(color)))
            table.setStyle(TableStyle(commands))
            return table

        half = (width - 6 * mm) / 2
        story.append(boxed(boxes["A"], width, "#1f5f8b"))
        story.append(Spacer(1, 3 * mm))
        # B and C share one row so their frames are the same height, whatever each holds.
        pair = Table(
            [
                [
                    boxed(boxes["B"], half, "#51606f", border=False),
                    "",
                    boxed(boxes["C"], half, "#1e7a46", border=False),
                ]
            ],
            colWidths=[half, 6 * mm, half],
        )
        pair.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("BOX", (0, 0), (0, 0), 1.2, colors.HexColor("#51606f")),
                    ("BOX", (2, 0), (2, 0), 1.2, colors.HexColor("#1e7a46")),
                    ("FONTNAME", (0, 0), (-1, -1), font),
                ]
            )
        )
        story.append(pair)
        story.append(Spacer(1, 3 * mm))
        story.append(boxed(boxes["D"], width, "#9a6200"))
        story.append(Spacer(1, 2 * mm))
        story.append(
            paragraph(
                "A を最初に書き、新しい方向を描くときは C から（これからの姿から逆算）、"
                "今の事業を立て直すときは B から考えます。D は B から C へ移るために今から取り組むことです。",
                st["muted"],
            )
        )
        return story


class DesignSheetXlsx(SheetXlsx):
    title = "経営デザインシート"

    def fill(self, workbook, sheet) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        from banso.core.xlsx import safe_text

        ws = workbook.active
        ws.title = self.title
        _title_row(ws, self.title, sheet, safe_text(sheet.title))
        ws.append([])
        for box in DESIGN_BOXES:
            ws.append([box.label])
            ws.cell(ws.max_row, 1).font = Font(bold=True, color="FFFFFF")
            ws.cell(ws.max_row, 1).fill = PatternFill("solid", fgColor="1F5F8B")
            for item in box.fields:
                ws.append([item.label, safe_text(getattr(sheet, item.key))])
                ws.cell(ws.max_row, 1).font = Font(bold=True)
                ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
            ws.append([])
        ws.column_dimensions["A"].width = 32
        ws.column_dimensions["B"].width = 90
        ws.column_dimensions["C"].width = 12  # the date (yyyy/mm/dd) fits instead of showing ###
        ws.column_dimensions["D"].width = 40
