"""A4 PDF documents with reportlab platypus: embedded Japanese font, CJK line breaking, page numbers,
and the company name and period on every page.

Text reaches a flowable only through this module. reportlab's Paragraph parses markup (`<img src>`
reads files from the server's disk, `<a href>` makes links, `<font>` restyles), so:
- `paragraph(text, style)` is for any text, user's or not: escaped, line breaks kept. The default.
- `markup_paragraph(markup, style)` is for markup written by code (`<b>`, `<br/>`, `<font>`); every
  piece of user text inside it must first go through `escape_text`.
A test (tests/hostile/test_pdf_mechanism.py) fails when any other module builds a Paragraph itself.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from banso.core.fonts import register_japanese_font
from banso.core.text import printable


def escape_text(text) -> str:
    """Text as a safe markup fragment: &, < and > escaped, line breaks as <br/>, no control characters."""
    text = printable(str(text if text is not None else ""))
    return escape(text).replace("\r\n", "\n").replace("\n", "<br/>")


def paragraph(text, style, *, empty: str = ""):
    """A Paragraph that shows `text` literally (never markup); `empty` stands in for blank text."""
    from reportlab.platypus import Paragraph

    safe = escape_text(text)
    return Paragraph(safe if safe.strip() else escape_text(empty), style)


def markup_paragraph(markup: str, style):
    """A Paragraph of markup written by code. Only already-safe fragments: literals of the code and
    user text passed through `escape_text`. Never user text as it is."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup, style)


@dataclass(frozen=True)
class PageInfo:
    title: str
    company_name: str = ""
    period: str = ""
    organization_name: str = ""


def styles():
    """Paragraph styles in the house look, all with the Japanese font and CJK word wrap; headings
    (h1, h2) keep with the next flowable."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    font = register_japanese_font()
    base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "muted": ParagraphStyle(
            "muted", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#51606f")
        ),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, spaceAfter=6),
        # Headings never stay alone at the foot of a page: they keep with what follows.
        "h1": ParagraphStyle(
            "h1", parent=base, fontSize=13, leading=19, spaceBefore=10, spaceAfter=5, keepWithNext=1
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=11, leading=16, spaceBefore=8, spaceAfter=3, keepWithNext=1
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8.5, leading=12, alignment=2),
    }


def table_style(header_rows: int = 1):
    """Grid, header shading and the Japanese font for a platypus Table."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    font = register_japanese_font()
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa6b2")),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e6edf3")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )


def build_pdf(info: PageInfo, flowables: Sequence, *, landscape: bool = False) -> bytes:
    """Lay out flowables on A4 (portrait for tables, landscape for sheets) with a running header
    (title, company, period) and 'n / N' page numbers in the footer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    font = register_japanese_font()
    pagesize = to_landscape(A4) if landscape else A4
    width, height = pagesize
    muted = colors.HexColor("#51606f")

    def header(canvas, document):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(muted)
        text = "　".join(part for part in (info.title, info.company_name, info.period) if part)
        canvas.drawString(15 * mm, height - 12 * mm, printable(text))
        if info.organization_name:
            canvas.drawRightString(width - 15 * mm, height - 12 * mm, printable(info.organization_name))
        canvas.setStrokeColor(colors.HexColor("#c8d0d8"))
        canvas.line(15 * mm, height - 14 * mm, width - 15 * mm, height - 14 * mm)
        canvas.restoreState()

    class NumberedCanvas(Canvas):
        """Holds pages back until the end so each footer can say 'n / N'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.setFillColor(muted)
                self.drawCentredString(width / 2, 9 * mm, f"{self._pageNumber} / {total}")
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=16 * mm,
        title=f"{info.title} {info.company_name}".strip(),
        author=info.organization_name or "Banso",
        creator="Banso",
    )
    doc.build(list(flowables), onFirstPage=header, onLaterPages=header, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
