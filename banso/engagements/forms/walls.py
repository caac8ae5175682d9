"""A dated assessment of the five walls: 0 (乗り越えた) … 3 (強い壁) per wall, with evidence."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, JapaneseDateField, VersionedFormMixin
from banso.engagements.domain.walls import carried_over
from banso.engagements.engines import guideline as g
from banso.engagements.forms.fields import ChipRadioSelect


class WallAssessmentForm(VersionedFormMixin, BansoForm):
    assessed_on = JapaneseDateField(label="評価した日")

    def __init__(self, *args, today, assessment=None, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Editing shows the assessment itself; a new one starts from the latest (ratings and 根拠).
        start = carried_over(assessment or previous)
        self.initial.setdefault("assessed_on", assessment.assessed_on if assessment else today)
        for wall in g.WALLS:
            self.fields[wall.key] = forms.TypedChoiceField(
                label=wall.label,
                coerce=int,
                choices=[(level, f"{level} {label}") for level, label in g.WALL_LEVEL_CHOICES],
                widget=ChipRadioSelect,
                help_text=f"{wall.meaning}。乗り越えた状態: {wall.overcome_when}。",
                error_messages={
                    "required": f"「{wall.label}」を0（乗り越えた）〜3（強い壁）から選んでください。",
                    "invalid_choice": (
                        f"「{wall.label}」の評価は 0（乗り越えた）〜3（強い壁）から選んでください。"
                    ),
                },
            )
            self.fields[f"{wall.key}_note"] = forms.CharField(
                label=f"根拠（{wall.short_label}）",
                required=False,
                widget=forms.Textarea(
                    attrs={"rows": 2, "placeholder": "そう評価した根拠（言葉・行動・数字）"}
                ),
            )
            for name in (wall.key, f"{wall.key}_note"):
                if name in start:
                    self.initial.setdefault(name, start[name])
        if assessment is not None:
            self.expect_version(assessment)

    def rows(self):
        return [(wall, self[wall.key], self[f"{wall.key}_note"]) for wall in g.WALLS]

    def ratings(self) -> dict[str, int]:
        return {wall.key: self.cleaned_data[wall.key] for wall in g.WALLS}

    def notes(self) -> dict[str, str]:
        return {wall.key: self.cleaned_data[f"{wall.key}_note"] for wall in g.WALLS}

    def domain_fields(self) -> dict:
        """The keyword arguments of record_wall_assessment / update_wall_assessment."""
        return {
            "assessed_on": self.cleaned_data["assessed_on"],
            "ratings": self.ratings(),
            "notes": self.notes(),
        }
