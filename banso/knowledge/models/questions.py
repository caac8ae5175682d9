"""The question bank (質問バンク): dialogue questions per step and wall, industry viewpoints and action
templates. Shipped items (organization empty) come from `banso/knowledge/data/question_bank.json`;
each organization's 管理者 adds its own items, edits a shipped one (an own copy that `replaces` it) or
hides one (an own copy marked hidden), and may share an own item with a network the organization
belongs to when the organization may publish there."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.model_fields import optional_user_field
from banso.knowledge.engines import question_bank as qb


class BankItem(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bank_items",
        verbose_name="機関",
        help_text="空欄は Banso 同梱の項目",
    )
    shipped_key = models.CharField("同梱のキー", max_length=60, blank=True, db_index=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name="置き換える同梱の項目",
    )
    kind = models.CharField("種類", max_length=20, choices=qb.KIND_CHOICES)
    step = models.PositiveSmallIntegerField("ステップ", null=True, blank=True, choices=qb.STEP_CHOICES)
    wall = models.CharField("壁", max_length=20, blank=True, choices=qb.WALL_CHOICES)
    industry_group = models.CharField("業種", max_length=30, blank=True, choices=qb.INDUSTRY_GROUP_CHOICES)
    text = models.CharField("内容", max_length=qb.MAX_TEXT)
    how = models.CharField("どのように", max_length=qb.MAX_DETAIL, blank=True)
    measure = models.CharField("指標", max_length=qb.MAX_DETAIL, blank=True)
    hidden = models.BooleanField("非表示", default=False)
    network = models.ForeignKey(
        "knowledge.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bank_items",
        verbose_name="共有先のネットワーク",
    )
    created_by = optional_user_field()
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "質問バンクの項目"
        verbose_name_plural = "質問バンクの項目"
        ordering = ["kind", "step", "wall", "industry_group", "shipped_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "replaces"],
                condition=Q(replaces__isnull=False),
                name="knowledge_bank_item_one_copy_per_org",
            ),
            models.UniqueConstraint(
                fields=["shipped_key"],
                condition=Q(organization__isnull=True),
                name="knowledge_bank_item_shipped_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_shipped(self) -> bool:
        return self.organization_id is None

    @property
    def kind_label(self) -> str:
        return qb.KIND_LABELS.get(self.kind, "")

    @property
    def scope_label(self) -> str:
        if self.organization_id is None:
            return "Banso 同梱"
        if self.replaces_id:
            return "自機関で編集"
        return "自機関"

    @property
    def one_line(self) -> str:
        if self.kind == qb.ACTION_TEMPLATE:
            return qb.action_text(self.text, self.measure)
        return self.text
