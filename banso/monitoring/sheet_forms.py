"""Forms of the next-month actions, the KPI sheet and the sales mix (Japanese input).

The grids (KPI sheet, sales mix) are read cell by cell from inputs named `<field>-<row id>-<YYYY-MM>`
with the Japanese number parsers; each bad cell gets a message naming its row, month and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms

from banso.core import engagement_links
from banso.core.forms import BansoForm, BansoModelForm, VersionedFormMixin
from banso.core.numbers import NumberFormatError, parse_amount, parse_decimal
from banso.monitoring.domain.segments import FIGURE_LABELS, FIGURES
from banso.monitoring.models import Kpi, NextMonthAction, SalesSegment

VERSION_MAX = 2**53


class NextMonthActionForm(VersionedFormMixin, BansoModelForm):
    engagement_action_id = forms.TypedChoiceField(
        label="伴走支援のアクション", required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = NextMonthAction
        fields = ["title", "owner", "measure", "engagement_action_id"]
        widgets = {"title": forms.TextInput(attrs={"placeholder": "例: 既存顧客への訪問を増やす"})}
        help_texts = {"measure": "達成を測る基準（例: 営業訪問20件、在庫を月末までに1割圧縮）"}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        refs = engagement_links.actions_of(company)
        self.fields["engagement_action_id"].choices = [("", "（紐づけない）")] + [
            (ref.id, ref.label) for ref in refs
        ]
        if not refs:
            self.fields[
                "engagement_action_id"
            ].help_text = "この事業者の伴走支援案件にアクションがありません。"

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


REVIEW_CHOICES = [(v, label) for v, label in NextMonthAction.Review.choices if v != "not_reviewed"]


class NextMonthActionReviewForm(VersionedFormMixin, BansoForm):
    review = forms.ChoiceField(label="振り返り", choices=REVIEW_CHOICES, widget=forms.RadioSelect)
    review_note = forms.CharField(
        label="理由・所見",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="一部実施・未実施のときは、なぜできなかったかを書きます。",
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(action)
        if action.review != "not_reviewed":
            self.initial.setdefault("review", action.review)
            self.initial.setdefault("review_note", action.review_note)


class VersionOnlyForm(VersionedFormMixin, BansoForm):
    """A confirmation (delete) that names the version it confirms."""

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(record)


class KpiForm(VersionedFormMixin, BansoModelForm):
    class Meta:
        model = Kpi
        fields = ["name", "unit", "direction", "is_active"]
        help_texts = {"unit": "例: 件、%、円、日、時間", "name": "例: 訪問件数、見積件数、成約率、在庫日数"}

    def domain_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields.pop("version", None)
        return fields


class SegmentForm(VersionedFormMixin, BansoModelForm):
    class Meta:
        model = SalesSegment
        fields = ["name", "kind"]

    def domain_fields(self) -> dict:
        return {"name": self.cleaned_data["name"], "kind": self.cleaned_data["kind"]}


# --- grids ---------------------------------------------------------------------------------------


def cell_name(field: str, row_id: int, month: dt.date) -> str:
    return f"{field}-{row_id}-{month:%Y-%m}"


def sheet_version_of(data) -> int | None:
    """The grid's `sheet_version` from the POST; None when missing or not a number (refused)."""
    try:
        value = int(data.get("sheet_version", ""))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= VERSION_MAX else None


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
