"""The engagements area's facts for the portfolio's outcomes and the organization's statistics
(core.portfolio.register_outcome_facts). Per company, from its newest engagement that was not
cancelled (or its newest one): the five walls at the first and the latest assessment, the number of
dialogues, whether a referral was used, the average salary at the baseline and at the latest
follow-up; from all its engagements: the agreed 裏課題 and the days spent in each step left.

A constant number of queries (seven) whatever the number of companies."""

from __future__ import annotations

from django.db.models import Count

from banso.core.portfolio import SurveyResponse, SurveySource, register_outcome_labels
from banso.engagements.engines import guideline as g
from banso.engagements.engines.outcomes import step_stays
from banso.engagements.engines.surveys import QUESTION_KEYS, QUESTIONS
from banso.engagements.models import (
    Dialogue,
    Engagement,
    FollowUp,
    IssueNode,
    OutcomeBaseline,
    Referral,
    SatisfactionSurvey,
    StepTransition,
    WallAssessment,
)

WALL_FIELDS = g.WALL_KEYS


def register_labels() -> None:
    register_outcome_labels("walls", {wall.key: wall.short_label for wall in g.WALLS})
    register_outcome_labels("steps", {step.number: step.label for step in g.STEPS})


def _main_engagements(companies) -> dict[int, int]:
    """{company id: the engagement its outcomes come from}."""
    chosen: dict[int, tuple] = {}
    for pk, company_id, status, started_on in Engagement.objects.filter(company__in=companies).values_list(
        "pk", "company_id", "status", "started_on"
    ):
        rank = (status != "cancelled", started_on, pk)
        if company_id not in chosen or rank > chosen[company_id][0]:
            chosen[company_id] = (rank, pk)
    return {company_id: pk for company_id, (_rank, pk) in chosen.items()}


def engagement_facts(companies) -> dict[int, dict]:
    main = _main_engagements(companies)
    if not main:
        return {}
    by_engagement = {pk: company_id for company_id, pk in main.items()}
    ids = list(by_engagement)
    facts: dict[int, dict] = {
        company_id: {"dialogue_count": 0, "referral_used": False} for company_id in main
    }
    # walls: first and latest assessment (the latest only when there are two)
    assessments: dict[int, list] = {}
    for row in (
        WallAssessment.objects.filter(engagement_id__in=ids)
        .order_by("engagement_id", "assessed_on", "id")
        .values("engagement_id", *WALL_FIELDS)
    ):
        assessments.setdefault(row["engagement_id"], []).append(row)
    for engagement_id, rows in assessments.items():
        entry = facts[by_engagement[engagement_id]]
        entry["walls_start"] = {k: rows[0][k] for k in WALL_FIELDS}
        if len(rows) > 1:
            entry["walls_latest"] = {k: rows[-1][k] for k in WALL_FIELDS}
    for row in (
        Dialogue.objects.filter(engagement_id__in=ids)
        .values("engagement_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        facts[by_engagement[row["engagement_id"]]]["dialogue_count"] = row["n"]
    for engagement_id in (
        Referral.objects.filter(engagement_id__in=ids)
        .exclude(status="not_used")
        .values_list("engagement_id", flat=True)
    ):
        facts[by_engagement[engagement_id]]["referral_used"] = True
    for engagement_id, salary in OutcomeBaseline.objects.filter(engagement_id__in=ids).values_list(
        "engagement_id", "average_salary"
    ):
        if salary is not None:
            facts[by_engagement[engagement_id]]["salary_before"] = salary
    for engagement_id, salary, rate in (
        FollowUp.objects.filter(engagement_id__in=ids, done_on__isnull=False)
        .order_by("engagement_id", "done_on", "id")
        .values_list("engagement_id", "average_salary", "wage_increase_rate")
    ):
        entry = facts[by_engagement[engagement_id]]
        if salary is not None:
            entry["salary_latest"] = salary
        if rate is not None:
            entry["wage_rate_latest"] = rate
    # from every engagement of the company: agreed root issues, the step log
    for company_id, text in IssueNode.objects.filter(
        engagement__company__in=companies, kind="root", agreed_on__isnull=False
    ).values_list("engagement__company_id", "text"):
        facts.setdefault(company_id, {}).setdefault("root_issues", []).append(text)
    logs: dict[int, list] = {}
    companies_of: dict[int, int] = {}
    for engagement_id, company_id, decided_on, to_step in (
        StepTransition.objects.filter(engagement__company__in=companies)
        .order_by("engagement_id", "decided_on", "created_at", "id")
        .values_list("engagement_id", "engagement__company_id", "decided_on", "to_step")
    ):
        logs.setdefault(engagement_id, []).append((decided_on, to_step))
        companies_of[engagement_id] = company_id
    for engagement_id, log in logs.items():
        step_days = facts.setdefault(companies_of[engagement_id], {}).setdefault("step_days", {})
        for step, days in step_stays(log).items():
            step_days.setdefault(step, []).extend(days)
    return facts


def survey_responses(companies) -> list[SurveyResponse]:
    """Every satisfaction survey of the companies (one query), without any name of the owner."""
    fields = ("engagement__company_id", "supporter_id", "milestone", "answered_at", "comment", *QUESTION_KEYS)
    return [
        SurveyResponse(
            company_id=row["engagement__company_id"],
            supporter_id=row["supporter_id"],
            milestone=row["milestone"],
            answered=row["answered_at"] is not None,
            scores={k: row[k] for k in QUESTION_KEYS if row[k] is not None},
            comment=row["comment"] if row["answered_at"] is not None else "",
            answered_on=row["answered_at"],
        )
        for row in SatisfactionSurvey.objects.filter(engagement__company__in=companies)
        .order_by("-sent_at", "-id")
        .values(*fields)
    ]


SURVEY_SOURCE = SurveySource(
    questions=tuple((q.key, q.short) for q in QUESTIONS),
    responses=survey_responses,
)
