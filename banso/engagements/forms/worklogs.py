"""従事時間: one piece of logged work (date, kind, minutes, note, who). The rules are the domain's
(domain/worklogs.py); the form only reads Japanese input."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, JapaneseDateField, JapaneseIntegerField, VersionedFormMixin
from banso.engagements.forms.fields import UserChoiceField
from banso.engagements.models import WorkLog


class WorkLogForm(VersionedFormMixin, BansoForm):
    worked_on = JapaneseDateField(label="日付")
    kind = forms.ChoiceField(label="区分", choices=WorkLog.Kind.choices)
    minutes = JapaneseIntegerField(
        label="時間", unit="分", help_text="例: 90（1時間30分）。24時間（1440分）まで。"
    )
    note = forms.CharField(label="内容", required=False, max_length=500, help_text="例: 月次面談の資料準備")
    worker = UserChoiceField(label="支援者", queryset=None)

    def __init__(self, *args, entry=None, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = candidates
        if entry is not None:
            for name in ("worked_on", "kind", "minutes", "note", "worker"):
                self.initial.setdefault(name, getattr(entry, name))
        self.expect_version(entry)

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("worked_on", "kind", "minutes", "note", "worker")}
