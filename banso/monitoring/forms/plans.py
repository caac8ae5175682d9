"""Forms of the plan pages: a new plan, the yearly grid (lines × fiscal years, then the year-end balances),
one fiscal year's months typed by hand, a revision, the measures and the plan's engagement. Amounts in 千円
or 円 as the user chooses, months as YYYY-MM."""

from __future__ import annotations

from django import forms

from banso.core import engagement_links
from banso.core.forms import BansoForm, GroupedAmountField, VersionedFormMixin
from banso.monitoring.engines import months as m
from banso.monitoring.engines.lines import INPUT_CHOICES, LINES_BY_KEY, PLAN_KEYS
from banso.monitoring.forms.fields import MonthField
from banso.monitoring.forms.grids import grid_cell
from banso.monitoring.models import Measure, PlanYear
from banso.monitoring.models.plans import MAX_PLAN_YEARS, MIN_PLAN_YEARS

UNIT_CHOICES = [("thousand", "千円"), ("yen", "円")]
SPREAD_CHOICES = PlanYear.SpreadMethod.choices
BALANCE_LABELS = {
    "net_assets": "純資産",
    "borrowings": "有利子負債",
    "cash_and_deposits": "現預金",
    "receivables": "売上債権",
    "inventories": "棚卸資産",
    "payables": "仕入債務",
}


def _unit_in_thousands(form: forms.Form) -> bool:
    unit = form.data.get("unit") if form.is_bound else "thousand"
    return unit != "yen"


def fiscal_year_start_choices(company, today) -> list[tuple[str, str]]:
    """The first months of the fiscal years around today (3 years back, 2 ahead)."""
    end_month = company.fiscal_year_end_month
    current = m.Month.of(today).fiscal_year(end_month)
    choices = []
    for fy in range(current - 3, current + 3):
        start = m.fiscal_year_start(fy, end_month)
        choices.append((str(start), f"{start.label}（{m.fiscal_year_label(fy, end_month)}から）"))
    return choices


class PlanCreateForm(BansoForm):
    title = forms.CharField(label="計画名", max_length=200, initial="経営改善計画")
    start_month = MonthField(label="計画開始月", help_text="最初の計画年度の期首月（決算月の翌月）")
    years = forms.TypedChoiceField(
        label="計画年数",
        coerce=int,
        choices=[(n, f"{n}年") for n in range(MIN_PLAN_YEARS, MAX_PLAN_YEARS + 1)],
        initial=5,
    )
    spread_method = forms.ChoiceField(label="月次への配分", choices=SPREAD_CHOICES, initial="even")
    engagement_id = forms.TypedChoiceField(label="伴走支援案件", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, company, today, **kwargs):
        super().__init__(*args, **kwargs)
        choices = fiscal_year_start_choices(company, today)
        self.fields["start_month"].widget = forms.Select(choices=choices)
        self.initial.setdefault("start_month", choices[3][0])
        refs = engagement_links.engagements_of(company)
        self.fields["engagement_id"].choices = [("", "（なし）")] + [(r.id, r.title) for r in refs]
        if not refs:
            del self.fields["engagement_id"]


class PlanYearsForm(VersionedFormMixin, BansoForm):
    """The yearly grid: P&L lines × fiscal years (totals), then the annual balance inputs."""

    unit = forms.ChoiceField(
        label="金額の単位", choices=UNIT_CHOICES, initial="thousand", widget=forms.RadioSelect
    )

    def __init__(self, *args, version, end_month, totals, plan_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_years = version.fiscal_years(end_month)
        self.end_month = end_month
        in_thousands = _unit_in_thousands(self)
        for fy in self.fiscal_years:
            for line in PLAN_KEYS:
                name = f"y{fy}_{line}"
                self.fields[name] = grid_cell(
                    GroupedAmountField(
                        label=LINES_BY_KEY[line].label, required=False, in_thousands=in_thousands
                    ),
                    f"{m.fiscal_year_label(fy, end_month)} {LINES_BY_KEY[line].label}",
                )
                self.initial[name] = totals.get(fy, {}).get(line)
            for field in PlanYear.BALANCE_FIELDS:
                name = f"b{fy}_{field}"
                self.fields[name] = grid_cell(
                    GroupedAmountField(
                        label=BALANCE_LABELS[field], required=False, in_thousands=in_thousands
                    ),
                    f"{m.fiscal_year_label(fy, end_month)} {BALANCE_LABELS[field]}",
                )
                self.initial[name] = getattr(plan_years[fy], field) if fy in plan_years else None
        self.expect_version(version)

    def rows(self):
        """[(label, [bound field per year])] for the grid."""
        rows = [
            (LINES_BY_KEY[line].label, [self[f"y{fy}_{line}"] for fy in self.fiscal_years])
            for line in PLAN_KEYS
        ]
        return rows

    def balance_rows(self):
        return [
            (BALANCE_LABELS[field], [self[f"b{fy}_{field}"] for fy in self.fiscal_years])
            for field in PlanYear.BALANCE_FIELDS
        ]

    def year_labels(self):
        return [m.fiscal_year_label(fy, self.end_month) for fy in self.fiscal_years]

    def yearly(self):
        return {
            fy: {line: self.cleaned_data.get(f"y{fy}_{line}") for line in PLAN_KEYS}
            for fy in self.fiscal_years
        }

    def balances(self):
        return {
            fy: {field: self.cleaned_data.get(f"b{fy}_{field}") for field in PlanYear.BALANCE_FIELDS}
            for fy in self.fiscal_years
        }


class PlanMonthsForm(VersionedFormMixin, BansoForm):
    """One fiscal year's months typed by hand: months × lines."""

    unit = forms.ChoiceField(
        label="金額の単位", choices=UNIT_CHOICES, initial="thousand", widget=forms.RadioSelect
    )

    def __init__(self, *args, version, fiscal_year, end_month, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = m.fiscal_year_months(fiscal_year, end_month)
        in_thousands = _unit_in_thousands(self)
        for month in self.months:
            for line in PLAN_KEYS:
                name = f"m{month}_{line}"
                label = f"{month.label} {LINES_BY_KEY[line].label}"
                self.fields[name] = grid_cell(
                    GroupedAmountField(label=label, required=False, in_thousands=in_thousands), label
                )
                self.initial[name] = months.get(month, {}).get(line)
        self.expect_version(version)

    def rows(self):
        """[(line label, [bound field per month])]."""
        return [
            (LINES_BY_KEY[line].label, [self[f"m{month}_{line}"] for month in self.months])
            for line in PLAN_KEYS
        ]

    def values(self):
        return {
            month: {line: self.cleaned_data.get(f"m{month}_{line}") for line in PLAN_KEYS}
            for month in self.months
        }


class RevisionForm(BansoForm):
    reason = forms.CharField(label="計画の修正の理由", widget=forms.Textarea(attrs={"rows": 4}))
    expected_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=1000)


class MeasureForm(VersionedFormMixin, BansoForm):
    title = forms.CharField(label="施策", max_length=200)
    owner = forms.CharField(label="担当", max_length=100, required=False)
    start_month = MonthField(label="開始月", required=False)
    end_month = MonthField(label="終了月", required=False)
    expected_effect = GroupedAmountField(label="見込む効果（年額）", required=False, in_thousands=True)
    line = forms.ChoiceField(
        label="効果が表れる科目", choices=[("", "（指定なし）"), *INPUT_CHOICES], required=False
    )
    status = forms.ChoiceField(label="状況", choices=Measure.Status.choices, initial="not_started")
    progress_note = forms.CharField(label="進捗", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    engagement_action_id = forms.TypedChoiceField(
        label="伴走支援のアクション", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, company, measure=None, **kwargs):
        super().__init__(*args, **kwargs)
        refs = engagement_links.actions_of(company)
        self.fields["engagement_action_id"].choices = [("", "（なし）")] + [(r.id, r.label) for r in refs]
        if not refs:
            del self.fields["engagement_action_id"]
        self.expect_version(measure)
        if measure is not None:
            for name in self.fields:
                if name == "version":
                    continue
                value = getattr(measure, name)
                if name in ("start_month", "end_month") and value is not None:
                    value = m.Month.of(value)
                self.initial[name] = value

    def values(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}
        for name in ("owner", "progress_note", "line"):
            if name in data and data[name] is None:
                data[name] = ""
        return data


class PlanEngagementForm(VersionedFormMixin, BansoForm):
    """Link a plan to one of its company's engagements (choices from core.engagement_links)."""

    engagement_id = forms.TypedChoiceField(label="伴走支援案件", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, company, plan, **kwargs):
        super().__init__(*args, **kwargs)
        refs = engagement_links.engagements_of(company)
        self.fields["engagement_id"].choices = [("", "（紐づけない）")] + [(r.id, r.title) for r in refs]
        self.has_choices = bool(refs)
        self.initial["engagement_id"] = plan.engagement_id
        self.expect_version(plan)
