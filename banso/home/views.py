"""The supporter's home (今日やること), the portfolio (管理者・閲覧者) and the alert settings (管理者).
Thin: the alerts come from core.alerts (filled by the areas), loaded through home.queries."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.access import NOT_FOUND_MESSAGE
from banso.core.alerts import alert_kinds, kind_label
from banso.core.charts import Series, bar_chart, grouped_bar_chart, svg_data_uri
from banso.core.errors import ConflictError
from banso.core.forms import add_domain_errors
from banso.core.pagination import paginate, parse_id
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.home import domain, queries, snapshots
from banso.home import jobs as home_jobs
from banso.home import outcomes as outcome_data
from banso.home import surveys as survey_data
from banso.home.forms import AlertSettingsForm
from banso.home.permissions import (
    PORTFOLIO_ONLY,
    SETTINGS_ONLY,
    may_change_settings,
    sees_everyone,
    sees_home,
    sees_portfolio,
)

CHART_SUPPORTERS = 20
SUPPORTERS_PER_PAGE = 50


def _home_url(request, *, base: str | None = None, **params) -> str:
    """今日やること's URL with these filters; `base` (the page's reversed URL) when building many."""
    query = urlencode({k: v for k, v in params.items() if v})
    return (base or org_reverse(request, "home:today")) + (f"?{query}" if query else "")


def today(request):
    """今日やること: what needs the user across their companies, grouped by kind, most urgent first."""
    membership = request.membership
    if not sees_home(membership):
        raise Http404(NOT_FOUND_MESSAGE)
    kind = request.GET.get("kind", "")
    kind = kind if queries.known_kind(kind) else ""
    supporter_id = parse_id(request.GET.get("supporter")) if sees_everyone(membership) else None
    supporter_name = queries.user_name(request.organization, supporter_id)
    if supporter_id and supporter_name is None:
        supporter_id = None
    alerts = queries.alerts_for(membership, kinds=[kind] if kind else None, supporter_id=supporter_id)
    groups = queries.grouped(alerts, only=kind)
    context = queries.alert_context(request.organization)
    return render(
        request,
        "home/today.html",
        {
            "groups": groups,
            "total": len(alerts),
            "kind": kind,
            "kind_label": kind_label(kind) if kind else "",
            "kinds": [
                {
                    "code": k.code,
                    "label": k.label,
                    "url": _home_url(request, kind=k.code, supporter=supporter_id),
                }
                for k in alert_kinds()
            ],
            "all_url": _home_url(request, supporter=supporter_id),
            "supporter_id": supporter_id,
            "supporter_name": supporter_name,
            "clear_supporter_url": _home_url(request, kind=kind),
            "alert_context": context,
            "can_see_portfolio": sees_portfolio(membership),
            "can_change_settings": may_change_settings(membership),
            "company_count": queries.alert_companies(membership, supporter_id=supporter_id).count(),
        },
    )


def _age_text(computed_at, now) -> str:
    minutes = max(0, int((now - computed_at).total_seconds() // 60))
    if minutes < 1:
        return "たった今"
    if minutes < 60:
        return f"{minutes}分前"
    if minutes < 60 * 48:
        return f"{minutes // 60}時間前"
    return f"{minutes // (60 * 24)}日前"


def portfolio(request):
    """The organization at a glance (管理者・閲覧者): engagements by step and status, workload and alerts
    per supporter; every number links to the list behind it. The figures come from the organization's
    snapshot (home.snapshots): computed in the worker, or here for a small organization."""
    membership = request.membership
    if not sees_home(membership):
        raise Http404(NOT_FOUND_MESSAGE)
    if not sees_portfolio(membership):
        raise PermissionDenied(PORTFOLIO_ONLY)
    organization = request.organization
    found = snapshots.for_page(organization, user=request.user)
    now = timezone.now()
    base = {
        "computed_at": timezone.localtime(found.computed_at) if found.computed_at else None,
        "computed_age": _age_text(found.computed_at, now) if found.computed_at else "",
        "stale": found.stale,
        "live": found.live,
        "refresh_started": found.refresh_started,
        "refresh_url": org_reverse(request, "home:portfolio_refresh"),
        "max_age_minutes": snapshots.max_age_minutes(),
    }
    if found.figures is None:
        return render(request, "home/portfolio.html", {**base, "pending": True})
    figures_data = found.figures
    kinds = alert_kinds()
    supporters = figures_data["supporters"]
    # A bank has thousands of supporters: the two per-supporter tables show one page of them.
    page = paginate(request, supporters, per_page=SUPPORTERS_PER_PAGE)
    list_url = org_reverse(request, "companies:list")
    home = org_reverse(request, "home:today")
    rows = []
    for s in page.object_list:
        by_kind = s["alerts"]
        rows.append(
            {
                "name": s["name"],
                "companies": s["companies"],
                "companies_url": f"{list_url}?supporter={s['id']}",
                "figures": list(zip(figures_data["figure_labels"], s["figures"], strict=True)),
                "alerts": [
                    {
                        "label": k.label,
                        "count": by_kind.get(k.code, 0),
                        "url": _home_url(request, base=home, supporter=s["id"], kind=k.code),
                    }
                    for k in kinds
                ],
                "alert_total": sum(by_kind.values()),
                "alert_url": _home_url(request, base=home, supporter=s["id"]),
            }
        )
    by_kind_total = figures_data["by_kind"]
    kind_totals = [
        {
            "kind": k,
            "count": by_kind_total.get(k.code, 0),
            "url": _home_url(request, base=home, kind=k.code),
        }
        for k in kinds
    ]
    tables = figures_data["tables"]
    charts = [
        {
            "title": table["title"],
            "uri": svg_data_uri(
                bar_chart(
                    [r["label"] for r in table["rows"]],
                    [sum(c["value"] for c in r["counts"]) for r in table["rows"]],
                )
            ),
        }
        for table in tables
    ]
    # A bar per supporter is readable up to a few dozen; a bank has thousands (the tables have them all).
    totals = {s["id"]: sum(s["alerts"].values()) for s in supporters}
    busiest = sorted(supporters, key=lambda s: -totals[s["id"]])[:CHART_SUPPORTERS]
    charts.append(
        {
            "title": "支援者ごとの今日やること（件数）"
            if len(supporters) <= CHART_SUPPORTERS
            else f"支援者ごとの今日やること（件数の多い{CHART_SUPPORTERS}人）",
            "uri": svg_data_uri(bar_chart([s["name"] for s in busiest], [totals[s["id"]] for s in busiest])),
        }
    )
    return render(
        request,
        "home/portfolio.html",
        {
            **base,
            "tables": [
                {
                    "table": t,
                    "rows": [
                        {"label": r["label"], "cells": list(zip(t["columns"], r["counts"], strict=True))}
                        for r in t["rows"]
                    ],
                }
                for t in tables
            ],
            "charts": charts,
            "kinds": kinds,
            "kind_totals": kind_totals,
            "figure_labels": figures_data["figure_labels"],
            "rows": rows,
            "page": page,
            "unassigned_total": sum(figures_data["unassigned"].values()),
            "company_total": figures_data["company_total"],
            "company_list_url": list_url,
            "alert_total": sum(by_kind_total.values()),
            "home_url": _home_url(request, base=home),
        },
    )


def portfolio_refresh(request):
    """「最新の状態に更新」 (管理者・閲覧者): compute the organization's figures in the worker, show the
    job's progress, then the portfolio."""
    _portfolio_membership(request)
    if refusal := refuse_unless_post(request):
        return refusal
    job = home_jobs.start_refresh(request.organization, user=request.user)
    return redirect(org_reverse(request, "jobs:detail", pk=job.pk))


@require_http_methods(["GET", "POST"])
def alert_settings(request):
    """The organization's alert thresholds (管理者 only)."""
    membership = request.membership
    if not may_change_settings(membership):
        raise PermissionDenied(SETTINGS_ONLY)
    organization = request.organization
    record = domain.settings_record(organization)
    form = AlertSettingsForm(request.POST or None, context=queries.alert_context(organization), record=record)
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_alert_settings(
                organization,
                due_soon_days=form.cleaned_data["due_soon_days"],
                no_dialogue_days=form.cleaned_data["no_dialogue_days"],
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except (ConflictError, ValidationError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "今日やることの基準を保存しました。")
            return redirect(org_reverse(request, "home:settings"))
    return render(request, "home/settings.html", {"form": form, "record": record})


def _portfolio_membership(request):
    membership = request.membership
    if not sees_home(membership):
        raise Http404(NOT_FOUND_MESSAGE)
    if not sees_portfolio(membership):
        raise PermissionDenied(PORTFOLIO_ONLY)
    return membership


def _bucket_cells(counts, base, params):
    return [
        {
            "label": c.label,
            "count": c.count,
            "url": outcome_data.list_url(base, metric=c.metric, bucket=c.bucket, **params),
        }
        for c in counts
    ]


def _group_view(result, base, params):
    """A GroupOutcomes with the company-list URL of every number."""
    return {
        "key": result.key,
        "label": result.label,
        "company_count": result.company_count,
        "companies_url": outcome_data.list_url(base, **params),
        "rank_now": _bucket_cells(result.rank_now, base, params),
        "rank_year_ago": _bucket_cells(result.rank_year_ago, base, params),
        "rank_change": _bucket_cells(result.rank_change, base, params),
        "walls": [
            {
                "label": w.label,
                "n": w.n,
                "start_mean": w.start_mean,
                "latest_mean": w.latest_mean,
                "buckets": _bucket_cells(w.buckets, base, params),
            }
            for w in result.walls
        ],
        "money": [
            {
                "label": m.label,
                "metric": m.metric,
                "n": m.n,
                "first_total": m.first_total,
                "latest_total": m.latest_total,
                "change_pct": m.change_pct,
                "buckets": _bucket_cells(m.buckets, base, params),
            }
            for m in result.money
        ],
    }


def portfolio_outcomes(request):
    """ポートフォリオの成果 (管理者・閲覧者): ranks now and a year ago, walls at start and now, sales, profit
    and wages over the years — for the organization and, optionally, per supporter or per branch.
    Every number opens the company list filtered to the companies behind it."""
    membership = _portfolio_membership(request)
    grouping = request.GET.get("group", "")
    grouping = grouping if grouping in outcome_data.GROUPINGS else ""
    portfolio = outcome_data.load(membership)
    overall, per_group = outcome_data.outcomes(portfolio, request.organization, grouping)
    base = org_reverse(request, "companies:list")
    rank_labels = [c.label for c in overall.rank_now]
    charts = [
        {
            "title": "ローカルベンチマークのランク（現在と1年前）",
            "uri": svg_data_uri(
                grouped_bar_chart(
                    rank_labels,
                    [
                        Series("現在", [c.count for c in overall.rank_now]),
                        Series("1年前", [c.count for c in overall.rank_year_ago]),
                    ],
                )
            ),
        },
        {
            "title": "5つの壁の平均（最初の評価と最新の評価、0=乗り越えた〜3=強い壁）",
            "uri": svg_data_uri(
                grouped_bar_chart(
                    [w.label for w in overall.walls],
                    [
                        Series("最初", [w.start_mean for w in overall.walls]),
                        Series("最新", [w.latest_mean for w in overall.walls]),
                    ],
                )
            ),
        },
        {
            "title": "売上高・営業利益・平均給与が増えた事業者の数",
            "uri": svg_data_uri(
                grouped_bar_chart(
                    [m.label for m in overall.money],
                    [
                        Series("増加", [m.buckets[0].count for m in overall.money]),
                        Series("減少", [m.buckets[2].count for m in overall.money]),
                    ],
                )
            ),
        },
    ]
    return render(
        request,
        "home/outcomes.html",
        {
            "overall": _group_view(overall, base, {}),
            "groups": [_group_view(result, base, params) for result, params in per_group],
            "grouping": grouping,
            "groupings": [
                {"key": "", "label": "組織全体", "url": "?"},
                *[{"key": k, "label": v, "url": f"?group={k}"} for k, v in outcome_data.GROUPINGS.items()],
            ],
            "charts": charts,
            "company_total": len(portfolio.companies),
        },
    )


def portfolio_statistics(request):
    """組織の学び (管理者・閲覧者): root-issue themes, walls at start and end, time per step, outcomes by
    industry and by approach, and the owners' satisfaction (満足度調査) per supporter and overall."""
    membership = _portfolio_membership(request)
    portfolio = outcome_data.load(membership)
    stats = outcome_data.statistics(portfolio)
    base = org_reverse(request, "companies:list")
    survey = survey_data.summaries(membership, request.organization, portfolio)
    charts = [
        {
            "title": "裏課題のテーマ（事業者数）",
            "uri": svg_data_uri(
                bar_chart([t.label for t in stats["themes"]], [t.count for t in stats["themes"]])
            ),
        },
        {
            "title": "ステップごとの所要日数（平均）",
            "uri": svg_data_uri(
                bar_chart(
                    [s.label for s in stats["steps"]],
                    [float(s.mean_days) if s.mean_days is not None else 0 for s in stats["steps"]],
                )
            ),
        },
    ]
    if survey["overall"].answered:
        charts.append(
            {
                "title": "満足度調査の平均（1〜5）",
                "uri": svg_data_uri(
                    bar_chart(
                        [label for _k, label, _m in survey["overall"].question_means],
                        [float(m) if m is not None else 0 for _k, _l, m in survey["overall"].question_means],
                    )
                ),
            }
        )
    return render(
        request,
        "home/statistics.html",
        {
            "themes": [
                {"label": t.label, "count": t.count, "url": outcome_data.list_url(base, theme=t.key)}
                for t in stats["themes"]
            ],
            "walls": stats["walls"],
            "levels": ["0 乗り越えた", "1 弱い壁", "2 壁がある", "3 強い壁"],
            "steps": stats["steps"],
            "industries": [
                {"row": r, "url": outcome_data.list_url(base, industry=r.key) if r.key else ""}
                for r in stats["industries"]
            ],
            "approaches": [
                {"row": r, "url": outcome_data.list_url(base, approach=r.key)} for r in stats["approaches"]
            ],
            "survey": survey,
            "charts": charts,
            "company_total": len(portfolio.companies),
        },
    )
