"""Dialogue records as an advisor uses them on a tablet: quick defaults, autosaved drafts that
survive a reload, attachments served only through the access check, no silent overwrite when two
people edit, and the reflection after saving."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.engagements import domain
from banso.engagements.models import Dialogue, DialogueAttachment, DialogueDraft, Reflection
from tests.engagements.factories import PDF_BYTES, DialogueFactory, StakeholderFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def url(name, engagement, **kwargs):
    return reverse(
        f"engagements:{name}",
        kwargs={
            "org": "minato",
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
            **kwargs,
        },
    )


def form_data(**overrides):
    data = {
        "held_at": "2026-04-20T14:00",
        "duration_minutes": "６０",
        "form": "meeting",
        "step": "4",
        "title": "第4回 社長面談",
        "listening_notes": "値決めの話",
        "owner_words": "数字を見ないで経営してきた。",
        "insights": "原価が見えていない",
        "agreements": "原価を試算する",
        "next_steps": "次回は原価表を見る",
    }
    data.update(overrides)
    return data


def test_new_dialogue_form_has_quick_defaults(login, supporter, active_engagement):
    response = login(supporter).get(url("dialogue_create", active_engagement))
    form = response.context["form"]
    now = timezone.localtime()
    assert abs(form.initial["held_at"] - now) < dt.timedelta(minutes=6)
    assert form.initial["held_at"].minute % 5 == 0
    assert (form.initial["duration_minutes"], form.initial["form"], form.initial["step"]) == (
        60,
        "meeting",
        4,
    )
    assert form.initial["advisors"] == [supporter.pk]
    body = response.content.decode()
    assert 'data-autosave-url="{}"'.format(url("dialogue_draft", active_engagement)) in body
    assert "engagements.js" in body


def test_recording_a_dialogue_with_participants_and_an_attachment(login, supporter, active_engagement):
    owner = StakeholderFactory(engagement=active_engagement, name="丸山 浩二")
    domain.save_draft(active_engagement, by=supporter, payload={"insights": "下書き"})
    response = login(supporter).post(
        url("dialogue_create", active_engagement),
        form_data(
            participants=[owner.pk],
            advisors=[supporter.pk],
            attachments=SimpleUploadedFile("ホワイトボード.pdf", PDF_BYTES, content_type="application/pdf"),
        ),
    )
    dialogue = Dialogue.objects.get()
    assert response["Location"] == url("dialogue_detail", active_engagement, dialogue_pk=dialogue.pk)
    assert (dialogue.duration_minutes, dialogue.title, dialogue.owner_words) == (
        60,
        "第4回 社長面談",
        "数字を見ないで経営してきた。",
    )
    assert list(dialogue.participants.all()) == [owner]
    assert dialogue.attachments.get().original_name == "ホワイトボード.pdf"
    assert not DialogueDraft.objects.exists()


def test_autosave_then_reload_restores_the_draft(login, supporter, active_engagement):
    client = login(supporter)
    saved = client.post(
        url("dialogue_draft", active_engagement),
        {"listening_notes": "途中まで書いた傾聴メモ", "participants": [], "form": "online"},
    )
    assert saved.status_code == 200
    assert json.loads(saved.content)["message"].startswith("下書きを自動保存しました（")
    page = client.get(url("dialogue_create", active_engagement))
    body = page.content.decode()
    assert "途中まで書いた傾聴メモ" in body
    assert "自動保存した下書きを復元しました" in body
    assert page.context["form"].initial["form"] == "online"
    listing = client.get(url("dialogues", active_engagement)).content.decode()
    assert "書きかけの対話記録" in listing


def test_drafts_are_private_and_discardable(login, supporter, admin_user, active_engagement):
    login(supporter).post(url("dialogue_draft", active_engagement), {"insights": "支援者の下書き"})
    assert (
        "支援者の下書き"
        not in login(admin_user).get(url("dialogue_create", active_engagement)).content.decode()
    )
    response = login(supporter).post(url("dialogue_draft_discard", active_engagement))
    assert response["Location"] == url("dialogue_create", active_engagement)
    assert not DialogueDraft.objects.exists()


def test_read_only_users_cannot_autosave(login, viewer, owner, active_engagement):
    assert login(viewer).post(url("dialogue_draft", active_engagement), {"insights": "x"}).status_code == 403
    assert login(owner).post(url("dialogue_draft", active_engagement), {"insights": "x"}).status_code == 404
    assert not DialogueDraft.objects.exists()


def test_second_editor_is_told_and_keeps_their_text(login, supporter, admin_user, active_engagement):
    dialogue = DialogueFactory(engagement=active_engagement)
    first, second = login(supporter), login(admin_user)
    assert first.get(url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk)).status_code == 200
    assert second.get(url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk)).status_code == 200
    first.post(
        url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk),
        form_data(insights="一人目の気づき", advisors=[supporter.pk], version=1),
    )
    response = second.post(
        url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk),
        form_data(insights="二人目の気づき", advisors=[admin_user.pk], version=1),
    )
    body = response.content.decode()
    assert STALE_EDIT_MESSAGE in body
    assert "二人目の気づき" in body  # their text is still in the form
    assert "他の方が保存した最新の内容" in body and "一人目の気づき" in body
    dialogue.refresh_from_db()
    assert (dialogue.insights, dialogue.version) == ("一人目の気づき", 2)
    assert response.context["form"]["version"].value() == "2"
    again = second.post(
        url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk),
        form_data(insights="二人で合わせた気づき", advisors=[admin_user.pk], version=2),
    )
    assert again.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.insights == "二人で合わせた気づき"


def test_edit_restores_an_edit_draft_and_warns_when_it_is_stale(
    login, supporter, admin_user, active_engagement
):
    dialogue = DialogueFactory(engagement=active_engagement)
    domain.save_draft(
        active_engagement, by=supporter, payload={"insights": "編集の下書き"}, dialogue=dialogue
    )
    domain.update_dialogue(dialogue, by=admin_user, title="他の人が更新")
    response = login(supporter).get(url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk))
    body = response.content.decode()
    assert "編集の下書き" in body
    assert "他の方が対話記録を更新しています" in body
    assert response.context["form"].initial["version"] == 1


def test_attachment_download_applies_the_access_rule(
    login, supporter, viewer, owner, colleague, outsider, active_engagement
):
    dialogue = DialogueFactory(engagement=active_engagement)
    [attachment] = domain.add_attachments(
        dialogue, by=supporter, uploads=[SimpleUploadedFile("議事メモ.pdf", PDF_BYTES)]
    )
    path = url("attachment_download", active_engagement, dialogue_pk=dialogue.pk, attachment_pk=attachment.pk)
    response = login(viewer).get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert login(colleague).get(path).status_code == 404
    assert login(owner).get(path).status_code == 404
    foreign = reverse(
        "engagements:attachment_download",
        kwargs={
            "org": "sakura",
            "company_pk": active_engagement.company_id,
            "engagement_pk": active_engagement.pk,
            "dialogue_pk": dialogue.pk,
            "attachment_pk": attachment.pk,
        },
    )
    assert login(outsider).get(foreign).status_code == 404


def test_office_files_are_downloaded_not_shown(login, supporter, active_engagement):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<x/>")
    dialogue = DialogueFactory(engagement=active_engagement)
    [attachment] = domain.add_attachments(
        dialogue, by=supporter, uploads=[SimpleUploadedFile("原価表.xlsx", buffer.getvalue())]
    )
    response = login(supporter).get(
        url("attachment_download", active_engagement, dialogue_pk=dialogue.pk, attachment_pk=attachment.pk)
    )
    assert b"".join(response.streaming_content) == buffer.getvalue()  # read to the end: closes the file
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_exe_renamed_pdf_is_refused_with_a_japanese_message(login, supporter, active_engagement):
    dialogue = DialogueFactory(engagement=active_engagement)
    response = login(supporter).post(
        url("attachment_upload", active_engagement, dialogue_pk=dialogue.pk),
        {"attachments": SimpleUploadedFile("見積書.pdf", b"MZ\x90\x00" + b"\x00" * 100)},
        follow=True,
    )
    assert (
        "「見積書.pdf」はファイル名（.pdf）と中身の形式が一致しないため、添付できません。"
        in response.content.decode()
    )
    assert not DialogueAttachment.objects.exists()


def test_a_too_large_upload_gets_a_japanese_413_and_the_draft_survives(
    login, supporter, active_engagement, settings
):
    settings.BANSO_MAX_UPLOAD_BYTES = 2048
    client = login(supporter)
    client.post(url("dialogue_draft", active_engagement), {"listening_notes": "消えてほしくないメモ"})
    response = client.post(
        url("dialogue_create", active_engagement),
        form_data(attachments=SimpleUploadedFile("巨大.pdf", b"%PDF-" + b"0" * 8192)),
    )
    assert response.status_code == 413
    assert "送信されたデータが大きすぎます" in response.content.decode()
    assert not Dialogue.objects.exists()
    assert "消えてほしくないメモ" in client.get(url("dialogue_create", active_engagement)).content.decode()


def test_deleting_an_attachment(login, supporter, viewer, active_engagement):
    dialogue = DialogueFactory(engagement=active_engagement)
    [attachment] = domain.add_attachments(
        dialogue, by=supporter, uploads=[SimpleUploadedFile("a.pdf", PDF_BYTES)]
    )
    path = url("attachment_delete", active_engagement, dialogue_pk=dialogue.pk, attachment_pk=attachment.pk)
    assert login(viewer).post(path).status_code == 403
    assert login(supporter).post(path).status_code == 302
    assert not DialogueAttachment.objects.exists()


def test_reflection_after_saving_in_three_clicks(login, supporter, active_engagement):
    dialogue = DialogueFactory(engagement=active_engagement, recorded_by=supporter)
    client = login(supporter)
    detail = client.get(url("dialogue_detail", active_engagement, dialogue_pk=dialogue.pk)).content.decode()
    assert "この対話の振り返り" in detail and "対話と傾聴による信頼関係の構築" in detail
    response = client.post(
        url("reflection", active_engagement, dialogue_pk=dialogue.pk),
        {"dialogue_listening": "3", "issue_setting": "4", "intrinsic_motivation": "2"},
    )
    assert response.status_code == 302
    assert Reflection.objects.get().ratings == {
        "dialogue_listening": 3,
        "issue_setting": 4,
        "intrinsic_motivation": 2,
    }


def test_reflection_is_for_participants_and_support_side_only(
    login, admin_user, owner, supporter, active_engagement
):
    dialogue = DialogueFactory(engagement=active_engagement, recorded_by=supporter)
    page = (
        login(admin_user).get(url("reflection", active_engagement, dialogue_pk=dialogue.pk)).content.decode()
    )
    assert "この対話に参加した支援者（または記録した人）だけが記録できます" in page
    refused = login(admin_user).post(
        url("reflection", active_engagement, dialogue_pk=dialogue.pk),
        {"dialogue_listening": "3", "issue_setting": "3", "intrinsic_motivation": "3"},
    )
    assert "だけが記録できます" in refused.content.decode()
    assert (
        "この対話の振り返り"
        not in login(owner)
        .get(url("dialogue_detail", active_engagement, dialogue_pk=dialogue.pk))
        .content.decode()
    )
    assert not Reflection.objects.exists()


def test_dialogue_list_query_count_does_not_grow(login, supporter, active_engagement):
    client = login(supporter)
    counts = []
    for size in (3, 20):
        person = StakeholderFactory(engagement=active_engagement)
        for _ in range(size):
            dialogue = DialogueFactory(engagement=active_engagement, participants=[person])
            dialogue.advisors.add(supporter)
        counts.append(count_queries(client, url("dialogues", active_engagement)))
    assert counts[0] == counts[1]


# --- Issue-tree nodes from the dialogue form -----------------------------------------------------


def test_recording_a_dialogue_links_and_creates_issue_nodes(login, supporter, active_engagement):
    from tests.engagements.factories import IssueNodeFactory

    surface = IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    client = login(supporter)
    page = client.get(url("dialogue_create", active_engagement)).content.decode()
    assert "表課題: 利益が出ない" in page and "最上位（表課題として）" in page
    response = client.post(
        url("dialogue_create", active_engagement),
        form_data(
            advisors=[supporter.pk],
            issue_nodes=[surface.pk],
            new_issue_text_1="若手が定着しない",
            new_issue_parent_2=str(surface.pk),
            new_issue_text_2="値決めを社長だけがしている",
            new_issue_parent_3=str(surface.pk),  # a position without text adds nothing
        ),
    )
    dialogue = Dialogue.objects.get()
    assert response["Location"] == url("dialogue_detail", active_engagement, dialogue_pk=dialogue.pk)
    assert sorted((n.kind, n.text, n.parent_id) for n in dialogue.issue_nodes.all()) == [
        ("surface", "利益が出ない", None),
        ("surface", "若手が定着しない", None),
        ("why", "値決めを社長だけがしている", surface.pk),
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "若手が定着しない" in detail and "値決めを社長だけがしている" in detail


def test_a_refused_new_node_keeps_the_form_and_writes_nothing(login, supporter, active_engagement):
    from banso.engagements.models import IssueNode
    from tests.engagements.factories import IssueNodeFactory

    IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    response = login(supporter).post(
        url("dialogue_create", active_engagement),
        form_data(advisors=[supporter.pk], new_issue_text_1="利益が出ない"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "表課題「利益が出ない」はすでに課題ツリーの最上位にあります" in body
    assert "値決めの話" in body  # what they typed is still there
    assert not Dialogue.objects.exists()
    assert IssueNode.objects.count() == 1


def test_editing_changes_the_links_and_the_form_shows_them(login, supporter, active_engagement):
    from tests.engagements.factories import IssueNodeFactory

    first = IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    second = IssueNodeFactory(engagement=active_engagement, text="人が足りない")
    dialogue = DialogueFactory(engagement=active_engagement)
    first.dialogues.add(dialogue)
    client = login(supporter)
    edit_url = url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk)
    assert client.get(edit_url).context["form"].initial["issue_nodes"] == [first.pk]
    response = client.post(
        edit_url,
        form_data(
            advisors=[supporter.pk], version=1, issue_nodes=[second.pk], new_issue_text_1="採用が難しい"
        ),
    )
    assert response.status_code == 302
    assert sorted(n.text for n in dialogue.issue_nodes.all()) == ["人が足りない", "採用が難しい"]


def test_issue_nodes_from_the_form_three_actors(login, supporter, viewer, outsider, active_engagement):
    from banso.engagements.models import IssueNode
    from tests.engagements.factories import IssueNodeFactory

    node = IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    dialogue = DialogueFactory(engagement=active_engagement)
    data = form_data(
        advisors=[supporter.pk], version=1, issue_nodes=[node.pk], new_issue_text_1="新しい表課題"
    )
    edit_url = url("dialogue_edit", active_engagement, dialogue_pk=dialogue.pk)
    assert login(viewer).post(edit_url, data).status_code == 403
    assert login(outsider).post(edit_url, data).status_code == 404
    assert login(outsider).post(url("dialogue_create", active_engagement), data).status_code == 404
    assert list(node.dialogues.all()) == [] and IssueNode.objects.count() == 1
    assert login(supporter).post(edit_url, data).status_code == 302
    assert sorted(n.text for n in dialogue.issue_nodes.all()) == ["利益が出ない", "新しい表課題"]


def test_autosave_keeps_chosen_nodes_and_new_node_texts(login, supporter, active_engagement):
    from tests.engagements.factories import IssueNodeFactory

    node = IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    client = login(supporter)
    client.post(
        url("dialogue_draft", active_engagement),
        {
            "issue_nodes": [str(node.pk)],
            "new_issue_parent_1": str(node.pk),
            "new_issue_text_1": "値決めが属人的",
        },
    )
    form = client.get(url("dialogue_create", active_engagement)).context["form"]
    assert form["issue_nodes"].value() == [str(node.pk)]
    assert (form["new_issue_parent_1"].value(), form["new_issue_text_1"].value()) == (
        str(node.pk),
        "値決めが属人的",
    )
