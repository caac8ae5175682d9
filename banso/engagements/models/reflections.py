"""The advisor's reflection after a dialogue, against the guideline's three elements (三要素).

Kept so a supervisor can see the craft across the team (形式知化); the advisor's self-assessment is
support-side only (SupportSideQuerySet).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from banso.core.history import audited_history
from banso.core.model_fields import range_check, unique_check
from banso.core.records import AuditedThroughCompany
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import SupportSideQuerySet, scale_field

_E = {element.key: element for element in g.ELEMENTS}


def _element_rating(element: g.Element):
    return scale_field(
        element.short_label,
        g.REFLECTION_RATING_CHOICES,
        g.REFLECTION_MIN,
        g.REFLECTION_MAX,
        label=f"「{element.short_label}」の評価",
        help_text=element.question,
    )


class Reflection(AuditedThroughCompany, models.Model):
    COMPANY_PATH = "dialogue__engagement__company"

    dialogue = models.ForeignKey(
        "engagements.Dialogue", on_delete=models.CASCADE, related_name="reflections", verbose_name="対話記録"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dialogue_reflections",
        verbose_name="支援者",
    )
    dialogue_listening = _element_rating(_E["dialogue_listening"])
    issue_setting = _element_rating(_E["issue_setting"])
    intrinsic_motivation = _element_rating(_E["intrinsic_motivation"])
    note = models.TextField("振り返りメモ", blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["dialogue", "id"]
        verbose_name = "支援者の振り返り"
        verbose_name_plural = "支援者の振り返り"
        constraints = [
            *[
                range_check(
                    element.key,
                    g.REFLECTION_MIN,
                    g.REFLECTION_MAX,
                    f"reflection_{element.key}_1_4",
                    f"「{element.short_label}」の評価",
                )
                for element in g.ELEMENTS
            ],
            unique_check(
                ["dialogue", "advisor"],
                "reflection_one_per_advisor",
                "この対話の振り返りはすでに記録されています。その振り返りを編集してください。",
            ),
        ]

    def __str__(self):
        return f"{self.dialogue} / {self.advisor} の振り返り"

    @property
    def ratings(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in g.ELEMENT_KEYS}
