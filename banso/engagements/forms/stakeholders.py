"""A person on the stakeholder map (step ⑤): role, stance toward the change, influence, concerns."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from banso.core.forms import BansoForm, VersionedFormMixin
from banso.engagements.engines import guideline as g
from banso.engagements.forms.fields import ChipRadioSelect, UserChoiceField

FIELDS = ("name", "role", "title", "stance", "influence", "concerns", "note", "is_task_team_member", "user")


class StakeholderForm(VersionedFormMixin, BansoForm):
    name = forms.CharField(label="氏名", max_length=100)
    role = forms.ChoiceField(label="立場", choices=g.STAKEHOLDER_ROLE_CHOICES, widget=ChipRadioSelect)
    title = forms.CharField(
        label="役職など", max_length=100, required=False, help_text="例: 製造部長、専務（創業家）"
    )
    stance = forms.ChoiceField(label="変革へのスタンス", choices=g.STANCE_CHOICES, widget=ChipRadioSelect)
    influence = forms.TypedChoiceField(
        label="影響力", coerce=int, choices=g.INFLUENCE_CHOICES, widget=ChipRadioSelect
    )
    concerns = forms.CharField(
        label="関心事・大切にしていること", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_task_team_member = forms.BooleanField(
        label="社内タスクチームのメンバー",
        required=False,
        help_text="課題解決に取り組む社内チーム（ステップ⑥）",
    )

    user = UserChoiceField(
        label="Banso のログイン（事業者ポータル）",
        queryset=None,
        required=False,
        empty_label="リンクしない",
        help_text="この方が事業者ポータルを使う場合に選びます。従業員は自分に割り当てられたアクションを見られます。",
    )

    def __init__(self, *args, stakeholder=None, logins=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = logins if logins is not None else get_user_model().objects.none()
        if stakeholder is None:
            self.initial.setdefault("stance", "neutral")
            self.initial.setdefault("influence", 2)
        else:
            for name in FIELDS:
                self.initial.setdefault(name, getattr(stakeholder, name))
            self.expect_version(stakeholder)

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}
