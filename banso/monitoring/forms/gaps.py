"""The form of a gap record (乖離分析): the cause, the why-chain, the response and its effect. The content
rules are the domain's (domain/gaps.py); an existing record is changed against its version."""

from __future__ import annotations

from django import forms

from banso.core.forms import EMPTY_CHOICE_LABEL, BansoForm, JapaneseDateField, VersionedFormMixin
from banso.monitoring.domain.gaps import gap_content_problems
from banso.monitoring.forms.fields import long_text
from banso.monitoring.models import Gap

CHOOSE = ("", EMPTY_CHOICE_LABEL)


class GapForm(VersionedFormMixin, BansoForm):
    cause = forms.ChoiceField(
        label="原因の分類",
        choices=[CHOOSE, *Gap.Cause.choices],
        error_messages={"required": "原因の分類を選んでください。"},
    )
    why_chain = long_text("なぜなぜ（原因の掘り下げ）", 4, "なぜ？→ なぜ？→ … と掘り下げた内容")
    response = long_text("対応（実施済み・予定）", 3)
    owner = forms.CharField(label="担当", required=False, max_length=100)
    due_on = JapaneseDateField(label="期限", required=False)
    status = forms.ChoiceField(label="対応状況", choices=Gap.Status.choices, initial=Gap.Status.OPEN)
    effect = forms.ChoiceField(label="効果", choices=Gap.Effect.choices, initial=Gap.Effect.NOT_ASSESSED)
    effect_note = long_text("効果の所見", 2)

    FIELDS = ("cause", "why_chain", "response", "owner", "due_on", "status", "effect", "effect_note")

    def __init__(self, *args, gap: Gap | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if gap is not None:
            for name in self.FIELDS:
                self.initial.setdefault(name, getattr(gap, name))
        self.expect_version(gap)

    def clean(self):
        data = super().clean()
        problems = gap_content_problems(
            cause=data.get("cause"), why_chain=data.get("why_chain"), response=data.get("response")
        )
        problems.pop("cause", None)  # the field's own required check says it
        for name, message in problems.items():
            self.add_error(name, message)
        return data

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
