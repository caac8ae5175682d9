"""The seven steps: the log of step changes, and each step's checklist answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from banso.core.history import audited_history
from banso.core.model_fields import range_check, required_check, unique_check, user_field
from banso.core.records import AuditedThroughCompany
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    SupportSideQuerySet,
    check_past_day,
    choice_field,
    engagement_field,
    step_field,
)
from banso.engagements.validators import (
    validate_not_blank,
)


class StepTransition(AuditedThroughCompany, models.Model):
    """One move of the engagement between steps: who decided, when and why. Append-only.

    `from_step` is empty for the first row, written when the engagement is opened.
    """

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("step_transitions")
    from_step = step_field("変更前のステップ", null=True, blank=True)
    to_step = step_field("変更後のステップ")
    decided_on = models.DateField("判断した日")
    decided_by = user_field("判断した人")
    reason = models.TextField("理由", validators=[validate_not_blank])
    created_at = models.DateTimeField("記録日時", auto_now_add=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "created_at", "id"]
        verbose_name = "ステップの変更"
        verbose_name_plural = "ステップの変更"
        constraints = [
            range_check(
                "from_step", g.FIRST_STEP, g.LAST_STEP, "step_transition_from_1_7", "ステップ", nullable=True
            ),
            range_check("to_step", g.FIRST_STEP, g.LAST_STEP, "step_transition_to_1_7", "ステップ"),
            models.CheckConstraint(
                condition=Q(from_step__isnull=True) | ~Q(from_step=F("to_step")),
                name="step_transition_changes_step",
                violation_error_message="変更前と変更後のステップが同じです。",
            ),
            required_check(
                "reason", "step_transition_reason_required", "ステップを変更する理由を入力してください。"
            ),
        ]

    def __str__(self):
        return f"{self.engagement}: {self.from_step or '-'} → {self.to_step}"

    @property
    def direction(self) -> str:
        """'start', 'forward' or 'back'."""
        if self.from_step is None:
            return "start"
        return "forward" if self.to_step > self.from_step else "back"

    def clean(self):
        errors: dict = {}
        check_past_day(self, "decided_on", errors)
        if errors:
            raise ValidationError(errors)


def _checkpoint_matches_step() -> Q:
    condition = Q(pk__in=[])
    for step in g.STEPS:
        condition |= Q(step=step.number, checkpoint__in=[cp.key for cp in step.checkpoints])
    return condition


class StepCheck(AuditedThroughCompany, models.Model):
    """The advisor's answer to one checklist point of a step (guideline 第4章), with a note."""

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("step_checks")
    step = step_field()
    checkpoint = choice_field("確認のポイント", g.CHECKPOINT_CHOICES, max_length=40)
    done = models.BooleanField("確認できた", default=False)
    note = models.TextField("メモ", blank=True)
    checked_by = user_field("記録した人")
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "step", "id"]
        verbose_name = "ステップの確認項目"
        verbose_name_plural = "ステップの確認項目"
        constraints = [
            range_check("step", g.FIRST_STEP, g.LAST_STEP, "step_check_step_1_7", "ステップ"),
            models.CheckConstraint(
                condition=_checkpoint_matches_step(),
                name="step_check_point_of_step",
                violation_error_message="この確認のポイントは、指定したステップのものではありません。",
            ),
            unique_check(
                ["engagement", "checkpoint"],
                "step_check_unique_point",
                "この確認のポイントはすでに記録されています。",
            ),
        ]

    def __str__(self):
        return f"{self.engagement}: {self.checkpoint}"
