"""What the engagement tells the aids beside its forms (banso.core.engagement_form_aids): the current
step, the latest wall ratings and the company's industry. The aids themselves come from other areas
(the knowledge area's 質問バンク and action templates)."""

from __future__ import annotations

from banso.core.engagement_form_aids import ACTION_FORM, DIALOGUE_FORM, EngagementFormContext
from banso.engagements.engines import guideline as g

# The dialogue field a picked question goes into (the agenda / listening notes of the dialogue).
DIALOGUE_TARGET_FIELD = "id_listening_notes"


def aid_context(engagement, form: str) -> EngagementFormContext:
    latest = engagement.wall_assessments.order_by("-assessed_on", "-id").first()
    ratings = {key: getattr(latest, key) for key in g.WALL_KEYS} if latest else {}
    return EngagementFormContext(
        form=form,
        engagement_id=engagement.pk,
        company_id=engagement.company_id,
        step=engagement.step,
        industry_code=engagement.company.industry_code or "",
        wall_ratings=ratings,
        target=DIALOGUE_TARGET_FIELD if form == DIALOGUE_FORM else "",
    )


def dialogue_aids(engagement) -> EngagementFormContext:
    return aid_context(engagement, DIALOGUE_FORM)


def action_aids(engagement) -> EngagementFormContext:
    return aid_context(engagement, ACTION_FORM)
