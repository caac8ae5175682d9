"""Dialogue records: recorded with sensible defaults, the owner's words kept verbatim, no silent
overwrite when two people edit, drafts that belong to their author, attachments checked by size,
type and content before anything is stored."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain.dialogues import FOREIGN_ADVISOR_MESSAGE, FOREIGN_PARTICIPANT_MESSAGE
from banso.engagements.models import Dialogue, DialogueAttachment, DialogueDraft
from tests.engagements.factories import (
    PDF_BYTES,
    TOKYO,
    DialogueFactory,
    EngagementFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db

HELD_AT = dt.datetime(2026, 4, 20, 14, 0, tzinfo=TOKYO)


def pdf(name="議事メモ.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_record_dialogue_defaults_and_audit(active_engagement, supporter):
    owner = StakeholderFactory(engagement=active_engagement, name="丸山 浩二")
    dialogue = domain.record_dialogue(
        active_engagement,
        by=supporter,
        held_at=HELD_AT,
        participants=[owner],
        listening_notes="  段取りの話が中心。  ",
        owner_words="結局、全部自分で決めてしまっているんですよね。  \r\n  数字は苦手なんだ。",
    )
    assert (dialogue.duration_minutes, dialogue.form, dialogue.step) == (60, "meeting", 4)
    assert list(dialogue.advisors.all()) == [supporter]
    assert list(dialogue.participants.all()) == [owner]
    assert dialogue.listening_notes == "段取りの話が中心。"
    # Verbatim: spaces kept, only the line ending unified.
    assert dialogue.owner_words == "結局、全部自分で決めてしまっているんですよね。  \n  数字は苦手なんだ。"
    assert dialogue.owner_quotes == [
        "結局、全部自分で決めてしまっているんですよね。  ",
        "  数字は苦手なんだ。",
    ]
    # Exactly one snapshot, holding the fields and who took part together.
    (record,) = dialogue.history.all()
    assert (record.history_type, record.history_user, record.history_organization_id) == (
        "+",
        supporter,
        active_engagement.company.organization_id,
    )
    assert [p.stakeholder_id for p in record.participants.all()] == [owner.pk]
    assert [a.user_id for a in record.advisors.all()] == [supporter.pk]
    log = ActivityLog.objects.get(code="engagement.dialogue.recorded")
    assert log.data == {
        "engagement_id": active_engagement.pk,
        "dialogue_id": dialogue.pk,
        "form": "meeting",
        "step": 4,
    }


def test_participants_and_advisors_must_belong_to_the_engagement(active_engagement, supporter, colleague):
    stranger = StakeholderFactory(engagement=EngagementFactory(company=active_engagement.company))
    with pytest.raises(DomainError) as exc:
        domain.record_dialogue(active_engagement, by=supporter, held_at=HELD_AT, participants=[stranger])
    assert exc.value.message == FOREIGN_PARTICIPANT_MESSAGE
    with pytest.raises(DomainError) as exc:
        domain.record_dialogue(active_engagement, by=supporter, held_at=HELD_AT, advisors=[colleague])
    assert exc.value.message == FOREIGN_ADVISOR_MESSAGE
    assert not Dialogue.objects.exists()


def test_a_dialogue_before_the_engagement_began_is_refused_in_japanese(active_engagement, supporter):
    with pytest.raises(ValidationError) as exc:
        domain.record_dialogue(
            active_engagement, by=supporter, held_at=dt.datetime(2026, 3, 1, 10, tzinfo=TOKYO)
        )
    assert "案件の開始日（2026年4月1日）より前の日付は入力できません" in exc.value.message_dict["held_at"][0]


def test_second_save_with_a_stale_version_does_not_overwrite_the_first(active_engagement, supporter):
    dialogue = DialogueFactory(engagement=active_engagement)
    first = domain.update_dialogue(dialogue, by=supporter, expected_version=1, insights="一人目の気づき")
    with pytest.raises(ConflictError) as exc:
        domain.update_dialogue(dialogue, by=supporter, expected_version=1, insights="二人目の気づき")
    assert exc.value.message == STALE_EDIT_MESSAGE
    fresh = Dialogue.objects.get(pk=dialogue.pk)
    assert (first.version, fresh.version, fresh.insights) == (2, 2, "一人目の気づき")
    log = ActivityLog.objects.get(code="engagement.dialogue.updated")
    assert log.data["fields"] == ["insights"]


def test_update_changes_participants_and_reports_the_changed_fields(active_engagement, supporter):
    dialogue = DialogueFactory(engagement=active_engagement)
    person = StakeholderFactory(engagement=active_engagement)
    domain.update_dialogue(dialogue, by=supporter, participants=[person], title=dialogue.title)
    assert list(dialogue.participants.all()) == [person]
    assert ActivityLog.objects.get(code="engagement.dialogue.updated").data["fields"] == ["participants"]
    with pytest.raises(DomainError):
        domain.update_dialogue(dialogue, by=supporter, recorded_by=supporter)


# --- Drafts ---------------------------------------------------------------------------------------


def test_drafts_are_one_per_author_and_overwritten(active_engagement, supporter):
    domain.save_draft(active_engagement, by=supporter, payload={"listening_notes": "最初"})
    draft = domain.save_draft(
        active_engagement,
        by=supporter,
        payload={
            "listening_notes": "続き",
            "participants": ["3", "x"],
            "unknown": "捨てる",
            "owner_words": "言葉",
        },
    )
    assert DialogueDraft.objects.count() == 1
    assert draft.payload == {"listening_notes": "続き", "owner_words": "言葉", "participants": ["3"]}
    assert domain.draft_for(active_engagement, author=supporter) == draft


def test_a_draft_is_visible_to_its_author_only(active_engagement, supporter, admin_user):
    from banso.orgs.models import Membership

    domain.save_draft(active_engagement, by=supporter, payload={"insights": "下書き"})
    mine = DialogueDraft.objects.visible_to(Membership.objects.get(user=supporter))
    theirs = DialogueDraft.objects.visible_to(Membership.objects.get(user=admin_user))
    assert (mine.count(), theirs.count()) == (1, 0)


def test_recording_the_dialogue_removes_the_authors_draft_only(active_engagement, supporter, admin_user):
    domain.save_draft(active_engagement, by=supporter, payload={"insights": "私の下書き"})
    domain.save_draft(active_engagement, by=admin_user, payload={"insights": "管理者の下書き"})
    domain.record_dialogue(active_engagement, by=supporter, held_at=HELD_AT, insights="私の下書き")
    assert list(DialogueDraft.objects.values_list("author__username", flat=True)) == ["admin"]


def test_an_edit_draft_keeps_the_version_it_started_from_and_goes_when_saved(active_engagement, supporter):
    dialogue = DialogueFactory(engagement=active_engagement)
    draft = domain.save_draft(
        active_engagement, by=supporter, payload={"insights": "編集中"}, dialogue=dialogue
    )
    assert (draft.dialogue, draft.base_version) == (dialogue, 1)
    assert domain.draft_for(active_engagement, author=supporter) is None  # not the new-dialogue draft
    domain.update_dialogue(dialogue, by=supporter, expected_version=1, insights="編集中")
    assert not DialogueDraft.objects.exists()


def test_discard_draft(active_engagement, supporter):
    domain.save_draft(active_engagement, by=supporter, payload={"insights": "捨てる"})
    assert domain.discard_draft(active_engagement, by=supporter) is True
    assert domain.discard_draft(active_engagement, by=supporter) is False


# --- Attachments ----------------------------------------------------------------------------------


def test_attachment_is_stored_privately_under_a_random_name(active_engagement, supporter, settings):
    dialogue = DialogueFactory(engagement=active_engagement)
    [attachment] = domain.add_attachments(dialogue, by=supporter, uploads=[pdf()])
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_FILES_ROOT))
    assert "議事メモ" not in path.name and path.suffix == ".pdf"
    assert path.read_bytes() == PDF_BYTES
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "議事メモ.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert len(attachment.sha256) == 64
    assert attachment.history.get().history_user == supporter
    assert ActivityLog.objects.get(code="engagement.dialogue.attachment.added").data["files"] == [
        "議事メモ.pdf"
    ]


def _stored_files(settings) -> list:
    root = Path(settings.PRIVATE_FILES_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("見積書.pdf", b"MZ\x90\x00" + b"\x00" * 60), "中身の形式が一致しない"),
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00"), "添付できない種類のファイル"),
        (SimpleUploadedFile("空.pdf", b""), "空のファイル"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(
    active_engagement, supporter, settings, upload, message
):
    dialogue = DialogueFactory(engagement=active_engagement)
    with pytest.raises(ValidationError) as exc:
        domain.add_attachments(dialogue, by=supporter, uploads=[pdf("良い.pdf"), upload])
    assert message in exc.value.message_dict["attachments"][0]
    assert upload.name in exc.value.message_dict["attachments"][0]
    assert not DialogueAttachment.objects.exists()
    assert _stored_files(settings) == []


def test_a_too_large_attachment_is_refused_before_it_is_read(active_engagement, supporter, settings):
    settings.BANSO_MAX_UPLOAD_BYTES = 1024
    dialogue = DialogueFactory(engagement=active_engagement)

    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):
            raise AssertionError("the file must not be read")

    big = Unreadable("大きな資料.pdf", b"%PDF-" + b"0" * 4096)
    with pytest.raises(ValidationError) as exc:
        domain.add_attachments(dialogue, by=supporter, uploads=[big])
    assert exc.value.message_dict["attachments"] == [
        "「大きな資料.pdf」は大きすぎます（0.0 MB）。添付できるのは 1 ファイル 0.0 MB までです。"
    ]


def test_recording_a_dialogue_with_a_bad_attachment_stores_nothing(active_engagement, supporter, settings):
    with pytest.raises(ValidationError):
        domain.record_dialogue(
            active_engagement,
            by=supporter,
            held_at=HELD_AT,
            insights="大事なメモ",
            attachments=[SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 40)],
        )
    assert not Dialogue.objects.exists()
    assert _stored_files(settings) == []


def test_deleting_an_attachment_removes_the_file_after_commit(
    active_engagement, supporter, django_capture_on_commit_callbacks
):
    dialogue = DialogueFactory(engagement=active_engagement)
    [attachment] = domain.add_attachments(dialogue, by=supporter, uploads=[pdf()])
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        domain.delete_attachment(attachment, by=supporter)
    assert not path.exists()
    assert not DialogueAttachment.objects.exists()
    assert ActivityLog.objects.filter(code="engagement.dialogue.attachment.deleted").count() == 1


def test_updating_a_dialogue_and_its_participants_writes_one_history_row(active_engagement, supporter):
    first = StakeholderFactory(engagement=active_engagement, name="丸山 浩二")
    second = StakeholderFactory(engagement=active_engagement, name="丸山 花子")
    dialogue = domain.record_dialogue(active_engagement, by=supporter, held_at=HELD_AT, participants=[first])
    domain.update_dialogue(
        dialogue,
        by=supporter,
        expected_version=dialogue.version,
        title="段取りの見直し",
        participants=[second],
    )
    latest, created = dialogue.history.all()
    assert (created.history_type, latest.history_type) == ("+", "~")
    assert latest.title == "段取りの見直し"
    assert [p.stakeholder_id for p in latest.participants.all()] == [second.pk]
