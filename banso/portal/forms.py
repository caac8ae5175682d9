"""The owner's phone form for one action: status, what happened, what they learnt, next step."""

from __future__ import annotations

from django import forms

from banso.core import portal as registry
from banso.core.forms import BansoForm, VersionedFormMixin

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
