"""The spreadsheet-like grids' shared machinery (static/js/grid.js: arrow keys, Enter, paste a block from
Excel). Every cell is read with the Japanese number parsers of core.numbers / core.forms; each bad cell
gets a message naming its row, month and column."""

from __future__ import annotations

import datetime as dt

from django import forms

from banso.core.forms import VERSION_MAX, BansoForm, VersionedFormMixin

GRID_CELL_ATTRS = {
    "class": "num grid-cell",
    "data-grid-cell": "",
    "autocomplete": "off",
    "inputmode": "decimal",
}


def grid_cell(field: forms.Field, label: str | None = None) -> forms.Field:
    """Mark an amount input as a cell of a grid, named for screen readers by its row and column when the
    page does not label it itself."""
    field.widget.attrs.update(GRID_CELL_ATTRS)
    if label is not None:
        field.widget.attrs["aria-label"] = label
    return field


def cell_name(field: str, row_id: int, month: dt.date) -> str:
    """The input name of a sheet's cell (KPI sheet, sales mix): `<field>-<row id>-<YYYY-MM>`."""
    return f"{field}-{row_id}-{month:%Y-%m}"


def sheet_version_of(data) -> int | None:
    """The grid's `sheet_version` from the POST; None when missing or not a number (refused)."""
    try:
        value = int(data.get("sheet_version", ""))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= VERSION_MAX else None


class VersionedGrid(VersionedFormMixin, BansoForm):
    """A grid saved as a whole against the version it was rendered with (hidden `version`: the
    domain's month_version / schedule_version); a POST without it is refused at the top of the form."""

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, max_value=VERSION_MAX
        )
        self.initial["version"] = version

    def refuse(self, message: str) -> None:
        """Show `message` at the top of this (unbound, freshly loaded) grid: the save was refused."""
        self.full_clean()
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        self.add_error(None, message)
