"""Forms of the KPI sheet: a KPI (name, unit, direction) and the sheet's grid of targets and actuals,
read cell by cell from inputs named `<t|a>-<kpi id>-<YYYY-MM>` with the parser every grid uses
(core.numbers). Which signs are allowed is the domain's rule (domain/kpis.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from banso.core.forms import BansoModelForm, VersionedFormMixin
from banso.core.numbers import NumberFormatError, parse_amount
from banso.core.text import nfkc
from banso.monitoring.domain.kpis import kpi_value_problems
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


# A KPI in money is typed like the other grids' amounts: a plain number in the KPI's unit, an amount
# naming its unit (1.2万, 3億, 500千円) in yen and converted to the KPI's unit.
YEN_UNITS = {"円": 1, "千円": 1000, "万円": 10_000, "百万円": 1_000_000, "億円": 100_000_000}


def read_kpi_value(raw, unit: str) -> Decimal | None:
    """A typed cell as the KPI's number, read like every other grid's cell (core.numbers.parse_amount:
    full-width digits, commas, △ / ▲ / - negatives, 万 / 億): '１,２００' → 1200, '△3.5' → -3.5,
    '1.2万' → 12000. The KPI's own unit may follow the number ('20件', '12.5％'). Blank → None;
    NumberFormatError (Japanese) for text that is not a number."""
    text = nfkc(str(raw or "")).strip()
    unit = nfkc(unit or "").strip()
    scale = YEN_UNITS.get(unit)
    if scale is not None:
        amount = parse_amount(text, field_unit=scale)
        return None if amount is None else amount / scale
    if unit and text.endswith(unit) and text != unit:
        text = text[: -len(unit)].strip()
    return parse_amount(text)


class KpiGrid:
    """The KPI sheet's cells: target (`t-…`) and actual (`a-…`) per KPI and month. A cell that is not a
    number, or whose value the domain refuses (a negative target …), gets a message naming the KPI, the
    month and the column, and its input name in `invalid`."""

    def __init__(self, data, *, kpis, months: list[dt.date]):
        self.data, self.kpis, self.months = data, kpis, months
        self.errors: list[str] = []
        self.invalid: set[str] = set()
        self.values: dict[tuple[int, dt.date], tuple[Decimal | None, Decimal | None]] = {}

    def is_valid(self) -> bool:
        for kpi in self.kpis:
            for month in self.months:
                pair: list[Decimal | None] = []
                for prefix, label in (("t", "目標"), ("a", "実績")):
                    name = cell_name(prefix, kpi.pk, month)
                    try:
                        pair.append(read_kpi_value(self.data.get(name, ""), kpi.unit))
                    except NumberFormatError as exc:
                        self.errors.append(f"「{kpi.name}」{month.year}年{month.month}月の{label}: {exc}")
                        self.invalid.add(name)
                        pair.append(None)
                target, actual = pair
                for column, problem in kpi_value_problems(kpi, month, target, actual):
                    self.errors.append(problem)
                    self.invalid.add(cell_name("t" if column == "target" else "a", kpi.pk, month))
                self.values[(kpi.pk, month)] = (target, actual)
        return not self.errors
