"""The stakeholder map (step ⑤ 内発的動機づけ): the people involved and their stance toward the change.

Stakeholders belong to one engagement (api.md: /engagements/{id}/stakeholders): the stance is about
this change, and the same person may stand differently in a later engagement. They are also the
company-side participants of dialogues (Dialogue.participants, reverse `dialogues`) and the owners
of actions (Action.owner).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, range_check, unique_check
from banso.core.records import ClientRecord
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import SupportSideQuerySet, choice_field, engagement_field, scale_field
from banso.engagements.validators import (
    validate_not_blank,
)


class Stakeholder(ClientRecord):
    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("stakeholders")
    name = models.CharField("氏名", max_length=100, validators=[validate_not_blank])
    role = choice_field("立場", g.STAKEHOLDER_ROLE_CHOICES, max_length=20)
    title = models.CharField("役職など", max_length=100, blank=True, help_text="例: 製造部長、専務（創業家）")
    stance = choice_field("変革へのスタンス", g.STANCE_CHOICES, max_length=20, default="neutral")
    influence = scale_field("影響力", g.INFLUENCE_CHOICES, g.INFLUENCE_MIN, g.INFLUENCE_MAX, default=2)
    concerns = models.TextField("関心事・大切にしていること", blank=True)
    note = models.TextField("メモ", blank=True)
    is_task_team_member = models.BooleanField(
        "社内タスクチームのメンバー", default=False, help_text="課題解決に取り組む社内チーム（ステップ⑥）"
    )
    position = models.PositiveIntegerField("並び順", default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Banso のログイン",
        help_text="この方が事業者ポータルを使う場合、そのログイン（従業員は自分のアクションだけを見ます）",
    )

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "position", "id"]
        verbose_name = "関係者"
        verbose_name_plural = "関係者"
        constraints = [
            choices_check("role", g.STAKEHOLDER_ROLE_CHOICES, "stakeholder_role_valid", "立場"),
            choices_check("stance", g.STANCE_CHOICES, "stakeholder_stance_valid", "変革へのスタンス"),
            range_check("influence", g.INFLUENCE_MIN, g.INFLUENCE_MAX, "stakeholder_influence_1_3", "影響力"),
            unique_check(
                ["engagement", "name"],
                "stakeholder_unique_name",
                "同じ氏名の関係者がすでに登録されています。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"

    @property
    def is_internal(self) -> bool:
        """Inside the company, so may own actions (取引先・金融機関 are outside)."""
        return self.role in g.INTERNAL_STAKEHOLDER_ROLES
