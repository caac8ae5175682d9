"""Forms of the KPI sheet: a KPI (name, unit, direction) and the sheet's grid of targets and actuals,
read cell by cell from inputs named `<t|a>-<kpi id>-<YYYY-MM>`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from banso.core.forms import BansoModelForm, VersionedFormMixin
from banso.core.numbers import NumberFormatError, parse_decimal
from banso.monitoring.forms.grids import cell_name
from banso.monitoring.models import Kpi


class KpiForm(VersionedFormMixin, BansoModelForm):
    class Meta:
        model = Kpi
        fields = ["name", "unit", "direction", "is_active"]
        help_texts = {"unit": "例: 件、%、円、日、時間", "name": "例: 訪問件数、見積件数、成約率、在庫日数"}

    def domain_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields.pop("version", None)
        return fields


class KpiGrid:
    """The KPI sheet's cells: target (`t-…`) and actual (`a-…`) per KPI and month."""

    def __init__(self, data, *, kpis, months: list[dt.date]):
        self.data, self.kpis, self.months = data, kpis, months
        self.errors: list[str] = []
        self.values: dict[tuple[int, dt.date], tuple[Decimal | None, Decimal | None]] = {}

    def is_valid(self) -> bool:
        for kpi in self.kpis:
            for month in self.months:
                pair = []
                for prefix, label in (("t", "目標"), ("a", "実績")):
                    raw = self.data.get(cell_name(prefix, kpi.pk, month), "")
                    try:
                        pair.append(parse_decimal(raw))
                    except NumberFormatError as exc:
                        self.errors.append(f"「{kpi.name}」{month.year}年{month.month}月の{label}: {exc}")
                        pair.append(None)
                self.values[(kpi.pk, month)] = (pair[0], pair[1])
        return not self.errors
