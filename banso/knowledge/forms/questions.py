"""Forms of the question bank: the 管理者's item form and the list's filters."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, VersionedFormMixin
from banso.knowledge.engines import question_bank as qb

EMPTY = [("", "選んでください")]


class BankItemForm(VersionedFormMixin, BansoForm):
    kind = forms.ChoiceField(label="種類", choices=qb.KIND_CHOICES)
    step = forms.TypedChoiceField(
        label="ステップ", choices=EMPTY + qb.STEP_CHOICES, coerce=int, required=False, empty_value=None
    )
    wall = forms.ChoiceField(label="壁", choices=EMPTY + qb.WALL_CHOICES, required=False)
    industry_group = forms.ChoiceField(
        label="業種", choices=EMPTY + qb.INDUSTRY_GROUP_CHOICES, required=False
    )
    text = forms.CharField(label="内容", max_length=qb.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    how = forms.CharField(label="どのように（アクションのひな形）", max_length=qb.MAX_DETAIL, required=False)
    measure = forms.CharField(label="指標（アクションのひな形）", max_length=qb.MAX_DETAIL, required=False)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(item)


class BankFilterForm(BansoForm):
    kind = forms.ChoiceField(label="種類", choices=[("", "すべて"), *qb.KIND_CHOICES], required=False)
    step = forms.TypedChoiceField(
        label="ステップ",
        choices=[("", "すべて"), *qb.STEP_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
    )
    wall = forms.ChoiceField(label="壁", choices=[("", "すべて"), *qb.WALL_CHOICES], required=False)
    industry_group = forms.ChoiceField(
        label="業種", choices=[("", "すべて"), *qb.INDUSTRY_GROUP_CHOICES], required=False
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
