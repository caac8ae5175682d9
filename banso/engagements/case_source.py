"""The engagements area's provider for core.case_sources: an engagement's facts for an anonymised
case (事例), and the known terms (names, places, identifiers) that must not appear in it."""

from __future__ import annotations

from django.http import Http404

from banso.core.case_sources import COMPANY, PERSON, TERM, CaseFacts, KnownTerm, WallChoice, WallLevel
from banso.engagements.engines import guideline as g
from banso.engagements.models import (
    Action,
    Dialogue,
    FollowUp,
    IssueNode,
    Referral,
    Stakeholder,
    WallAssessment,
)
from banso.engagements.queries import engagement_or_404

# The label a person gets in a case, by their role in the stakeholder map.
ROLE_LABELS = {
    "owner": "社長",
    "successor": "後継者",
    "executive": "幹部",
    "field_leader": "現場リーダー",
    "employee": "従業員",
    "family": "社長の家族",
    "business_partner": "取引先",
    "lender": "金融機関",
}
WORKED = frozenset({"done"})
NOT_WORKED = frozenset({"cancelled", "revising"})


def _people_label(stakeholder: Stakeholder, used: dict[str, int]) -> str:
    base = (
        stakeholder.title.strip()
        if stakeholder.title.strip()
        else ROLE_LABELS.get(stakeholder.role, "関係者")
    )
    # Keep the role words of the title only (製造部長 stays a role; a name never is a title).
    used[base] = used.get(base, 0) + 1
    return base if used[base] == 1 else f"{base}{chr(ord('A') + used[base] - 1)}"


def known_terms(engagement) -> list[KnownTerm]:
    company = engagement.company
    terms = [KnownTerm(company.name, "A社", COMPANY)]
    if company.name_kana:
        terms.append(KnownTerm(company.name_kana, "A社", COMPANY))
    if company.representative:
        terms.append(KnownTerm(company.representative, "社長", PERSON))
    if company.address:
        terms.append(KnownTerm(company.address, "（所在地）", TERM))
    if company.corporate_number:
        terms.append(KnownTerm(company.corporate_number, "（法人番号）", TERM))
    used: dict[str, int] = {}
    for stakeholder in Stakeholder.objects.filter(engagement=engagement).order_by("id"):
        label = "社長" if stakeholder.role == "owner" else _people_label(stakeholder, used)
        terms.append(KnownTerm(stakeholder.name, label, PERSON))
    for referral in Referral.objects.filter(engagement=engagement).select_related("support_body"):
        terms.append(
            KnownTerm(referral.support_body.name, f"橋渡し先（{referral.support_body.type_label}）", TERM)
        )
        if referral.contact_name:
            terms.append(KnownTerm(referral.contact_name, "先方の担当者", PERSON))
        if referral.support_body.contact_name:
            terms.append(KnownTerm(referral.support_body.contact_name, "先方の担当者", PERSON))
    seen: set[str] = set()
    unique = []
    for term in terms:
        if term.text.strip() and term.text not in seen:
            seen.add(term.text)
            unique.append(term)
    return unique


def _figures(record) -> dict:
    if record is None:
        return {}
    return {key: value for key, value in record.figures().items() if value is not None}


def case_facts(membership, engagement_id: int) -> CaseFacts | None:
    try:
        engagement = engagement_or_404(membership, engagement_id)
    except Http404:
        return None
    company = engagement.company
    assessments = list(WallAssessment.objects.filter(engagement=engagement).order_by("assessed_on", "id"))
    first, last = (assessments[0], assessments[-1]) if assessments else (None, None)
    walls = [
        WallLevel(
            key=wall.key,
            label=wall.label,
            start=getattr(first, wall.key) if first else None,
            now=getattr(last, wall.key) if last else None,
        )
        for wall in g.WALLS
    ]
    nodes = list(IssueNode.objects.filter(engagement=engagement).order_by("position", "id"))
    dialogues = list(Dialogue.objects.filter(engagement=engagement).order_by("id"))
    actions = list(Action.objects.filter(engagement=engagement).order_by("due_on", "id"))
    baseline = getattr(engagement, "baseline", None)
    follow_up = (
        FollowUp.objects.filter(engagement=engagement, done_on__isnull=False)
        .order_by("-done_on", "-id")
        .first()
    )
    return CaseFacts(
        engagement_id=engagement.pk,
        company_id=company.pk,
        organization_id=company.organization_id,
        title=str(engagement),
        industry_code=company.industry_code or "",
        size=company.size,
        address=company.address or "",
        started_on=engagement.started_on,
        ended_on=engagement.ended_on,
        step=engagement.step,
        step_label=g.STEP_BY_NUMBER[engagement.step].label,
        walls=walls,
        surface_issues=[n.text for n in nodes if n.kind == "surface"],
        root_issues=[n.text for n in nodes if n.kind == "root"],
        insights=[d.insights.strip() for d in dialogues if d.insights.strip()],
        owner_words=[d.owner_words.strip() for d in dialogues if d.owner_words.strip()],
        actions_worked=[_action_text(a) for a in actions if a.status in WORKED],
        actions_not_worked=[_action_text(a) for a in actions if a.status in NOT_WORKED],
        outcomes_before=_figures(baseline),
        outcomes_after=_figures(follow_up),
        known_terms=known_terms(engagement),
    )


def _action_text(action) -> str:
    parts = [action.what]
    if action.how.strip():
        parts.append(f"（{action.how.strip()}）")
    return "".join(parts)


WALL_CHOICES = [WallChoice(key=wall.key, label=wall.label) for wall in g.WALLS]
