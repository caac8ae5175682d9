"""Similar cases: the explainable scoring engine, without a database."""

from banso.knowledge.engines import similarity as sim
from banso.knowledge.engines import textsearch

LABELS = sim.Labels(
    industry_groups={"03": "製造業", "05": "小売業"},
    sizes={"small": "小規模事業者", "medium": "中規模事業者"},
    walls={"unseen": "見えない壁", "unfaced": "向き合えない壁", "unfollowed": "ついてこない壁"},
)
GROUPS = textsearch.synonym_groups()

ENGAGEMENT = sim.Profile(
    industry_code="0304",
    size="small",
    walls={"unseen": 3, "unfaced": 3, "unfollowed": 1},
    surface_issues=("材料の在庫が多すぎる",),
    root_issues=("社長が数字を見ておらず、経営の見える化ができていない",),
)


def reasons(match):
    return [r.text for r in match.reasons]


def test_same_industry_size_walls_and_root_issue_each_give_a_reason():
    case = sim.Profile(
        industry_code="0304",
        size="small",
        walls={"unseen": 2, "unfaced": 3, "unfollowed": 0},
        surface_issues=("在庫過多で倉庫があふれる",),
        root_issues=("経営の可視化ができておらず、社長が数字を見ていない",),
    )
    total, why = sim.score(ENGAGEMENT, case, labels=LABELS, groups=GROUPS)
    texts = [r.text for r in why]
    assert texts[0] == "同じ業種"
    assert "同じ規模（小規模事業者）" in texts
    assert "見えない壁・向き合えない壁が高い" in texts
    # 可視化 counts as 見える化 through the synonym groups; the reason quotes the case's issue.
    assert any(t.startswith("裏課題が近い: 経営の可視化") for t in texts)
    assert total == round(sum(r.points for r in why), 3)


def test_industry_group_is_closer_than_nothing():
    group, _ = sim.score(ENGAGEMENT, sim.Profile(industry_code="0305"), labels=LABELS)
    other, _ = sim.score(ENGAGEMENT, sim.Profile(industry_code="0501"), labels=LABELS)
    assert group == sim.WEIGHTS["industry_group"] and other == 0
    assert sim.score(ENGAGEMENT, sim.Profile(industry_code="0305"), labels=LABELS)[1][0].text == (
        "同じ業種グループ（製造業）"
    )


def test_walls_distance_scores_closer_profiles_higher():
    near = sim.Profile(walls={"unseen": 3, "unfaced": 3, "unfollowed": 1})
    far = sim.Profile(walls={"unseen": 0, "unfaced": 0, "unfollowed": 3})
    assert sim.score(ENGAGEMENT, near)[0] == sim.WEIGHTS["walls"]
    assert sim.score(ENGAGEMENT, far)[0] < sim.score(ENGAGEMENT, near)[0]


def test_most_similar_ranks_and_limits_and_drops_unrelated_cases():
    cases = [
        (1, sim.Profile(industry_code="0501", size="medium")),  # nothing in common
        (2, sim.Profile(industry_code="0304")),
        (3, sim.Profile(industry_code="0304", size="small", root_issues=("経営の見える化が進まない",))),
        (4, sim.Profile(industry_code="0305", size="small")),
        (5, sim.Profile(industry_code="0304", size="small")),
    ]
    matches = sim.most_similar(ENGAGEMENT, cases, labels=LABELS, groups=GROUPS)
    assert [m.case_id for m in matches] == [3, 5, 2]
    assert all(m.reasons for m in matches)


def test_empty_profiles_score_nothing():
    assert sim.score(sim.Profile(), sim.Profile()) == (0, ())
    assert sim.most_similar(sim.Profile(), [(1, sim.Profile())]) == []


def test_issue_lines():
    assert sim.issue_lines("・在庫が多い\n\n- 原価が見えない ") == ("在庫が多い", "原価が見えない")
