"""The owners' satisfaction surveys (満足度調査) aggregated for the statistics page and the API: per
supporter and for the organization — sent, answered, response rate, the mean of each question — and
the free comments (support side only, never with the owner's or the company's name). The survey
rows belong to the engagements area, which hands them over through core.portfolio.survey_source."""

from __future__ import annotations

from banso.companies.models import Company
from banso.core.portfolio import survey_source
from banso.home.engines import learning
from banso.home.outcomes import Portfolio, staff_of

COMMENTS_SHOWN = 50
MILESTONE_LABELS = {
    "after_step3": "ステップ③の後",
    "follow_up": "フォローアップ時",
    "end": "支援の終了時",
    "manual": "支援者が送付",
}


def summaries(membership, organization, portfolio: Portfolio) -> dict:
    source = survey_source()
    if source is None:
        empty = learning.survey_summary("all", "組織全体", [], ())
        return {"questions": (), "overall": empty, "supporters": [], "comments": []}
    responses = source.responses(Company.objects.filter(pk__in=list(portfolio.companies)))
    questions = source.questions
    names = {user_id: name for user_id, name, _b, _bn in staff_of(organization)}
    per_supporter: dict[int, list] = {}
    for response in responses:
        per_supporter.setdefault(response.supporter_id or 0, []).append(response)
    supporters = [
        learning.survey_summary(str(user_id), names.get(user_id, "（退任・不明の支援者）"), rows, questions)
        for user_id, rows in sorted(per_supporter.items(), key=lambda kv: names.get(kv[0], "~"))
    ]
    comments = [
        {
            "text": r.comment,
            "milestone": MILESTONE_LABELS.get(r.milestone, r.milestone),
            "answered_on": r.answered_on,
            "supporter": names.get(r.supporter_id, ""),
        }
        for r in responses
        if r.answered and r.comment
    ][:COMMENTS_SHOWN]
    return {
        "questions": questions,
        "overall": learning.survey_summary("all", "組織全体", responses, questions),
        "supporters": supporters,
        "comments": comments,
    }
