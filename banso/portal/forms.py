"""The owner's phone forms: one action (status, what happened, what they learnt, next step) and the
month's figures (売上高, 売上総利益, 現預金, KPI actuals)."""

from __future__ import annotations

from django import forms

from banso.core import portal as registry
from banso.core.forms import AmountField, BansoForm, JapaneseDecimalField, VersionedFormMixin

MAX_TEXT = 4000


class ActionUpdateForm(VersionedFormMixin, BansoForm):
    status = forms.ChoiceField(label="状況")
    result = forms.CharField(
        label="やったこと・結果",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "例: 朝礼で不良件数を毎日共有した"}),
    )
    learning = forms.CharField(
        label="気づいたこと・学び",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "例: 数字を見せると現場から改善案が出た"}),
    )
    next_step = forms.CharField(
        label="次の一歩",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = registry.status_choices()
        self.initial.setdefault("status", action.status)
        self.expect_version(action)


class FiguresForm(BansoForm):
    """The owner's monthly figures on a phone: amounts in 円 (1200万, １，２００，０００, △ accepted),
    KPI actuals as numbers; a text in a number field is a Japanese error beside it."""

    month = forms.CharField(widget=forms.HiddenInput, max_length=7)
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)
    net_sales = AmountField(label="売上高", required=False, help_text="例: 1200万 / 12,000,000")
    gross_profit = AmountField(
        label="売上総利益（粗利）", required=False, help_text="売上高から売上原価を引いた額"
    )
    cash_and_deposits = AmountField(label="月末の現預金残高", required=False)
    correction_reason = forms.CharField(
        label="修正の理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="報告書を発行済みの月を変更するときに入力します（修正は次の報告書で開示されます）。",
    )

    def __init__(self, *args, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.update(
            month=figures.month,
            version=figures.version,
            net_sales=figures.net_sales,
            gross_profit=figures.gross_profit,
            cash_and_deposits=figures.cash_and_deposits,
        )
        for field in ("net_sales", "gross_profit", "cash_and_deposits"):
            self.fields[field].widget.attrs["class"] = "num"
        if not figures.closed_message:
            self.fields.pop("correction_reason")
        self.kpi_fields = []
        for kpi in figures.kpis:
            name = f"kpi_{kpi.id}"
            self.fields[name] = JapaneseDecimalField(
                label=kpi.name, required=False, unit=kpi.unit, max_digits=14, decimal_places=2
            )
            self.initial[name] = kpi.actual
            self.kpi_fields.append(name)

    def kpi_actuals(self) -> dict[int, object]:
        return {int(name.removeprefix("kpi_")): self.cleaned_data.get(name) for name in self.kpi_fields}
