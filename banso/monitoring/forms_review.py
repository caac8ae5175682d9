"""Forms of the month's review: a gap record (乖離分析), the monthly meeting record and the
organization's thresholds. Every form that changes an existing record carries its version."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from banso.core.forms import (
    EMPTY_CHOICE_LABEL,
    BansoForm,
    JapaneseDateField,
    JapaneseDecimalField,
    VersionedFormMixin,
)
from banso.monitoring.domain.gaps import gap_content_problems
from banso.monitoring.models import Gap

CHOOSE = ("", EMPTY_CHOICE_LABEL)


def _text(label: str, rows: int = 3, placeholder: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows, "placeholder": placeholder}),
    )


class GapForm(VersionedFormMixin, BansoForm):
    cause = forms.ChoiceField(
        label="原因の分類",
        choices=[CHOOSE, *Gap.Cause.choices],
        error_messages={"required": "原因の分類を選んでください。"},
    )
    why_chain = _text("なぜなぜ（原因の掘り下げ）", 4, "なぜ？→ なぜ？→ … と掘り下げた内容")
    response = _text("対応（実施済み・予定）", 3)
    owner = forms.CharField(label="担当", required=False, max_length=100)
    due_on = JapaneseDateField(label="期限", required=False)
    status = forms.ChoiceField(label="対応状況", choices=Gap.Status.choices, initial=Gap.Status.OPEN)
    effect = forms.ChoiceField(label="効果", choices=Gap.Effect.choices, initial=Gap.Effect.NOT_ASSESSED)
    effect_note = _text("効果の所見", 2)

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


class MeetingForm(VersionedFormMixin, BansoForm):
    held_on = JapaneseDateField(label="開催日", required=False)
    attendees = _text("出席者", 2, "例: 社長、経理部長、支援者（山田）")
    discussion = _text("話し合ったこと", 5)
    decisions = _text("決まったこと", 4)

    FIELDS = ("held_on", "attendees", "discussion", "decisions")

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            for name in self.FIELDS:
                self.initial.setdefault(name, getattr(meeting, name))
        self.expect_version(meeting)

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class ThresholdsForm(VersionedFormMixin, BansoForm):
    amber = JapaneseDecimalField(
        label="注意（黄）: 達成率がこの％未満",
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        decimal_places=1,
        unit="％",
    )
    red = JapaneseDecimalField(
        label="要対応（赤）: 達成率がこの％未満",
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        decimal_places=1,
        unit="％",
    )

    def __init__(self, *args, thresholds=None, amber=None, red=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("amber", (amber * 100).normalize())
        self.initial.setdefault("red", (red * 100).normalize())
        self.expect_version(thresholds)

    def clean(self):
        data = super().clean()
        amber, red = data.get("amber"), data.get("red")
        if amber is not None and red is not None and red >= amber:
            self.add_error("red", "要対応（赤）の基準は、注意（黄）の基準より小さくしてください。")
        return data
