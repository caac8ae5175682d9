"""The actuals page's grid: one fiscal year, lines × months, typed in 千円 or 円. The rules are in
domain/actuals.py; here only what the browser sends is read back into the domain's arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from banso.core.formatting import group
from banso.core.forms import posted_version
from banso.core.numbers import NumberFormatError, parse_amount
from banso.monitoring.engines.lines import INPUT_LINES, LINES, LINES_BY_KEY, complete
from banso.monitoring.engines.months import Month

UNITS = {"thousand": (1000, "千円"), "yen": (1, "円")}
DEFAULT_UNIT = "thousand"


def unit_of(value) -> str:
    return value if value in UNITS else DEFAULT_UNIT


def cell_name(prefix: str, month: Month, line: str) -> str:
    return f"{prefix}-{month}-{line}"


def display_amount(amount, unit: str) -> str:
    """The text a grid cell shows: 千円 rounded half up, or 円; △ for negatives; '' when empty."""
    if amount is None:
        return ""
    return group(Decimal(amount) / UNITS[unit][0])


@dataclass
class GridCell:
    name: str
    text: str
    original: str
    version: str
    invalid: bool = False
    label: str = ""


@dataclass
class GridRow:
    line: object  # engines.lines.Line
    cells: list = field(default_factory=list)


def build_grid(
    months: list[Month], stored: dict, unit: str, *, posted=None, invalid=frozenset()
) -> list[GridRow]:
    """Rows in display order. `stored`: {(Month, line): MonthlyActual}. `posted`: the submitted form
    (a refused save shows what was typed, with the versions and originals it was rendered with)."""
    rows = []
    amounts_by_month = {m: {} for m in months}
    for (month, line), row in stored.items():
        if month in amounts_by_month:
            amounts_by_month[month][line] = row.amount
    completed = {m: complete(amounts_by_month[m]) for m in months}
    for line in LINES:
        grid_row = GridRow(line=line)
        for month in months:
            label = f"{month.label} {line.label}"
            if line.computed:
                value = completed[month][line.key]
                grid_row.cells.append(GridCell("", display_amount(value, unit), "", "", label=label))
                continue
            row = stored.get((month, line.key))
            name = cell_name("a", month, line.key)
            original = display_amount(row.amount if row else None, unit)
            version = str(row.version) if row else ""
            text = original
            if posted is not None:
                text = posted.get(name, original)
                original = posted.get(cell_name("o", month, line.key), original)
                version = posted.get(cell_name("v", month, line.key), version)
            grid_row.cells.append(GridCell(name, text, original, version, name in invalid, label))
        rows.append(grid_row)
    return rows


@dataclass
class GridSubmission:
    amounts: dict  # {Month: {line: yen or None}} — only the cells changed on the page
    versions: dict  # {(Month, line): version or None}
    errors: list  # Japanese, naming the cell
    invalid: set  # names of cells that could not be read


def read_grid(data, months: list[Month], unit: str) -> GridSubmission:
    """The cells whose text differs from what the page was rendered with, parsed in the page's unit
    (an amount naming its unit, e.g. 1.5億 or 500千円, is in yen whatever the unit)."""
    field_unit = UNITS[unit][0]
    amounts: dict = {}
    versions: dict = {}
    errors: list = []
    invalid: set = set()
    for month in months:
        for line in INPUT_LINES:
            name = cell_name("a", month, line.key)
            if name not in data:
                continue
            text = (data.get(name) or "").strip()
            original = (data.get(cell_name("o", month, line.key)) or "").strip()
            if text == original:
                continue
            label = f"{month.label} {LINES_BY_KEY[line.key].label}"
            try:
                value = parse_amount(text, field_unit=field_unit)
            except NumberFormatError as exc:
                errors.append(f"{label}: {exc}")
                invalid.add(name)
                continue
            if value is not None and value != value.to_integral_value():
                errors.append(
                    f"{label}: 円未満の端数は入力できません（{UNITS[unit][1]}単位で入力しています）。"
                )
                invalid.add(name)
                continue
            amounts.setdefault(month, {})[line.key] = None if value is None else int(value)
            versions[(month, line.key)] = posted_version(data.get(cell_name("v", month, line.key)))
    return GridSubmission(amounts, versions, errors, invalid)
