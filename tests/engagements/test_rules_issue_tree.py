"""The issue tree: 表課題 at the top, "なぜ" to any depth, 裏課題 marked with the owner's buy-in date;
no cycles, nothing lost, and no silent overwrite when two people edit the same node."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain.issues import CYCLE_MESSAGE, descendant_ids
from banso.engagements.models import IssueNode
from tests.engagements.factories import (
    START,
    ActionFactory,
    DialogueFactory,
    EngagementFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(engagement, supporter):
    """利益が出ない → なぜ: 値決めを社長が勘でしている → なぜ: 原価が見えていない."""
    surface = domain.add_issue_node(engagement, by=supporter, text="利益が出ない")
    why = domain.add_issue_node(engagement, by=supporter, text="値決めを社長が勘でしている", parent=surface)
    deeper = domain.add_issue_node(engagement, by=supporter, text="原価が見えていない", parent=why)
    return surface, why, deeper


def fresh(node):
    return IssueNode.objects.get(pk=node.pk)


def test_nodes_get_their_kind_from_their_place_in_the_tree(tree):
    surface, why, deeper = tree
    assert [(n.kind, n.parent_id) for n in tree] == [("surface", None), ("why", surface.pk), ("why", why.pk)]
    assert descendant_ids(surface) == {why.pk, deeper.pk}
    log = ActivityLog.objects.filter(code="engagement.issue.added").latest("id")
    assert log.message == "課題ツリーになぜ「原価が見えていない」を追加しました。"


def test_moving_a_node_under_its_own_descendant_is_refused(tree, supporter):
    surface, why, deeper = tree
    for node, target in ((surface, deeper), (surface, why), (why, deeper), (why, why)):
        with pytest.raises(DomainError) as exc:
            domain.move_issue_node(node, by=supporter, parent=target)
        assert exc.value.message == CYCLE_MESSAGE
    assert [(fresh(n).parent_id, fresh(n).version) for n in tree] == [(None, 1), (surface.pk, 1), (why.pk, 1)]


def test_moving_to_the_top_makes_a_surface_issue_and_a_root_issue_stays_root(tree, supporter):
    surface, why, deeper = tree
    moved = domain.move_issue_node(why, by=supporter, parent=None)
    assert (moved.kind, moved.parent_id) == ("surface", None)
    domain.mark_root_issue(deeper, by=supporter)
    moved_root = domain.move_issue_node(deeper, by=supporter, parent=surface)
    assert (moved_root.kind, moved_root.parent_id) == ("root", surface.pk)
    assert ActivityLog.objects.filter(code="engagement.issue.moved").count() == 2


def test_a_parent_from_another_engagement_is_refused(tree, supporter, company):
    other = EngagementFactory(company=company)
    stranger = IssueNode.objects.create(engagement=other, text="別の案件の課題", created_by=supporter)
    with pytest.raises(DomainError):
        domain.move_issue_node(tree[1], by=supporter, parent=stranger)
    with pytest.raises(DomainError):
        domain.add_issue_node(tree[0].engagement, by=supporter, text="なぜ", parent=stranger)


def test_marking_the_root_issue_with_the_owners_agreement(tree, supporter):
    deeper = tree[2]
    node = domain.mark_root_issue(deeper, by=supporter, agreed_on=dt.date(2026, 6, 12))
    assert (node.kind, node.agreed_on, node.is_root_issue) == ("root", dt.date(2026, 6, 12), True)
    codes = list(
        ActivityLog.objects.filter(data__issue_id=node.pk).order_by("id").values_list("code", flat=True)
    )
    assert codes == ["engagement.issue.added", "engagement.issue.root_marked", "engagement.issue.agreed"]
    assert node.history.latest().history_user == supporter


def test_agreed_date_rules(tree, supporter):
    _, why, deeper = tree
    with pytest.raises(DomainError) as exc:
        domain.record_agreement(why, by=supporter, agreed_on=dt.date(2026, 6, 1))
    assert (
        exc.value.message
        == "腹落ちした日は、裏課題（本質的課題）にだけ記録できます。先に裏課題にしてください。"
    )
    domain.mark_root_issue(deeper, by=supporter)
    with pytest.raises(ValidationError) as exc:
        domain.record_agreement(deeper, by=supporter, agreed_on=START - dt.timedelta(days=1))
    assert exc.value.message_dict["agreed_on"] == [
        "案件の開始日（2026年4月1日）より前の日付は入力できません。日付を確かめるか、案件の開始日を見直してください。"
    ]
    with pytest.raises(ValidationError) as exc:
        domain.record_agreement(deeper, by=supporter, agreed_on=dt.date(2099, 1, 1))
    assert exc.value.message_dict["agreed_on"] == [
        "未来の日付は入力できません。実際に行った日を入力してください。"
    ]
    assert fresh(deeper).agreed_on is None


def test_unmarking_a_root_issue_clears_the_agreement_unless_actions_serve_it(tree, supporter):
    deeper = tree[2]
    domain.mark_root_issue(deeper, by=supporter, agreed_on=dt.date(2026, 6, 12))
    action = ActionFactory(engagement=deeper.engagement, root_issue=fresh(deeper))
    with pytest.raises(DomainError) as exc:
        domain.unmark_root_issue(deeper, by=supporter)
    assert exc.value.message.startswith("この裏課題に取り組むアクションが1件あります。")
    assert fresh(deeper).kind == "root"
    action.delete()
    node = domain.unmark_root_issue(deeper, by=supporter)
    assert (node.kind, node.agreed_on) == ("why", None)


def test_a_surface_issue_may_itself_be_the_root_issue(engagement, supporter):
    node = domain.add_issue_node(engagement, by=supporter, text="社長がプレイングマネージャー", kind="root")
    assert (node.kind, node.parent_id) == ("root", None)
    assert domain.unmark_root_issue(node, by=supporter).kind == "surface"


def test_kind_that_does_not_fit_the_place_is_refused(tree, supporter):
    surface = tree[0]
    with pytest.raises(DomainError) as exc:
        domain.add_issue_node(surface.engagement, by=supporter, text="x", parent=surface, kind="surface")
    assert exc.value.message.startswith("表課題は課題ツリーの最上位に置きます。")
    with pytest.raises(DomainError) as exc:
        domain.add_issue_node(surface.engagement, by=supporter, text="x", kind="why")
    assert exc.value.message == "「なぜ」の課題には、親となる課題を指定してください。"
    with pytest.raises(ValidationError) as exc:
        domain.add_issue_node(surface.engagement, by=supporter, text="  ")
    assert "text" in exc.value.message_dict
    assert IssueNode.objects.count() == 3


def test_deleting_keeps_everything_that_depends_on_the_node(tree, supporter):
    surface, why, deeper = tree
    with pytest.raises(DomainError) as exc:
        domain.delete_issue_node(why, by=supporter)
    assert exc.value.message.startswith("下に「なぜ」の課題があるため削除できません。")
    ReferralFactory(engagement=deeper.engagement, issue=deeper)
    with pytest.raises(DomainError):
        domain.delete_issue_node(deeper, by=supporter)
    assert IssueNode.objects.count() == 3
    leaf = domain.add_issue_node(surface.engagement, by=supporter, text="消す課題", parent=surface)
    domain.delete_issue_node(leaf, by=supporter)
    assert not IssueNode.objects.filter(pk=leaf.pk).exists()
    deleted = IssueNode.history.filter(id=leaf.pk, history_type="-").get()
    assert deleted.history_user == supporter
    assert ActivityLog.objects.filter(code="engagement.issue.deleted").count() == 1


def test_nodes_link_to_dialogues_of_the_same_engagement_only(tree, supporter, company):
    surface = tree[0]
    mine = DialogueFactory(engagement=surface.engagement)
    node = domain.update_issue_node(surface, by=supporter, dialogues=[mine])
    assert list(node.dialogues.all()) == [mine]
    assert list(mine.issue_nodes.all()) == [node]
    assert node.history.latest().history_user == supporter
    elsewhere = DialogueFactory(engagement=EngagementFactory(company=company))
    with pytest.raises(DomainError) as exc:
        domain.update_issue_node(node, by=supporter, dialogues=[elsewhere])
    assert exc.value.message == "話題に出た対話は、この案件の対話記録から選んでください。"
    assert list(fresh(node).dialogues.all()) == [mine]


def test_two_people_editing_the_same_node_do_not_overwrite_each_other(tree, supporter, admin_user):
    surface = tree[0]
    domain.update_issue_node(surface, by=supporter, expected_version=1, text="粗利が出ない")
    with pytest.raises(ConflictError):
        domain.update_issue_node(surface, by=admin_user, expected_version=1, text="売上が伸びない")
    assert (fresh(surface).text, fresh(surface).version) == ("粗利が出ない", 2)


def test_deleting_the_engagement_removes_its_whole_tree(tree):
    tree[0].engagement.delete()
    assert not IssueNode.objects.exists()
