"""Forms of the sales mix: a segment (product, customer or channel) and the grid of its four figures per
month, typed in 千円 or 円 and read cell by cell from inputs named `<figure>-<segment id>-<YYYY-MM>`."""

from __future__ import annotations

import datetime as dt

from banso.core.forms import BansoModelForm, VersionedFormMixin
from banso.core.numbers import NumberFormatError, parse_amount
from banso.monitoring.domain.segments import FIGURE_LABELS, FIGURES
from banso.monitoring.forms.grids import cell_name
from banso.monitoring.models import SalesSegment


class SegmentForm(VersionedFormMixin, BansoModelForm):
    class Meta:
        model = SalesSegment
        fields = ["name", "kind"]

    def domain_fields(self) -> dict:
        return {"name": self.cleaned_data["name"], "kind": self.cleaned_data["kind"]}


class SegmentGrid:
    """The sales mix's cells: the four FIGURES per segment and month, typed in 千円 or 円 (`unit`)."""

    def __init__(self, data, *, segments, months: list[dt.date], unit: str):
        self.data, self.segments, self.months = data, segments, months
        self.field_unit = 1 if unit == "yen" else 1000
        self.errors: list[str] = []
        self.values: dict[tuple[int, dt.date], dict[str, int | None]] = {}

    def is_valid(self) -> bool:
        for segment in self.segments:
            for month in self.months:
                figures: dict[str, int | None] = {}
                for name in FIGURES:
                    raw = self.data.get(cell_name(name, segment.pk, month), "")
                    where = f"「{segment.name}」{month.year}年{month.month}月の{FIGURE_LABELS[name]}"
                    try:
                        amount = parse_amount(raw, field_unit=self.field_unit)
                    except NumberFormatError as exc:
                        self.errors.append(f"{where}: {exc}")
                        continue
                    if amount is not None and amount != amount.to_integral_value():
                        self.errors.append(f"{where}: 円未満の端数は入力できません。")
                        continue
                    figures[name] = None if amount is None else int(amount)
                self.values[(segment.pk, month)] = figures
        return not self.errors
