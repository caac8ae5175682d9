"""Issue-tree nodes from the dialogue form: one save links existing nodes and adds new ones (a 表課題,
or a なぜ under a chosen node) under the issue tree's rules, and a refusal stores nothing at all."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from banso.core.errors import DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain.dialogues import FOREIGN_ISSUE_MESSAGE, NewIssue
from banso.engagements.models import Dialogue, DialogueAttachment, IssueNode
from banso.engagements.permissions import ENDED_MESSAGE
from tests.engagements.factories import (
    PDF_BYTES,
    TOKYO,
    DialogueFactory,
    EngagementFactory,
    IssueNodeFactory,
)

pytestmark = pytest.mark.django_db

HELD_AT = dt.datetime(2026, 4, 20, 14, 0, tzinfo=TOKYO)


def test_recording_links_existing_nodes_and_adds_new_ones(active_engagement, supporter):
    surface = IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    other = IssueNodeFactory(engagement=active_engagement, text="人が足りない")
    dialogue = domain.record_dialogue(
        active_engagement,
        by=supporter,
        held_at=HELD_AT,
        issue_nodes=[surface],
        new_issues=[NewIssue("若手が定着しない"), NewIssue("値決めを社長だけがしている", parent=surface)],
    )
    added_surface = IssueNode.objects.get(text="若手が定着しない")
    added_why = IssueNode.objects.get(text="値決めを社長だけがしている")
    assert (added_surface.kind, added_surface.parent) == ("surface", None)
    assert (added_why.kind, added_why.parent) == ("why", surface)
    assert set(dialogue.issue_nodes.all()) == {surface, added_surface, added_why}
    assert list(other.dialogues.all()) == []
    # The linked node is saved under its version with one history row naming who linked it.
    surface.refresh_from_db()
    assert surface.version == 2
    latest = surface.history.latest()
    assert (latest.history_user, [d.dialogue_id for d in latest.dialogues.all()]) == (
        supporter,
        [dialogue.pk],
    )
    entry = ActivityLog.objects.get(code="engagement.dialogue.recorded")
    assert entry.data["issues_linked"] == [surface.pk]
    assert entry.data["issues_added"] == [added_surface.pk, added_why.pk]
    assert ActivityLog.objects.filter(code="engagement.issue.added").count() == 2


def test_editing_replaces_the_links_and_adds_a_why(active_engagement, supporter):
    first = IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    second = IssueNodeFactory(engagement=active_engagement, text="人が足りない")
    dialogue = DialogueFactory(engagement=active_engagement)
    first.dialogues.add(dialogue)
    updated = domain.update_dialogue(
        dialogue,
        by=supporter,
        expected_version=1,
        issue_nodes=[second],
        new_issues=[NewIssue("募集の仕方が昔のまま", parent=second)],
    )
    added = IssueNode.objects.get(text="募集の仕方が昔のまま")
    assert set(updated.issue_nodes.all()) == {second, added}
    assert list(first.dialogues.all()) == []
    assert updated.version == 2
    entry = ActivityLog.objects.get(code="engagement.dialogue.updated")
    assert (entry.data["issues_linked"], entry.data["issues_unlinked"]) == ([second.pk], [first.pk])
    assert "issue_nodes" in entry.data["fields"]


def test_not_giving_issue_nodes_keeps_the_links(active_engagement, supporter):
    node = IssueNodeFactory(engagement=active_engagement)
    dialogue = DialogueFactory(engagement=active_engagement)
    node.dialogues.add(dialogue)
    domain.update_dialogue(dialogue, by=supporter, title="件名だけ変更")
    assert list(dialogue.issue_nodes.all()) == [node]


def test_a_duplicate_new_node_refuses_the_whole_save(active_engagement, supporter, settings):
    IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    upload = SimpleUploadedFile("議事メモ.pdf", PDF_BYTES, content_type="application/pdf")
    entries = ActivityLog.objects.count()
    with pytest.raises(DomainError) as refused:
        domain.record_dialogue(
            active_engagement,
            by=supporter,
            held_at=HELD_AT,
            title="書いたはずの対話",
            attachments=[upload],
            new_issues=[NewIssue("新しい表課題"), NewIssue("　利益が出ない ")],  # width/spacing ignored
        )
    assert "表課題「利益が出ない」はすでに課題ツリーの最上位にあります" in refused.value.message
    assert not Dialogue.objects.exists()
    assert list(IssueNode.objects.values_list("text", flat=True)) == ["利益が出ない"]
    assert not DialogueAttachment.objects.exists()
    assert [p for p in Path(settings.PRIVATE_FILES_ROOT).rglob("*") if p.is_file()] == []
    assert ActivityLog.objects.count() == entries


def test_two_equal_new_nodes_in_one_save_are_refused(active_engagement, supporter):
    dialogue = DialogueFactory(engagement=active_engagement, title="元の件名")
    with pytest.raises(DomainError):
        domain.update_dialogue(
            dialogue,
            by=supporter,
            title="変えた件名",
            new_issues=[NewIssue("段取りが属人的"), NewIssue("段取りが属人的")],
        )
    dialogue.refresh_from_db()
    assert (dialogue.title, dialogue.version) == ("元の件名", 1)
    assert not IssueNode.objects.exists()


def test_a_too_long_new_node_is_refused_in_japanese_and_nothing_is_written(active_engagement, supporter):
    with pytest.raises(DomainError) as refused:
        domain.record_dialogue(
            active_engagement, by=supporter, held_at=HELD_AT, new_issues=[NewIssue("長" * 501)]
        )
    assert refused.value.message.startswith("新しい表課題「" + "長" * 30 + "」を追加できません: ")
    assert not Dialogue.objects.exists() and not IssueNode.objects.exists()


def test_nodes_of_another_engagement_are_refused(active_engagement, supporter, company):
    foreign = IssueNodeFactory(engagement=EngagementFactory(company=company, lead_supporter=supporter))
    with pytest.raises(DomainError, match=FOREIGN_ISSUE_MESSAGE):
        domain.record_dialogue(active_engagement, by=supporter, held_at=HELD_AT, issue_nodes=[foreign])
    with pytest.raises(DomainError, match=FOREIGN_ISSUE_MESSAGE):
        domain.record_dialogue(
            active_engagement, by=supporter, held_at=HELD_AT, new_issues=[NewIssue("なぜ", parent=foreign)]
        )
    assert not Dialogue.objects.exists()
    assert list(foreign.dialogues.all()) == []
    assert IssueNode.objects.count() == 1


def test_an_ended_engagement_refuses_new_nodes_from_a_dialogue(active_engagement, supporter):
    dialogue = DialogueFactory(engagement=active_engagement)
    domain.change_status(active_engagement, by=supporter, status="cancelled", reason="社長の体調不良のため")
    with pytest.raises(DomainError, match=ENDED_MESSAGE):
        domain.update_dialogue(dialogue, by=supporter, new_issues=[NewIssue("新しい表課題")])
    assert not IssueNode.objects.exists()


def test_draft_keeps_links_and_new_node_texts(active_engagement, supporter):
    draft = domain.save_draft(
        active_engagement,
        by=supporter,
        payload={
            "issue_nodes": ["3", "x", "5"],
            "new_issue_parent_1": "3",
            "new_issue_text_1": "なぜ？ 値決めが属人的",
            "new_issue_text_2": "若手が定着しない",
            "unknown": "dropped",
        },
    )
    draft.refresh_from_db()
    assert draft.payload == {
        "issue_nodes": ["3", "5"],
        "new_issue_parent_1": "3",
        "new_issue_text_1": "なぜ？ 値決めが属人的",
        "new_issue_text_2": "若手が定着しない",
    }
