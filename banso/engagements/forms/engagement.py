"""Starting an engagement, editing it (with its team), and changing its status."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, JapaneseDateField, JapaneseIntegerField, VersionedFormMixin
from banso.engagements import queries
from banso.engagements.engines import guideline as g
from banso.engagements.forms.fields import (
    ChipRadioSelect,
    UserChoiceField,
    UsersChoiceField,
)


class EngagementFieldsMixin(BansoForm):
    kind = forms.ChoiceField(label="支援の種類", choices=g.ENGAGEMENT_KIND_CHOICES, widget=ChipRadioSelect)
    title = forms.CharField(
        label="案件名",
        max_length=200,
        required=False,
        help_text="空欄なら「経営力再構築伴走支援（2026年4月開始）」のように表示します。",
    )
    started_on = JapaneseDateField(label="開始日")
    planned_months = JapaneseIntegerField(
        label="支援予定期間",
        unit="か月",
        help_text="ガイドラインの目安は課題設定の後 6〜12か月です。その後フォローアップに入ります。",
    )
    lead_supporter = UserChoiceField(label="主担当支援者", queryset=None, empty_label=None)
    members = UsersChoiceField(
        label="支援チーム（主担当以外）",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chip-choices"}),
    )

    def _set_people(self, company):
        candidates = queries.team_candidates(company)
        self.fields["lead_supporter"].queryset = candidates
        self.fields["members"].queryset = candidates

    def clean_planned_months(self):
        months = self.cleaned_data["planned_months"]
        if months is not None and not g.MIN_PLANNED_MONTHS <= months <= g.MAX_PLANNED_MONTHS:
            raise forms.ValidationError(
                f"支援予定期間は{g.MIN_PLANNED_MONTHS}〜{g.MAX_PLANNED_MONTHS}か月の範囲で入力してください。"
            )
        return months


class EngagementStartForm(EngagementFieldsMixin):
    step = forms.TypedChoiceField(
        label="始めるステップ",
        coerce=int,
        choices=[(s.number, s.label) for s in g.STEPS if s.number <= g.GO_DECISION_STEP],
        widget=ChipRadioSelect,
        help_text="初めて会う事業者は①から。すでに事業者をよく知っている場合は②から始められます。",
    )
    field_order = ["kind", "title", "started_on", "planned_months", "step", "lead_supporter", "members"]

    def __init__(self, *args, company, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_people(company)
        candidates = self.fields["lead_supporter"].queryset
        self.initial.setdefault("kind", "process")
        self.initial.setdefault("started_on", today)
        self.initial.setdefault("planned_months", g.DEFAULT_PLANNED_MONTHS)
        self.initial.setdefault("step", g.FIRST_STEP)
        if candidates.filter(pk=user.pk).exists():
            self.initial.setdefault("lead_supporter", user.pk)


class EngagementEditForm(VersionedFormMixin, EngagementFieldsMixin):
    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_people(engagement.company)
        for name in ("kind", "title", "started_on", "planned_months"):
            self.initial.setdefault(name, getattr(engagement, name))
        self.initial.setdefault("lead_supporter", engagement.lead_supporter_id)
        self.initial.setdefault(
            "members", [m.pk for m in engagement.members.all() if m.pk != engagement.lead_supporter_id]
        )
        self.expect_version(engagement)


class StatusForm(VersionedFormMixin, BansoForm):
    status = forms.ChoiceField(label="変更後の状況", choices=())
    reason = forms.CharField(
        label="理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="中止する場合と、終了・中止した案件を再開する場合は必ず入力してください。",
    )
    on = JapaneseDateField(
        label="日付", required=False, help_text="終了・中止の場合は、その日が終了日になります。"
    )

    def __init__(self, *args, engagement, today, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(g.ENGAGEMENT_STATUS_CHOICES)
        allowed = [s for s, _ in g.ENGAGEMENT_STATUS_CHOICES if s in g.STATUS_CHANGES[engagement.status]]
        self.fields["status"].choices = [(s, labels[s]) for s in allowed]
        self.initial.setdefault("on", today)
        self.expect_version(engagement)
