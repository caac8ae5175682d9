"""The guideline as data: complete, consistent, and free of Django so any code can use it."""

import ast
from pathlib import Path

from banso.engagements.engines import guideline as g


def test_seven_steps_numbered_in_order_each_with_its_checklist():
    assert [s.number for s in g.STEPS] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.title for s in g.STEPS] == [
        "支援対象の見極め",
        "事業者・支援者双方の理解",
        "伴走支援の開始",
        "気づき・腹落ちの促進",
        "内発的動機づけ",
        "課題解決",
        "フォローアップ",
    ]
    assert all(len(s.checkpoints) >= 4 for s in g.STEPS)
    keys = [cp.key for s in g.STEPS for cp in s.checkpoints]
    assert len(keys) == len(set(keys))
    assert all(key.startswith(f"s{g.CHECKPOINT_STEP[key]}_") for key in keys)
    assert g.step_label(4) == "④ 気づき・腹落ちの促進"


def test_five_walls_use_the_api_keys():
    assert g.WALL_KEYS == ("unseen", "unfaced", "unexecuted", "unfollowed", "under_resourced")
    assert [w.key for w in g.WALLS if w.process_focus] == ["unfaced", "unexecuted", "unfollowed"]
    assert [v for v, _ in g.WALL_LEVEL_CHOICES] == [0, 1, 2, 3]
    assert dict(g.WALL_LEVEL_CHOICES)[0] == "乗り越えた"
    assert dict(g.WALL_LEVEL_CHOICES)[3] == "強い壁"


def test_suitability_points_belong_to_steps_one_and_two_and_cover_willingness_and_openness():
    assert {p.step for p in g.SUITABILITY_POINTS} == {1, 2}
    labels = {p.key: p.label for p in g.SUITABILITY_POINTS}
    assert labels["willingness"] == "取組意欲"
    assert labels["openness"] == "受入姿勢"
    assert len(labels) == len(g.SUITABILITY_POINTS)


def test_status_changes_only_name_known_statuses():
    statuses = {v for v, _ in g.ENGAGEMENT_STATUS_CHOICES}
    assert set(g.STATUS_CHANGES) == statuses
    assert all(targets <= statuses for targets in g.STATUS_CHANGES.values())
    assert all(status not in targets for status, targets in g.STATUS_CHANGES.items())


def test_choice_lists_have_the_names_of_the_issue():
    assert [label for _, label in g.DIALOGUE_FORM_CHOICES] == [
        "面談",
        "訪問・現場調査",
        "オンライン",
        "社内タスクチーム",
        "電話",
    ]
    assert [label for _, label in g.STANCE_CHOICES] == ["推進", "中立", "慎重", "抵抗"]
    assert [label for _, label in g.ACTION_STATUS_CHOICES] == ["未着手", "実行中", "完了", "見直し", "中止"]
    assert [label for _, label in g.ENGAGEMENT_STATUS_CHOICES] == [
        "候補",
        "進行中",
        "フォローアップ",
        "終了",
        "中止",
    ]
    assert [v for v, _ in g.ISSUE_KIND_CHOICES] == ["surface", "why", "root"]
    assert [e.short_label for e in g.ELEMENTS] == ["対話と傾聴", "課題設定型", "内発的動機づけと潜在力"]
    body_types = dict(g.SUPPORT_BODY_TYPE_CHOICES)
    for name in (
        "よろず支援拠点",
        "中小企業基盤整備機構",
        "商工会・商工会議所",
        "中小企業活性化協議会",
        "事業承継・引継ぎ支援センター",
        "士業",
        "金融機関",
    ):
        assert name in body_types.values()


def test_guideline_module_imports_no_django():
    tree = ast.parse(Path(g.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"__future__", "dataclasses"}
