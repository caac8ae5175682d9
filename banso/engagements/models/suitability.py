"""Steps ① and ②: the suitability assessment (見極め) and the go / no-go decision it ends in.

Both are the advisor's judgement of the owner, so company-side users never see them
(SupportSideQuerySet).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, range_check, required_check, unique_check, user_field
from banso.core.records import AuditedThroughCompany
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    SupportSideQuerySet,
    check_past_day,
    choice_field,
    engagement_field,
    scale_field,
)
from banso.engagements.validators import (
    validate_not_blank,
)


class SuitabilityRating(AuditedThroughCompany, models.Model):
    """The current rating (1–4) of one suitability point with its evidence; history keeps earlier ones."""

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("suitability_ratings")
    point = choice_field("見極めの項目", g.SUITABILITY_POINT_CHOICES, max_length=30)
    rating = scale_field("評価", g.SUITABILITY_RATING_CHOICES, g.SUITABILITY_MIN, g.SUITABILITY_MAX)
    evidence = models.TextField("根拠", validators=[validate_not_blank])
    rated_on = models.DateField("評価した日")
    rated_by = user_field("評価した人")
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "id"]
        verbose_name = "見極めの評価"
        verbose_name_plural = "見極めの評価"
        constraints = [
            choices_check("point", g.SUITABILITY_POINT_CHOICES, "suitability_point_valid", "見極めの項目"),
            range_check(
                "rating", g.SUITABILITY_MIN, g.SUITABILITY_MAX, "suitability_rating_1_4", "見極めの評価"
            ),
            required_check("evidence", "suitability_evidence_required", "評価の根拠を入力してください。"),
            unique_check(
                ["engagement", "point"],
                "suitability_unique_point",
                "この項目はすでに評価されています。その評価を更新してください。",
            ),
        ]

    def __str__(self):
        return f"{self.engagement}: {self.get_point_display()} {self.rating}"

    def clean(self):
        errors: dict = {}
        check_past_day(self, "rated_on", errors)
        if errors:
            raise ValidationError(errors)


class GoNoGoDecision(AuditedThroughCompany, models.Model):
    """The recorded end of the suitability assessment. The latest decision counts (re-assessment is
    allowed); `ratings` keeps the point ratings as they were when the decision was made."""

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("decisions")
    decision = choice_field("判断", g.DECISION_CHOICES, max_length=10)
    step = scale_field("判断したステップ", g.STEP_CHOICES, g.FIRST_STEP, g.GO_DECISION_STEP)
    decided_on = models.DateField("判断した日")
    decided_by = user_field("判断した人")
    reason = models.TextField("判断の理由", validators=[validate_not_blank])
    ratings = models.JSONField("判断時の評価", default=dict, blank=True)
    created_at = models.DateTimeField("記録日時", auto_now_add=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "created_at", "id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = "見極めの判断（Go / No-Go）"
        verbose_name_plural = "見極めの判断（Go / No-Go）"
        constraints = [
            choices_check("decision", g.DECISION_CHOICES, "decision_valid", "判断"),
            range_check("step", g.FIRST_STEP, g.GO_DECISION_STEP, "decision_step_1_2", "判断したステップ"),
            required_check("reason", "decision_reason_required", "判断の理由を入力してください。"),
        ]

    def __str__(self):
        return f"{self.engagement}: {self.get_decision_display()}"

    @property
    def is_go(self) -> bool:
        return self.decision == "go"

    def clean(self):
        errors: dict = {}
        check_past_day(self, "decided_on", errors)
        if errors:
            raise ValidationError(errors)
