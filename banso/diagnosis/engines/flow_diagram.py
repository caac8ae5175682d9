"""商流・業務フロー drawn once with reportlab.graphics: the same Drawing goes on the page (as SVG) and
into the PDF, so screen and print agree (like banso.core.charts).

Top: the internal flow as a row of process steps (① 企画 → ② 仕入 → …), each with what it does and,
highlighted, what differentiates it. Bottom: the commercial flow — 仕入先・協力先・外注先 → 自社 →
得意先 → エンドユーザー — each party with why they deal with the company. Kinds are told apart by
their label and position, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from banso.core.fonts import register_japanese_font
from banso.core.text import printable
from banso.diagnosis.engines.sheet_items import COUNTERPARTY_KINDS, CUSTOMER, END_USER, UPSTREAM_KINDS

WIDTH = 760
INK = "#1d2733"
MUTED = "#51606f"
LINE = "#9aa6b2"
BRAND = "#1f5f8b"
BRAND_SOFT = "#e6f0f7"
WARN_SOFT = "#fdf3df"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫"
MAX_LINES = 6


@dataclass(frozen=True)
class StepBox:
    name: str
    activity: str
    differentiation: str


@dataclass(frozen=True)
class PartyBox:
    kind: str
    name: str
    reason: str


def wrap(text: str, *, font: str, size: float, width: float, max_lines: int = MAX_LINES) -> list[str]:
    """Break text into lines that fit `width` (character by character, as Japanese allows)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for paragraph in printable(text or "").splitlines() or [""]:
        current = ""
        for ch in paragraph:
            if stringWidth(current + ch, font, size) > width and current:
                lines.append(current)
                current = ch
            else:
                current += ch
        lines.append(current)
    lines = [line for line in lines if line.strip()] or []
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _text_block(drawing, lines, *, x, y_top, font, size, color=INK, leading=None):
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    leading = leading or size * 1.35
    for i, line in enumerate(lines):
        drawing.add(
            String(
                x,
                y_top - size - i * leading,
                line,
                fontName=font,
                fontSize=size,
                fillColor=colors.HexColor(color),
            )
        )
    return len(lines) * leading


def _arrow(drawing, x1, y1, x2, y2, *, color=LINE):
    import math

    from reportlab.graphics.shapes import Line, Polygon
    from reportlab.lib import colors

    drawing.add(Line(x1, y1, x2, y2, strokeColor=colors.HexColor(color), strokeWidth=1.2))
    angle = math.atan2(y2 - y1, x2 - x1)
    size = 6
    left = (x2 - size * math.cos(angle - 0.45), y2 - size * math.sin(angle - 0.45))
    right = (x2 - size * math.cos(angle + 0.45), y2 - size * math.sin(angle + 0.45))
    drawing.add(
        Polygon([x2, y2, *left, *right], fillColor=colors.HexColor(color), strokeColor=colors.HexColor(color))
    )


def _empty_box(drawing, box, note_at, note: str, font: str) -> None:
    """A dashed box `(x, y, width, height)` where nothing was entered yet, with a muted `note` at `(x, y)`."""
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    drawing.add(Rect(*box, strokeColor=colors.HexColor(LINE), strokeDashArray=(3, 2), fillColor=None))
    drawing.add(String(*note_at, note, fontName=font, fontSize=8, fillColor=colors.HexColor(MUTED)))


def _steps_section(steps: Sequence[StepBox], font: str) -> tuple[float, list]:
    """(height, draw functions taking (drawing, y_top))."""
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    title_h = 18
    if not steps:

        def draw_empty(drawing, top):
            drawing.add(
                String(0, top - 12, "業務フロー", fontName=font, fontSize=10, fillColor=colors.HexColor(INK))
            )
            note = "業務フローはまだ入力されていません。"
            _empty_box(drawing, (0, top - 48, WIDTH, 28), (10, top - 38), note, font)

        return 52, [draw_empty]
    gap = 14
    count = len(steps)
    box_w = (WIDTH - gap * (count - 1)) / count
    size = 7.5 if count <= 6 else 6.5
    inner = box_w - 8
    wrapped = [
        (
            wrap(f"{CIRCLED[i]} {s.name}", font=font, size=size + 1.5, width=inner, max_lines=2),
            wrap(s.activity, font=font, size=size, width=inner),
            wrap(s.differentiation, font=font, size=size, width=inner),
        )
        for i, s in enumerate(steps)
    ]
    leading = size * 1.35
    head_h = max(len(w[0]) for w in wrapped) * (size + 1.5) * 1.35 + 8
    act_h = max(len(w[1]) for w in wrapped) * leading + 8
    diff_h = max(max(len(w[2]) for w in wrapped), 1) * leading + 14
    box_h = head_h + act_h + diff_h

    def draw(drawing, top):
        drawing.add(
            String(0, top - 12, "業務フロー", fontName=font, fontSize=10, fillColor=colors.HexColor(INK))
        )
        y_top = top - title_h
        for i, (head, act, diff) in enumerate(wrapped):
            x = i * (box_w + gap)
            drawing.add(
                Rect(
                    x, y_top - box_h, box_w, box_h, strokeColor=colors.HexColor(BRAND), fillColor=colors.white
                )
            )
            drawing.add(
                Rect(
                    x,
                    y_top - head_h,
                    box_w,
                    head_h,
                    strokeColor=colors.HexColor(BRAND),
                    fillColor=colors.HexColor(BRAND_SOFT),
                )
            )
            _text_block(drawing, head, x=x + 4, y_top=y_top - 3, font=font, size=size + 1.5)
            _text_block(drawing, act, x=x + 4, y_top=y_top - head_h - 3, font=font, size=size)
            diff_top = y_top - head_h - act_h
            drawing.add(
                Rect(
                    x + 2,
                    y_top - box_h + 2,
                    box_w - 4,
                    diff_h - 4,
                    strokeColor=None,
                    fillColor=colors.HexColor(WARN_SOFT),
                )
            )
            drawing.add(
                String(
                    x + 4,
                    diff_top - 9,
                    "差別化ポイント",
                    fontName=font,
                    fontSize=size - 0.5,
                    fillColor=colors.HexColor(MUTED),
                )
            )
            _text_block(drawing, diff or ["—"], x=x + 4, y_top=diff_top - 10, font=font, size=size)
            if i < count - 1:
                mid = y_top - box_h / 2
                _arrow(drawing, x + box_w + 1, mid, x + box_w + gap - 1, mid, color=BRAND)

    return title_h + box_h + 10, [draw]


def _party_box(drawing, party: PartyBox, *, x, y_top, width, font, wrapped):
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    name_lines, reason_lines = wrapped
    height = _party_height(wrapped)
    drawing.add(
        Rect(x, y_top - height, width, height, strokeColor=colors.HexColor(LINE), fillColor=colors.white)
    )
    drawing.add(
        String(
            x + 4,
            y_top - 10,
            f"［{COUNTERPARTY_KINDS[party.kind]}］",
            fontName=font,
            fontSize=7,
            fillColor=colors.HexColor(MUTED),
        )
    )
    used = _text_block(drawing, name_lines, x=x + 4, y_top=y_top - 12, font=font, size=8.5)
    _text_block(drawing, reason_lines, x=x + 4, y_top=y_top - 14 - used, font=font, size=7, color=MUTED)
    return height


def _party_height(wrapped) -> float:
    name_lines, reason_lines = wrapped
    return 16 + len(name_lines) * 8.5 * 1.35 + len(reason_lines) * 7 * 1.35 + 6


def _parties_section(parties: Sequence[PartyBox], company_name: str, font: str) -> tuple[float, list]:
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    title_h = 18
    columns = [
        [p for p in parties if p.kind in UPSTREAM_KINDS],
        None,  # the company
        [p for p in parties if p.kind == CUSTOMER],
        [p for p in parties if p.kind == END_USER],
    ]
    headers = ["仕入先・協力先・外注先", "自社", "得意先", "エンドユーザー"]
    gap = 34
    col_w = (WIDTH - gap * 3) / 4
    box_gap = 8
    wrapped = [
        [
            (
                wrap(p.name, font=font, size=8.5, width=col_w - 8, max_lines=2),
                wrap(p.reason, font=font, size=7, width=col_w - 8, max_lines=4),
            )
            for p in column
        ]
        if column is not None
        else None
        for column in columns
    ]
    heights = [
        sum(_party_height(w) for w in column) + box_gap * max(len(column) - 1, 0) if column else 40
        for column in wrapped
        if column is not None
    ]
    body_h = max([*heights, 70])

    def draw(drawing, top):
        drawing.add(
            String(
                0, top - 12, "商流（取引の流れ）", fontName=font, fontSize=10, fillColor=colors.HexColor(INK)
            )
        )
        y_top = top - title_h
        for index, header in enumerate(headers):
            x = index * (col_w + gap)
            drawing.add(
                String(x, y_top - 9, header, fontName=font, fontSize=8, fillColor=colors.HexColor(MUTED))
            )
        body_top = y_top - 14
        mid = body_top - body_h / 2
        centers: list[list[float]] = []
        for index, column in enumerate(columns):
            x = index * (col_w + gap)
            if column is None:
                company_h = 54
                drawing.add(
                    Rect(
                        x,
                        mid - company_h / 2,
                        col_w,
                        company_h,
                        strokeColor=colors.HexColor(BRAND),
                        strokeWidth=2,
                        fillColor=colors.HexColor(BRAND_SOFT),
                    )
                )
                lines = wrap(company_name, font=font, size=10, width=col_w - 10, max_lines=2)
                _text_block(drawing, lines, x=x + 6, y_top=mid + company_h / 2 - 8, font=font, size=10)
                centers.append([mid])
                continue
            if not column:
                _empty_box(drawing, (x, mid - 18, col_w, 36), (x + 6, mid - 3), "未入力", font)
                centers.append([mid])
                continue
            y = body_top
            column_centers = []
            for party, wrapped_party in zip(column, wrapped[index], strict=True):
                height = _party_box(
                    drawing, party, x=x, y_top=y, width=col_w, font=font, wrapped=wrapped_party
                )
                column_centers.append(y - height / 2)
                y -= height + box_gap
            centers.append(column_centers)
        for index in range(3):
            x_from = index * (col_w + gap) + col_w + 2
            x_to = (index + 1) * (col_w + gap) - 2
            if index == 0:
                for cy in centers[0]:
                    _arrow(drawing, x_from, cy, x_to, mid, color=BRAND)
            elif index == 1:
                for cy in centers[2]:
                    _arrow(drawing, x_from, mid, x_to, cy, color=BRAND)
            else:
                _arrow(drawing, x_from, mid, x_to, mid, color=BRAND)

    return title_h + 14 + body_h + 6, [draw]


def flow_drawing(steps: Sequence[StepBox], parties: Sequence[PartyBox], *, company_name: str):
    """The whole diagram, WIDTH points wide; its height follows the content."""
    from reportlab.graphics.shapes import Drawing

    font = register_japanese_font()
    step_h, step_draw = _steps_section(steps, font)
    party_h, party_draw = _parties_section(parties, company_name, font)
    spacing = 16
    height = step_h + spacing + party_h
    drawing = Drawing(WIDTH, height)
    for fn in step_draw:
        fn(drawing, height)
    for fn in party_draw:
        fn(drawing, height - step_h - spacing)
    return drawing


def sheet_flow_drawing(sheet):
    """The diagram of a NonFinancialSheet (its steps and counterparties, already ordered)."""
    return flow_drawing(
        [StepBox(s.name, s.activity, s.differentiation) for s in sheet.steps.all()],
        [PartyBox(c.kind, c.name, c.reason) for c in sheet.counterparties.all()],
        company_name=sheet.company.name,
    )


def scaled(drawing, width: float):
    """The drawing scaled to `width` points (for a PDF frame)."""
    factor = min(1.0, width / drawing.width)
    drawing.scale(factor, factor)
    drawing.width *= factor
    drawing.height *= factor
    return drawing
