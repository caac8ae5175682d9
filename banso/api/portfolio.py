"""/api/v1/portfolio/outcomes and /api/v1/portfolio/statistics — the organization's portfolio
outcomes and what it learns from it (管理者・閲覧者; 支援者 and the company side 403), the same
figures as the pages (banso/home/outcomes.py, engines in banso/home/engines/)."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from banso.api.common import NOT_FOUND_RESPONSE, as_float
from banso.home import outcomes as outcome_data
from banso.home import surveys as survey_data
from banso.home.permissions import PORTFOLIO_ONLY, sees_portfolio

router = Router(tags=["portfolio"])

FORBIDDEN = {"description": "管理者・閲覧者以外（支援者、事業者側）", "content": {}}


class BucketOut(Schema):
    metric: str
    bucket: str
    label: str
    count: int


class WallOut(Schema):
    key: str
    label: str
    n: int
    start_mean: float | None
    latest_mean: float | None
    buckets: list[BucketOut]


class MoneyOut(Schema):
    metric: str
    label: str
    n: int
    first_total: int | None
    latest_total: int | None
    change_pct: float | None


class GroupOut(Schema):
    key: str
    label: str
    company_count: int
    filter: dict[str, int]
    rank_now: list[BucketOut]
    rank_year_ago: list[BucketOut]
    rank_change: list[BucketOut]
    walls: list[WallOut]
    money: list[MoneyOut]
    money_buckets: list[BucketOut]


class OutcomesOut(Schema):
    company_count: int
    overall: GroupOut
    groups: list[GroupOut]


def _buckets(items) -> list[BucketOut]:
    return [BucketOut(metric=c.metric, bucket=c.bucket, label=c.label, count=c.count) for c in items]


def _group(result, params: dict) -> GroupOut:
    return GroupOut(
        key=result.key,
        label=result.label,
        company_count=result.company_count,
        filter=params,
        rank_now=_buckets(result.rank_now),
        rank_year_ago=_buckets(result.rank_year_ago),
        rank_change=_buckets(result.rank_change),
        walls=[
            WallOut(
                key=w.key,
                label=w.label,
                n=w.n,
                start_mean=as_float(w.start_mean),
                latest_mean=as_float(w.latest_mean),
                buckets=_buckets(w.buckets),
            )
            for w in result.walls
        ],
        money=[
            MoneyOut(
                metric=m.metric,
                label=m.label,
                n=m.n,
                first_total=int(m.first_total) if m.first_total is not None else None,
                latest_total=int(m.latest_total) if m.latest_total is not None else None,
                change_pct=as_float(m.change_pct),
            )
            for m in result.money
        ],
        money_buckets=[b for m in result.money for b in _buckets(m.buckets)],
    )


def _membership(request):
    if not sees_portfolio(request.membership):
        raise PermissionDenied(PORTFOLIO_ONLY)
    return request.membership


@router.get(
    "/portfolio/outcomes",
    response=OutcomesOut,
    summary="ポートフォリオの成果",
    openapi_extra={"responses": {"403": FORBIDDEN, "404": NOT_FOUND_RESPONSE}},
    description=(
        "ローカルベンチマークのランク（現在・1年前）、5つの壁（最初→最新）、売上高・営業利益（円、最初と最新の"
        "確定決算）、平均給与（円、支援開始時と最新のフォローアップ）。"
        "group=supporter|branch で支援者別・支店別。"
        "各数の事業者一覧は /o/<org>/companies/?outcome=<metric>&bucket=<bucket>（filter の条件と併用）です。"
    ),
)
def portfolio_outcomes(request, group: Literal["", "supporter", "branch"] = Query("")):
    membership = _membership(request)
    portfolio = outcome_data.load(membership)
    overall, per_group = outcome_data.outcomes(portfolio, membership.organization, group)
    return OutcomesOut(
        company_count=len(portfolio.companies),
        overall=_group(overall, {}),
        groups=[_group(result, params) for result, params in per_group],
    )


class CountOut(Schema):
    key: str
    label: str
    count: int


class WallDistributionOut(Schema):
    key: str
    label: str
    start: list[int]
    end: list[int]


class StepTimeOut(Schema):
    step: int
    label: str
    n: int
    mean_days: float | None
    median_days: float | None


class OutcomeRowOut(Schema):
    key: str
    label: str
    n: int
    sales_n: int
    sales_up: int
    operating_n: int
    operating_up: int
    walls_n: int
    walls_improvement: float | None


class SurveySummaryOut(Schema):
    key: str
    label: str
    sent: int
    answered: int
    response_rate: float | None
    question_means: dict[str, float | None]
    overall_mean: float | None


class StatisticsOut(Schema):
    company_count: int
    root_issue_themes: list[CountOut]
    walls: list[WallDistributionOut]
    steps: list[StepTimeOut]
    by_industry: list[OutcomeRowOut]
    by_approach: list[OutcomeRowOut]
    survey: SurveySummaryOut
    survey_by_supporter: list[SurveySummaryOut]
    survey_comments: list[str]


def _row(r) -> OutcomeRowOut:
    return OutcomeRowOut(**{**r.__dict__, "walls_improvement": as_float(r.walls_improvement)})


def _survey(summary) -> SurveySummaryOut:
    return SurveySummaryOut(
        key=summary.key,
        label=summary.label,
        sent=summary.sent,
        answered=summary.answered,
        response_rate=as_float(summary.response_rate),
        question_means={k: as_float(m) for k, _label, m in summary.question_means},
        overall_mean=as_float(summary.overall_mean),
    )


@router.get(
    "/portfolio/statistics",
    response=StatisticsOut,
    summary="組織の学び（統計）と満足度調査の集計",
    openapi_extra={"responses": {"403": FORBIDDEN, "404": NOT_FOUND_RESPONSE}},
    description=(
        "合意した裏課題のテーマ、5つの壁の分布（最初・最新、水準0〜3の事業者数）、ステップごとの所要日数、"
        "業種別・支援の進め方別の成果、満足度調査（送付・回答・回答率・質問ごとの平均）。"
        "自由記述は本文だけで、経営者名・事業者名は含みません。"
    ),
)
def portfolio_statistics(request):
    membership = _membership(request)
    portfolio = outcome_data.load(membership)
    stats = outcome_data.statistics(portfolio)
    survey = survey_data.summaries(membership, membership.organization, portfolio)
    return StatisticsOut(
        company_count=len(portfolio.companies),
        root_issue_themes=[CountOut(key=t.key, label=t.label, count=t.count) for t in stats["themes"]],
        walls=[
            WallDistributionOut(key=w.key, label=w.label, start=list(w.start), end=list(w.end))
            for w in stats["walls"]
        ],
        steps=[
            StepTimeOut(
                step=s.step,
                label=s.label,
                n=s.n,
                mean_days=as_float(s.mean_days),
                median_days=as_float(s.median_days),
            )
            for s in stats["steps"]
        ],
        by_industry=[_row(r) for r in stats["industries"]],
        by_approach=[_row(r) for r in stats["approaches"]],
        survey=_survey(survey["overall"]),
        survey_by_supporter=[_survey(row) for row in survey["supporters"]],
        survey_comments=[c["text"] for c in survey["comments"]],
    )
