"""The portfolio's outcomes and statistics engines on small hand-computed examples (no database)."""

import datetime as dt
from decimal import Decimal

from banso.core.portfolio import SurveyResponse
from banso.engagements.engines.outcomes import step_stays
from banso.engagements.engines.surveys import parse_answers
from banso.home.engines import learning
from banso.home.engines import outcomes as o

WALLS = {"unseen": "見えない", "unfaced": "向き合えない"}

# Three companies: 1 improved everywhere, 2 got worse, 3 has a single year / assessment only.
FACTS = {
    1: {
        "rank_now": "B",
        "rank_year_ago": "C",
        "sales_first": 100_000_000,
        "sales_latest": 120_000_000,
        "operating_first": -5_000_000,
        "operating_latest": 2_000_000,
        "salary_before": 4_000_000,
        "salary_latest": 4_200_000,
        "walls_start": {"unseen": 3, "unfaced": 2},
        "walls_latest": {"unseen": 1, "unfaced": 2},
        "root_issues": [
            "社長がプレイングマネージャーで、組織として動いていない",
            "数字が見える化されていない",
        ],
        "referral_used": True,
        "dialogue_count": 12,
        "step_days": {3: [30], 4: [60]},
    },
    2: {
        "rank_now": "D",
        "rank_year_ago": "B",
        "sales_first": 50_000_000,
        "sales_latest": 40_000_000,
        "operating_first": 3_000_000,
        "operating_latest": 1_000_000,
        "walls_start": {"unseen": 1, "unfaced": 1},
        "walls_latest": {"unseen": 2, "unfaced": 1},
        "root_issues": ["特定の取引先への依存"],
        "referral_used": False,
        "dialogue_count": 3,
        "step_days": {3: [50]},
    },
    3: {"rank_now": "", "walls_start": {"unseen": 2, "unfaced": 3}, "dialogue_count": 6},
}


def counts(items):
    return {c.bucket: c.count for c in items}


def test_ranks_now_and_a_year_ago_and_their_change():
    result = o.group_outcomes("all", "全体", list(FACTS.values()), WALLS)
    assert counts(result.rank_now) == {"A": 0, "B": 1, "C": 0, "D": 1, "none": 1}
    assert counts(result.rank_year_ago) == {"A": 0, "B": 1, "C": 1, "D": 0, "none": 0}
    # 1: C → B is up; 2: B → D is down; 3 has no rank a year ago (not counted)
    assert counts(result.rank_change) == {"up": 1, "same": 0, "down": 1}


def test_money_changes_count_companies_with_both_years_and_rate_of_totals():
    result = o.group_outcomes("all", "全体", list(FACTS.values()), WALLS)
    sales, operating, salary = result.money
    assert (sales.n, counts(sales.buckets)) == (2, {"up": 1, "same": 0, "down": 1})
    # (120 + 40) − (100 + 50) = 10 on 150 → 6.7 %
    assert (sales.first_total, sales.latest_total, sales.change_pct) == (
        Decimal(150_000_000),
        Decimal(160_000_000),
        Decimal("6.7"),
    )
    # operating: first total −2,000,000 ≤ 0 → no rate (domain.md §5.3), still the counts
    assert operating.change_pct is None
    assert counts(operating.buckets) == {"up": 1, "same": 0, "down": 1}
    # 賃上げ: 4,000,000 → 4,200,000 = +5.0 %
    assert (salary.n, salary.change_pct) == (1, Decimal("5.0"))


def test_walls_trend_needs_two_assessments_and_lower_is_better():
    result = o.group_outcomes("all", "全体", list(FACTS.values()), WALLS)
    unseen, unfaced = result.walls
    assert unseen.n == 2  # company 3 has only its first assessment
    assert counts(unseen.buckets) == {"improved": 1, "same": 0, "worsened": 1}
    assert (unseen.start_mean, unseen.latest_mean) == (Decimal("2.00"), Decimal("1.50"))
    assert counts(unfaced.buckets) == {"improved": 0, "same": 2, "worsened": 0}


def test_the_list_behind_a_number_is_the_same_bucket():
    assert o.matching(FACTS, "sales", "up") == [1]
    assert o.matching(FACTS, "rank_now", "none") == [3]
    assert o.matching(FACTS, "wall:unseen", "worsened") == [2]
    assert o.bucket_label("wall:unseen", "improved", WALLS) == "見えない: 下がった（改善）"
    assert o.bucket_label("wall:nope", "improved", WALLS) is None
    assert o.bucket_label("sales", "sideways", WALLS) is None
    assert not o.known_metric("<script>", WALLS)


def test_grouped_outcomes_keep_each_groups_companies():
    groups = o.grouped_outcomes(FACTS, [("s1", "田中", [1, 3]), ("s2", "佐藤", [2])], WALLS)
    assert [(g.label, g.company_count) for g in groups] == [("田中", 2), ("佐藤", 1)]
    assert counts(groups[0].money[0].buckets)["up"] == 1
    assert counts(groups[1].money[0].buckets)["down"] == 1


def test_root_issue_themes_are_counted_once_per_company_after_nfkc():
    themes = {t.key: t.count for t in learning.theme_counts(FACTS)}
    assert themes["organization"] == 1 and themes["visibility"] == 1
    assert "family" not in themes
    # full-width / half-width forms match after NFKC
    assert learning.themes_of(["ｷｬｯｼｭが足りない"]) == {"finance"}
    assert learning.themes_of(["資金繰りと資金の不安", "資金"]) == {"finance"}


def test_walls_distribution_at_start_and_end():
    rows = {r.key: r for r in learning.wall_distribution(FACTS, WALLS)}
    # start: 1→3, 2→1, 3→2 ; end: 1→1, 2→2, 3 (one assessment)→2
    assert rows["unseen"].start == (0, 1, 1, 1)
    assert rows["unseen"].end == (0, 1, 2, 0)


def test_time_per_step_counts_finished_stays_only():
    log = [(dt.date(2026, 1, 1), 1), (dt.date(2026, 1, 11), 2), (dt.date(2026, 2, 10), 3)]
    assert step_stays(log) == {1: [10], 2: [30]}
    assert step_stays(log[:1]) == {}
    rows = {r.step: r for r in learning.step_times(FACTS, {3: "③", 4: "④", 5: "⑤"})}
    assert (rows[3].n, rows[3].mean_days, rows[3].median_days) == (2, Decimal("40.0"), Decimal("40.0"))
    assert (rows[4].n, rows[4].mean_days) == (1, Decimal("60.0"))
    assert (rows[5].n, rows[5].mean_days) == (0, None)


def test_outcomes_by_approach():
    groups = learning.approach_groups(FACTS)
    assert groups["referral"][1] == [1]
    assert groups["no_referral"][1] == [2, 3]
    assert (groups["d10"][1], groups["d5_9"][1], groups["d0_4"][1]) == ([1], [3], [2])
    rows = {r.key: r for r in learning.outcomes_by(FACTS, groups, WALLS)}
    assert (rows["referral"].sales_up, rows["referral"].sales_n) == (1, 1)
    # improvement = Σ start − Σ latest: company 1: 5 − 3 = 2; company 2: 2 − 3 = −1
    assert rows["referral"].walls_improvement == Decimal("2.00")
    assert rows["no_referral"].walls_improvement == Decimal("-1.00")


def test_survey_summary_means_response_rate_and_n():
    questions = (("dialogue", "対話"), ("change", "変化"))
    responses = [
        SurveyResponse(1, 7, "after_step3", True, {"dialogue": 5, "change": 3}),
        SurveyResponse(2, 7, "end", True, {"dialogue": 4, "change": 4}),
        SurveyResponse(3, 7, "follow_up", False),
    ]
    summary = learning.survey_summary("7", "田中", responses, questions)
    assert (summary.sent, summary.answered, summary.response_rate) == (3, 2, Decimal("66.7"))
    assert dict((k, m) for k, _l, m in summary.question_means) == {
        "dialogue": Decimal("4.50"),
        "change": Decimal("3.50"),
    }
    assert summary.overall_mean == Decimal("4.00")
    empty = learning.survey_summary("x", "x", [], questions)
    assert (empty.response_rate, empty.overall_mean) == (None, None)


def test_survey_answers_are_whole_numbers_one_to_five():
    ok = {"dialogue": "5", "listening": "４", "insight": 3, "support": "1", "change": "2"}
    scores, errors = parse_answers(ok)
    assert errors == {} and scores["listening"] == 4
    scores, errors = parse_answers({**ok, "dialogue": "6", "change": "", "insight": "1; DROP TABLE"})
    assert set(errors) == {"dialogue", "change", "insight"}
    assert errors["change"].startswith("この質問に")
