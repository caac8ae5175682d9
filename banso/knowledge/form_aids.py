"""The knowledge area's aids beside the engagement's forms (banso.core.engagement_form_aids): the
質問バンク next to the dialogue form (questions for the current step and the high walls, viewpoints
of the company's industry) and the action templates next to the action form."""

from __future__ import annotations

from urllib.parse import urlencode

from banso.core.engagement_form_aids import ACTION_FORM, DIALOGUE_FORM, FormAid
from banso.core.urls import org_reverse
from banso.knowledge.engines import question_bank as qb
from banso.knowledge.permissions import is_support_side

# The picker offers the questions of the step and of the highest walls (at most this many). *(Banso rule)*
MAX_WALLS = 2


def question_bank_aid(request, context) -> FormAid | None:
    if not is_support_side(getattr(request, "membership", None)):
        return None
    if context.form == DIALOGUE_FORM:
        query = {
            "step": context.step,
            "walls": ",".join(qb.high_walls(context.wall_ratings)[:MAX_WALLS]),
            "industry": context.industry_code,
            "target": context.target,
        }
        return FormAid(
            key="question-bank",
            title="質問バンク",
            url=f"{org_reverse(request, 'knowledge:question_picker')}?{urlencode(query)}",
            open_label="質問を表示",
            help="いまのステップと高い壁に合う問いかけです。選ぶと傾聴メモに入ります（対話の準備・アジェンダに）。",
        )
    if context.form == ACTION_FORM:
        return FormAid(
            key="action-templates",
            title="アクションのひな形",
            url=f"{org_reverse(request, 'knowledge:template_picker')}?{urlencode({'step': context.step})}",
            open_label="ひな形を表示",
            help="小さな一歩と、その確かめ方（指標）のひな形です。選ぶと「何を」「どのように」「見込む効果」に入ります。",
        )
    return None
