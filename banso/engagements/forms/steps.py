"""The step page: the checklist, moving forward / back (the go / no-go gate), and the suitability
assessment with its decision (steps ① and ②)."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, JapaneseDateField, VersionedFormMixin
from banso.engagements.engines import guideline as g
from banso.engagements.forms.fields import ChipRadioSelect


class ChecklistForm(BansoForm):
    """One done-checkbox and one note per checkpoint of a step."""

    def __init__(self, *args, step: g.Step, checks: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for cp in step.checkpoints:
            row = checks.get(cp.key)
            self.fields[f"{cp.key}__done"] = forms.BooleanField(label=cp.text, required=False)
            self.fields[f"{cp.key}__note"] = forms.CharField(
                label=f"メモ（{cp.text}）",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": "確かめたこと、気になったこと"}),
            )
            if row is not None:
                self.initial[f"{cp.key}__done"] = row.done
                self.initial[f"{cp.key}__note"] = row.note

    def rows(self):
        """(checkpoint, done field, note field) per checkpoint, for the template."""
        return [(cp, self[f"{cp.key}__done"], self[f"{cp.key}__note"]) for cp in self.step.checkpoints]

    def answers(self) -> dict[str, tuple[bool, str]]:
        return {
            cp.key: (
                self.cleaned_data[f"{cp.key}__done"],
                (self.cleaned_data[f"{cp.key}__note"] or "").strip(),
            )
            for cp in self.step.checkpoints
        }


class StepMoveForm(VersionedFormMixin, BansoForm):
    """Move forward (to any later step) or back (to any earlier step), saying why."""

    direction = forms.ChoiceField(choices=[("forward", "進める"), ("back", "戻す")], widget=forms.HiddenInput)
    to_step = forms.TypedChoiceField(label="移る先のステップ", coerce=int, choices=())
    reason = forms.CharField(
        label="判断の理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="誰が見ても経緯がわかるように、判断の根拠を書き残します。",
    )
    decided_on = JapaneseDateField(label="判断した日")

    def __init__(self, *args, engagement, direction: str, today, **kwargs):
        super().__init__(*args, **kwargs)
        current = engagement.step
        if direction == "forward":
            targets = [s for s in g.STEPS if s.number > current]
        else:
            targets = [s for s in g.STEPS if s.number < current]
        self.fields["to_step"].choices = [(s.number, s.label) for s in targets]
        self.initial.setdefault("direction", direction)
        if targets:
            self.initial.setdefault(
                "to_step", targets[0].number if direction == "forward" else targets[-1].number
            )
        self.initial.setdefault("decided_on", today)
        self.expect_version(engagement)


class SuitabilityForm(BansoForm):
    """A 1–4 rating and its evidence per suitability point (docs/domain.md §2.6)."""

    rated_on = JapaneseDateField(label="評価した日")

    def __init__(self, *args, ratings: dict, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("rated_on", today)
        for point in g.SUITABILITY_POINTS:
            row = ratings.get(point.key)
            self.fields[f"{point.key}__rating"] = forms.TypedChoiceField(
                label=point.label,
                coerce=int,
                required=False,
                choices=g.SUITABILITY_RATING_CHOICES,
                widget=ChipRadioSelect,
                help_text=point.question,
            )
            self.fields[f"{point.key}__evidence"] = forms.CharField(
                label=f"根拠（{point.label}）",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": "経営者の言葉や様子など、評価の根拠"}),
            )
            if row is not None:
                self.initial[f"{point.key}__rating"] = row.rating
                self.initial[f"{point.key}__evidence"] = row.evidence

    def rows(self):
        return [
            (point, self[f"{point.key}__rating"], self[f"{point.key}__evidence"])
            for point in g.SUITABILITY_POINTS
        ]

    def clean(self):
        cleaned = super().clean()
        for point in g.SUITABILITY_POINTS:
            rating = cleaned.get(f"{point.key}__rating")
            evidence = (cleaned.get(f"{point.key}__evidence") or "").strip()
            if rating and not evidence:
                self.add_error(f"{point.key}__evidence", f"「{point.label}」の評価の根拠を入力してください。")
            if evidence and not rating:
                self.add_error(f"{point.key}__rating", f"「{point.label}」を1〜4で評価してください。")
        return cleaned

    def answers(self) -> dict[str, tuple[int, str]]:
        """Points that were rated in this form: {point: (rating, evidence)}."""
        result = {}
        for point in g.SUITABILITY_POINTS:
            rating = self.cleaned_data.get(f"{point.key}__rating")
            if rating:
                result[point.key] = (rating, self.cleaned_data[f"{point.key}__evidence"].strip())
        return result


class DecisionForm(VersionedFormMixin, BansoForm):
    decision = forms.ChoiceField(label="判断", choices=g.DECISION_CHOICES, widget=ChipRadioSelect)
    reason = forms.CharField(label="判断の理由", widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = JapaneseDateField(label="判断した日")

    def __init__(self, *args, engagement, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("decided_on", today)
        self.expect_version(engagement)
