"""Forms of the public programmes' monitoring schedules: the rule of an engagement's schedule and a
monitoring recorded as done."""

from __future__ import annotations

from django import forms

from banso.core.forms import AmountField, BansoForm, JapaneseDateField, JapaneseIntegerField

MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]


class ScheduleForm(BansoForm):
    engagement_id = forms.TypedChoiceField(label="伴走支援案件", coerce=int)
    plan_fiscal_year_end = JapaneseDateField(
        label="計画策定後の最初の決算日",
        help_text="例: 2027/3/31。この決算期から毎期のモニタリングを数えます。",
    )
    interim_months = forms.TypedMultipleChoiceField(
        label="期中モニタリングの月",
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="早期経営改善計画は1回まで（任意）。決算月は選べません。",
    )
    years = JapaneseIntegerField(
        label="モニタリング期間",
        unit="年",
        min_value=1,
        max_value=10,
        required=False,
        help_text="空欄のときは早期経営改善計画1年、405事業3年。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, engagements=(), schedule=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schedule is not None:
            del self.fields["engagement_id"]
            self.fields["years"].required = True
            self.initial.update(
                plan_fiscal_year_end=schedule.plan_fiscal_year_end,
                interim_months=schedule.interim_months,
                years=schedule.years,
                version=schedule.version,
            )
        else:
            self.fields["engagement_id"].choices = [("", "選んでください")] + [
                (ref.id, f"{ref.title}（{dict(KIND_LABELS).get(ref.kind, ref.kind)}）") for ref in engagements
            ]


KIND_LABELS = (("early_plan", "早期経営改善計画"), ("plan_405", "405事業"))


class DoneForm(BansoForm):
    done_on = JapaneseDateField(label="実施日")
    report = forms.TypedChoiceField(label="提出した報告書", coerce=int, required=False, empty_value=None)
    fee_yen = AmountField(label="費用", min_value=0, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, due, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [("", "（報告書なし）")] + [
            (r.pk, f"{r.from_month:%Y/%m}〜{r.to_month:%Y/%m}（{r.issued_at:%Y/%m/%d}発行）") for r in reports
        ]
        self.initial.update(
            done_on=due.done_on, report=due.report_id, fee_yen=due.fee_yen, version=due.version
        )
