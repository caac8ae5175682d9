"""The five walls (自己変革を妨げる5つの壁): dated assessments, each wall rated 0 (乗り越えた)–3 (強い壁)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from banso.core.history import audited_history
from banso.core.model_fields import range_check, unique_check, user_field
from banso.core.records import ClientRecord
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    SupportSideQuerySet,
    check_past_day,
    engagement_field,
    scale_field,
)


def _rating(wall: g.Wall):
    return scale_field(
        wall.label, g.WALL_LEVEL_CHOICES, g.WALL_MIN, g.WALL_MAX, label=f"「{wall.label}」の評価"
    )


def _note(wall: g.Wall):
    return models.TextField(f"{wall.label}の根拠", blank=True)


_W = g.WALL_BY_KEY


class WallAssessment(ClientRecord):
    """One dated rating of the five walls. Field names are the api.md keys; `<key>_note` is the evidence."""

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("wall_assessments")
    assessed_on = models.DateField("評価した日")
    assessed_by = user_field("評価した人")
    unseen = _rating(_W["unseen"])
    unfaced = _rating(_W["unfaced"])
    unexecuted = _rating(_W["unexecuted"])
    unfollowed = _rating(_W["unfollowed"])
    under_resourced = _rating(_W["under_resourced"])
    unseen_note = _note(_W["unseen"])
    unfaced_note = _note(_W["unfaced"])
    unexecuted_note = _note(_W["unexecuted"])
    unfollowed_note = _note(_W["unfollowed"])
    under_resourced_note = _note(_W["under_resourced"])

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "assessed_on", "id"]
        get_latest_by = ["assessed_on", "id"]
        verbose_name = "5つの壁の評価"
        verbose_name_plural = "5つの壁の評価"
        constraints = [
            *[
                range_check(
                    wall.key, g.WALL_MIN, g.WALL_MAX, f"wall_{wall.key}_0_3", f"「{wall.label}」の評価"
                )
                for wall in g.WALLS
            ],
            unique_check(
                ["engagement", "assessed_on"],
                "wall_assessment_unique_day",
                "この日の5つの壁の評価はすでにあります。その評価を編集してください。",
            ),
        ]

    def __str__(self):
        return f"{self.engagement}: {self.assessed_on:%Y/%m/%d} の5つの壁"

    @property
    def ratings(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in g.WALL_KEYS}

    @property
    def notes(self) -> dict[str, str]:
        return {key: getattr(self, f"{key}_note") for key in g.WALL_KEYS}

    def clean(self):
        errors: dict = {}
        check_past_day(self, "assessed_on", errors)
        if errors:
            raise ValidationError(errors)
