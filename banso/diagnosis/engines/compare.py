"""Side-by-side comparison of two dated versions of a sheet (this year's against last year's)."""

from __future__ import annotations

from dataclasses import dataclass

from banso.diagnosis.engines.sheet_items import ALL_SECTIONS, COUNTERPARTY_KINDS, DESIGN_BOXES


@dataclass(frozen=True)
class CompareRow:
    group: str
    label: str
    older: str
    newer: str

    @property
    def changed(self) -> bool:
        return self.older.strip() != self.newer.strip()


def _answer(sheet, key: str) -> str:
    answer = sheet.answer(key)
    return answer["text"] + (f"\n（出典: {answer['source']}）" if answer["source"] else "")


def _steps(sheet) -> str:
    return "\n".join(
        f"{s.order}. {s.name}: {s.activity}" + (f"／差別化: {s.differentiation}" if s.differentiation else "")
        for s in sheet.steps.all()
    )


def _parties(sheet) -> str:
    return "\n".join(
        f"［{COUNTERPARTY_KINDS[c.kind]}］{c.name}" + (f": {c.reason}" if c.reason else "")
        for c in sheet.counterparties.all()
    )


def compare_non_financial(older, newer) -> list[CompareRow]:
    rows = [
        CompareRow("商流・業務フロー", "業務フロー", _steps(older), _steps(newer)),
        CompareRow("商流・業務フロー", "商流", _parties(older), _parties(newer)),
    ]
    for section in ALL_SECTIONS:
        for item in section.items:
            rows.append(
                CompareRow(section.label, item.label, _answer(older, item.key), _answer(newer, item.key))
            )
    return rows


def compare_design(older, newer) -> list[CompareRow]:
    rows = [CompareRow("", "表題", older.title, newer.title)]
    for box in DESIGN_BOXES:
        for item in box.fields:
            rows.append(CompareRow(box.label, item.label, getattr(older, item.key), getattr(newer, item.key)))
    return rows


def ordered_pair(first, second):
    """(older, newer) by date."""
    return (first, second) if (first.as_of, first.pk) <= (second.as_of, second.pk) else (second, first)
