"""The issue tree (課題ツリー): surface issues (表課題) at the top, "なぜ" children to any depth, and
root issues (裏課題 / 本質的課題) marked anywhere, with the day the owner agreed (腹落ち).

kind and position agree (DB constraint): a top-level node is 'surface' or 'root'; a child is 'why'
or 'root'. Cycles and cross-engagement parents are refused by the domain functions
(banso.engagements.domain.issues), which are the only writers.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, user_field
from banso.core.records import ClientRecord
from banso.core.visibility import SHAREABLE, Visibility, visibility_field
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    SupportSideQuerySet,
    check_past_day,
    choice_field,
    engagement_field,
)
from banso.engagements.validators import validate_not_blank

TOP_LEVEL_KINDS = ("surface", "root")
CHILD_KINDS = ("why", "root")


class IssueNode(ClientRecord):
    COMPANY_PATH = "engagement__company"
    # Only a root issue the owner agreed to (腹落ちした日) and the supporter left shared is shown to
    # the owner (core.visibility); surface issues and the "なぜ" chain stay the advisor's notes.
    COMPANY_SIDE = SHAREABLE
    SHARED_WHEN = Q(visibility=Visibility.SHARED, kind="root", agreed_on__isnull=False)
    SHARED_FIELDS = ("text", "agreed_on")

    engagement = engagement_field("issue_nodes")
    # RESTRICT: a node with children cannot be deleted on its own (nothing is lost), but deleting the
    # whole engagement still removes its tree.
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="親の課題",
    )
    kind = choice_field("種類", g.ISSUE_KIND_CHOICES, max_length=10, default="surface")
    text = models.CharField("課題", max_length=500, validators=[validate_not_blank])
    note = models.TextField("メモ", blank=True)
    agreed_on = models.DateField(
        "経営者が腹落ちした日", null=True, blank=True, help_text="裏課題に経営者が納得した日"
    )
    position = models.PositiveIntegerField("並び順", default=0)
    visibility = visibility_field()
    dialogues = models.ManyToManyField(
        "engagements.Dialogue", related_name="issue_nodes", blank=True, verbose_name="話題に出た対話"
    )
    created_by = user_field("記録した人")

    objects = SupportSideQuerySet.as_manager()
    history = audited_history(m2m_fields=["dialogues"])

    class Meta:
        ordering = ["engagement", "position", "id"]
        verbose_name = "課題ツリーの課題"
        verbose_name_plural = "課題ツリーの課題"
        constraints = [
            choices_check("kind", g.ISSUE_KIND_CHOICES, "issue_kind_valid", "課題の種類"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, kind__in=TOP_LEVEL_KINDS)
                | Q(parent__isnull=False, kind__in=CHILD_KINDS),
                name="issue_kind_matches_position",
                violation_error_message=(
                    "表課題は最上位に、「なぜ」は親の課題の下に置きます。種類と親の課題の組み合わせを確かめてください。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(agreed_on__isnull=True) | Q(kind="root"),
                name="issue_agreed_only_root",
                violation_error_message="腹落ちした日は、裏課題（本質的課題）にだけ記録できます。",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_root_issue(self) -> bool:
        return self.kind == "root"

    def clean(self):
        errors: dict = {}
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                errors.setdefault("parent", []).append("課題を自分自身の下に置くことはできません。")
            elif self.parent.engagement_id != self.engagement_id:
                errors.setdefault("parent", []).append("親の課題は同じ案件の課題ツリーから選んでください。")
        check_past_day(self, "agreed_on", errors)
        if errors:
            raise ValidationError(errors)
