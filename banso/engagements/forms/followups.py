"""Follow-ups (step ⑦ フォローアップ) and the outcome baseline they are compared with."""

from __future__ import annotations

from django import forms

from banso.core.forms import (
    AmountField,
    BansoModelForm,
    JapaneseDateField,
    JapaneseDecimalField,
    JapaneseIntegerField,
    JapaneseYearField,
)
from banso.engagements.engines import guideline as g
from banso.engagements.forms.fields import VersionedForm
from banso.engagements.models import FollowUp, OutcomeBaseline

_RATING_CHOICES = [
    ("", "—（未評価）"),
    *[(str(v), f"{v} {label}") for v, label in g.SELF_PROPULSION_RATING_CHOICES],
]


class FiguresMixin(BansoModelForm):
    fiscal_year = JapaneseYearField(
        label="数値の決算期",
        required=False,
        help_text="決算期が終わる年（例: 2026年3月期なら 2026）",
    )
    net_sales = AmountField(label="売上高", in_thousands=True, required=False)
    operating_income = AmountField(
        label="営業利益", in_thousands=True, required=False, help_text="赤字は △ を付けて入力します"
    )
    employees = JapaneseIntegerField(label="従業員数", unit="人", required=False)
    average_salary = AmountField(label="平均給与（年額）", required=False)
    wage_increase_rate = JapaneseDecimalField(
        label="賃上げ率", unit="%", required=False, max_digits=5, decimal_places=2
    )


class FollowUpForm(VersionedForm, FiguresMixin):
    scheduled_on = JapaneseDateField(label="予定日")
    done_on = JapaneseDateField(
        label="実施日",
        required=False,
        help_text="実施したら入力します。評価・所見・数値は実施日とともに記録します。",
    )

    class Meta:
        model = FollowUp
        fields = [
            "scheduled_on",
            "done_on",
            *g.SELF_PROPULSION_KEYS,
            "evidence",
            "fiscal_year",
            "net_sales",
            "operating_income",
            "employees",
            "average_salary",
            "wage_increase_rate",
            "note",
        ]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.engagement = engagement
        for point in g.SELF_PROPULSION_POINTS:
            field = self.fields[point.key]
            field.widget = forms.RadioSelect(choices=_RATING_CHOICES)
            field.help_text = point.question
        self.fields[
            "evidence"
        ].help_text = "自走化の様子を具体的に（例: 月次会議を社長抜きで開き、次の課題を自分たちで決めている）"


class BaselineForm(VersionedForm, FiguresMixin):
    class Meta:
        model = OutcomeBaseline
        fields = [
            "source",
            "fiscal_year",
            "net_sales",
            "operating_income",
            "employees",
            "average_salary",
            "wage_increase_rate",
        ]
