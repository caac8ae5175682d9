"""The owner's satisfaction survey (満足度調査) of an engagement: sent at a milestone or by hand,
answered once through a signed link (or the owner portal), aggregated on the organization's
statistics page. The answers are the support side's quality record: company-side users never read
the rows (the owner answers through the link, which shows only the questions)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, optional_user_field, range_check
from banso.core.records import ClientRecord
from banso.engagements.engines import surveys as s
from banso.engagements.models.base import SupportSideQuerySet, choice_field, engagement_field
from banso.engagements.validators import range_validators


def _score(question: s.Question):
    return models.PositiveSmallIntegerField(
        question.short,
        null=True,
        blank=True,
        validators=range_validators(s.SCALE_MIN, s.SCALE_MAX, question.short),
    )


_Q = {q.key: q for q in s.QUESTIONS}


class SatisfactionSurvey(ClientRecord):
    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("surveys")
    milestone = choice_field("送る時点", s.MILESTONE_CHOICES, max_length=20)
    supporter = optional_user_field("対象の支援者")
    nonce = models.CharField("リンクの識別子", max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField("送付日時")
    expires_at = models.DateTimeField("回答期限")
    answered_at = models.DateTimeField("回答日時", null=True, blank=True)
    dialogue = _score(_Q["dialogue"])
    listening = _score(_Q["listening"])
    insight = _score(_Q["insight"])
    support = _score(_Q["support"])
    change = _score(_Q["change"])
    comment = models.TextField("自由記述", blank=True, max_length=s.COMMENT_MAX)
    created_by = optional_user_field("作成した人")

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "sent_at", "id"]
        verbose_name = "満足度調査"
        verbose_name_plural = "満足度調査"
        constraints = [
            choices_check("milestone", s.MILESTONE_CHOICES, "survey_milestone_valid", "送る時点"),
            *[
                range_check(q.key, s.SCALE_MIN, s.SCALE_MAX, f"survey_{q.key}_1_5", q.short, nullable=True)
                for q in s.QUESTIONS
            ],
            models.UniqueConstraint(
                fields=["engagement", "milestone"],
                condition=Q(milestone__in=["after_step3", "end"]),
                name="survey_one_per_milestone",
                violation_error_message="この時点の満足度調査はすでに送っています。",
            ),
        ]

    def __str__(self):
        return f"{self.engagement} / {self.get_milestone_display()}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def scores(self) -> dict[str, int]:
        return {q.key: getattr(self, q.key) for q in s.QUESTIONS if getattr(self, q.key) is not None}
