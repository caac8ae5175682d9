"""What the portfolio's outcomes (成果) and the organization's statistics (組織の学び) are computed from,
shared by the pages, the API and the company list's filters: the companies the member may see, their
facts (core.portfolio, filled by the areas), and the groupings — per supporter and per branch (支店).

A constant number of queries whatever the number of companies: one for the companies, one for the
supporter assignments, one for the branches, and the areas' providers (each a constant number)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q

from banso.companies.engines.industries import industry_label
from banso.companies.models import Company
from banso.core.portfolio import outcome_facts, outcome_labels
from banso.core.roles import Role
from banso.home.engines import learning
from banso.home.engines import outcomes as engine
from banso.home.permissions import sees_portfolio
from banso.orgs.models import Branch, Membership

GROUPINGS = {"supporter": "支援者別", "branch": "支店別"}
NO_BRANCH = 0
NO_BRANCH_LABEL = "支店なし"
UNASSIGNED_LABEL = "担当者なし"


@dataclass
class Portfolio:
    companies: dict[int, dict]  # {id: {"name", "industry_code"}}
    facts: dict[int, dict]  # {id: facts}, every visible company (empty facts allowed)
    supporters_of: dict[int, set[int]]  # {company id: supporter user ids}
    walls: dict[str, str]
    steps: dict


def load(membership) -> Portfolio:
    """The companies the member may see (管理者・閲覧者: all of the organization) and their facts."""
    visible = Company.objects.visible_to(membership)
    companies = {
        row["pk"]: row for row in visible.order_by("name_kana", "pk").values("pk", "name", "industry_code")
    }
    found = outcome_facts(visible)
    facts = {pk: found.get(pk, {}) for pk in companies}
    supporters: dict[int, set[int]] = {pk: set() for pk in companies}
    through = Company.supporters.through
    for company_id, user_id in through.objects.filter(company__in=visible).values_list(
        "company_id", "user_id"
    ):
        supporters.setdefault(company_id, set()).add(user_id)
    return Portfolio(companies, facts, supporters, outcome_labels("walls"), outcome_labels("steps"))


def staff_of(organization):
    """Active 管理者・支援者 of the organization: [(user id, name, branch id, branch name)]."""
    return [
        (m.user_id, m.user.display_name, m.branch_id, m.branch.name if m.branch else "")
        for m in Membership.objects.filter(
            organization=organization,
            is_active=True,
            user__is_active=True,
            role__in=[Role.ORG_ADMIN, Role.SUPPORTER],
        )
        .select_related("user", "branch")
        .order_by("branch__code", "branch__name", "user__full_name", "user__username")
    ]


def groups(portfolio: Portfolio, organization, grouping: str) -> list[tuple[str, str, list[int], dict]]:
    """(key, label, company ids, list filter params) per group: the organization's supporters (a
    company counts for each of its supporters) or its branches (a company counts for each branch of
    its supporters); the companies without one form a last group when there are any."""
    staff = staff_of(organization)
    rows = []
    if grouping == "branch":
        branches: dict[int, str] = {}
        members_of: dict[int, set[int]] = {}
        for user_id, _name, branch_id, branch_name in staff:
            key = branch_id or NO_BRANCH
            branches.setdefault(key, branch_name or NO_BRANCH_LABEL)
            members_of.setdefault(key, set()).add(user_id)
        covered: set[int] = set()
        for key, label in sorted(branches.items(), key=lambda kv: kv[0] == NO_BRANCH):
            ids = [cid for cid, users in portfolio.supporters_of.items() if users & members_of[key]]
            if key != NO_BRANCH:
                covered.update(ids)
            rows.append((f"b{key}", label, ids, {"branch": key}))
        return rows
    seen: set[int] = set()
    for user_id, name, _branch, _branch_name in staff:
        if user_id in seen:
            continue
        seen.add(user_id)
        ids = [cid for cid, users in portfolio.supporters_of.items() if user_id in users]
        rows.append((f"s{user_id}", name, ids, {"supporter": user_id}))
    unassigned = [cid for cid, users in portfolio.supporters_of.items() if not users]
    if unassigned:
        rows.append(("s0", UNASSIGNED_LABEL, unassigned, {"supporter_none": 1}))
    return rows


def list_url(base: str, *, metric: str | None = None, bucket: str | None = None, **params) -> str:
    query = {**params}
    if metric:
        query.update(outcome=metric, bucket=bucket)
    return f"{base}?{urlencode(query)}"


def outcomes(portfolio: Portfolio, organization, grouping: str | None):
    """(organization-wide GroupOutcomes with params, [(GroupOutcomes, params)] per group)."""
    facts = portfolio.facts
    overall = engine.group_outcomes("all", "組織全体", list(facts.values()), portfolio.walls)
    per_group = []
    if grouping in GROUPINGS:
        for key, label, ids, params in groups(portfolio, organization, grouping):
            per_group.append(
                (engine.group_outcomes(key, label, [facts[c] for c in ids], portfolio.walls), params)
            )
    return overall, per_group


def statistics(portfolio: Portfolio):
    facts = portfolio.facts
    by_industry: dict[str, tuple[str, list[int]]] = {}
    for pk, row in portfolio.companies.items():
        code = row["industry_code"] or ""
        by_industry.setdefault(code, (industry_label(code) if code else "業種未設定", []))[1].append(pk)
    industries = dict(sorted(by_industry.items(), key=lambda kv: (-len(kv[1][1]), kv[0])))
    return {
        "themes": learning.theme_counts(facts),
        "walls": learning.wall_distribution(facts, portfolio.walls),
        "steps": learning.step_times(facts, portfolio.steps),
        "industries": learning.outcomes_by(facts, industries, portfolio.walls),
        "approaches": learning.outcomes_by(facts, learning.approach_groups(facts), portfolio.walls),
    }


# --- the company list's filters behind the numbers ---------------------------------------------------


def _matching_ids(membership, params) -> tuple[list[int], str] | None:
    metric, bucket = params.get("outcome", ""), params.get("bucket", "")
    theme, approach = params.get("theme", ""), params.get("approach", "")
    if not (metric or theme or approach) or not sees_portfolio(membership):
        return None
    if len(metric) > 40 or len(bucket) > 20 or len(theme) > 20 or len(approach) > 20:
        return None
    portfolio = load(membership)
    if metric:
        label = engine.bucket_label(metric, bucket, portfolio.walls)
        if label is None:
            return None
        return engine.matching(portfolio.facts, metric, bucket), label
    if theme:
        if theme not in learning.THEME_LABELS:
            return None
        ids = [cid for cid, f in portfolio.facts.items() if learning.company_theme(f, theme)]
        return ids, f"裏課題のテーマ: {learning.THEME_LABELS[theme]}"
    if approach not in learning.APPROACH_LABELS:
        return None
    ids = [cid for cid, f in portfolio.facts.items() if approach in learning.approach_of(f)]
    return ids, f"支援の進め方: {learning.APPROACH_LABELS[approach]}"


def company_list_filters(membership, params) -> list[tuple[object, str, str]]:
    """?outcome=<metric>&bucket=<bucket>, ?theme=, ?approach= (管理者・閲覧者; the same functions the
    pages count with), ?branch=<id> (0: supporters without a branch) and ?supporter_none=1."""
    found = []
    matched = _matching_ids(membership, params)
    if matched is not None:
        ids, label = matched
        param = "outcome" if params.get("outcome") else "theme" if params.get("theme") else "approach"
        found.append((Q(pk__in=ids), label, param))
    branch = params.get("branch", "")
    if branch.isdigit() and len(branch) < 12 and membership is not None:
        branch_id = int(branch)
        staff = Membership.objects.filter(
            organization_id=membership.organization_id,
            is_active=True,
            role__in=[Role.ORG_ADMIN, Role.SUPPORTER],
        )
        staff = (
            staff.filter(branch__isnull=True) if branch_id == NO_BRANCH else staff.filter(branch_id=branch_id)
        )
        name = NO_BRANCH_LABEL
        if branch_id != NO_BRANCH:
            name = (
                Branch.objects.filter(organization_id=membership.organization_id, pk=branch_id)
                .values_list("name", flat=True)
                .first()
            )
        if name is not None:
            in_branch = Company.objects.filter(supporters__in=staff.values("user_id")).values("pk")
            found.append((Q(pk__in=in_branch), f"支店: {name}", "branch"))
    if params.get("supporter_none") == "1":
        found.append((Q(supporters__isnull=True), UNASSIGNED_LABEL, "supporter_none"))
    return found
