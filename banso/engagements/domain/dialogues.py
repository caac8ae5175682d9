"""Dialogue records (対話記録): recording and editing them, their autosaved drafts and attachments.

Rules: participants come from this engagement's stakeholder list and advisors from its supporter
team (or the person recording); the owner's words are kept exactly as typed (only line endings are
unified); two people editing the same record never silently overwrite each other (version check);
a draft belongs to its author and disappears when the dialogue it prepares is saved; an attachment
is checked for type and size before it is read and by its content before it is stored, and a bad
file changes nothing. The issue-tree nodes a dialogue is about are linked, and new ones (a 表課題, or
a なぜ under a chosen node) created, in the same save under the issue tree's rules
(banso.engagements.domain.issues): all of it is stored, or none of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import DomainError
from banso.core.history import save_with_m2m
from banso.core.records import apply_changes, locked, save_audited
from banso.core.visibility import Visibility
from banso.engagements.domain._common import UNSET, ensure_same_engagement, log
from banso.engagements.domain.issues import add_issue_node
from banso.engagements.engines import filetypes
from banso.engagements.models import Dialogue, DialogueAttachment, DialogueDraft, Engagement, IssueNode
from banso.engagements.permissions import ensure_open_now
from banso.engagements.validators import AttachmentFileValidator

TEXT_FIELDS = ("title", "listening_notes", "insights", "agreements", "next_steps")
EDITABLE_FIELDS = (
    "held_at",
    "duration_minutes",
    "form",
    "step",
    "owner_words",
    *TEXT_FIELDS,
    "participants",
    "advisors",
    "issue_nodes",
    "visibility",
)
FOREIGN_PARTICIPANT_MESSAGE = "参加者（事業者側）は、この案件の関係者から選んでください。"
FOREIGN_ADVISOR_MESSAGE = "参加した支援者は、この案件の支援チームから選んでください。"
FOREIGN_ISSUE_MESSAGE = "話題にした課題は、この案件の課題ツリーから選んでください。"
DEFAULT_DURATION_MINUTES = 60
# How many new issue-tree nodes the dialogue form offers at once.
NEW_ISSUE_ROWS = 3
NEW_ISSUE_FIELDS = tuple(
    f"new_issue_{part}_{row}" for row in range(1, NEW_ISSUE_ROWS + 1) for part in ("parent", "text")
)

# What an autosaved draft may hold: the form's fields as typed (strings, or lists of ids).
DRAFT_TEXT_FIELDS = (
    "held_at",
    "duration_minutes",
    "form",
    "step",
    "owner_words",
    *TEXT_FIELDS,
    *NEW_ISSUE_FIELDS,
)
DRAFT_LIST_FIELDS = ("participants", "advisors", "issue_nodes")
DRAFT_MAX_TEXT = 20_000
DRAFT_MAX_ITEMS = 200


def _verbatim(text: str | None) -> str:
    """The owner's words as typed: only Windows / old Mac line endings become \\n."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _normalized(name: str, value):
    """A changed field's value as stored: the owner's words verbatim, other texts trimmed."""
    if name == "owner_words":
        return _verbatim(value)
    if name in TEXT_FIELDS:
        return (value or "").strip()
    return value


def _team_ids(engagement: Engagement) -> set[int]:
    return {engagement.lead_supporter_id, *engagement.memberships.values_list("user_id", flat=True)}


def _check_advisors(engagement: Engagement, advisors: Iterable, *, by) -> list:
    advisors = list(dict.fromkeys(advisors))
    allowed = _team_ids(engagement) | {by.pk}
    if any(user.pk not in allowed for user in advisors):
        raise DomainError(FOREIGN_ADVISOR_MESSAGE)
    return advisors


def _summary(dialogue: Dialogue) -> str:
    return str(dialogue)


@dataclass(frozen=True)
class NewIssue:
    """A node to add to the issue tree while saving a dialogue: a 表課題 (no parent) or a なぜ under
    `parent`, linked to the dialogue."""

    text: str
    parent: IssueNode | None = None


def _check_issue_nodes(engagement: Engagement, nodes: Iterable) -> list[IssueNode]:
    return list(dict.fromkeys(ensure_same_engagement(engagement, nodes, FOREIGN_ISSUE_MESSAGE)))


def _link_issue_nodes(dialogue: Dialogue, *, by, nodes: list[IssueNode]) -> tuple[list[int], list[int]]:
    """Make `nodes` exactly the issue-tree nodes linked to `dialogue`. Each node whose links change
    is saved under its version (+1) with one history row. Returns (linked ids, unlinked ids)."""
    wanted = {node.pk for node in nodes}
    current = set(dialogue.issue_nodes.values_list("pk", flat=True)) if dialogue.pk else set()
    linked, unlinked = sorted(wanted - current), sorted(current - wanted)
    for node in IssueNode.objects.select_for_update().filter(pk__in=[*linked, *unlinked]).order_by("pk"):
        dialogue_ids = set(node.dialogues.values_list("pk", flat=True))
        dialogue_ids = dialogue_ids | {dialogue.pk} if node.pk in wanted else dialogue_ids - {dialogue.pk}
        node.version += 1
        save_with_m2m(node, by=by, m2m={"dialogues": sorted(dialogue_ids)})
    return linked, unlinked


def _add_new_issues(dialogue: Dialogue, *, by, new_issues: list[NewIssue]) -> list[IssueNode]:
    """Add each new node under the issue tree's rules (parent in this engagement, no duplicate
    under the same parent), linked to `dialogue`. A refusal names the node and is raised as it is."""
    added = []
    for new in new_issues:
        if new.parent is not None:
            ensure_same_engagement(dialogue.engagement, [new.parent], FOREIGN_ISSUE_MESSAGE)
        try:
            added.append(
                add_issue_node(
                    dialogue.engagement, by=by, text=new.text, parent=new.parent, dialogues=[dialogue]
                )
            )
        except ValidationError as exc:
            label = "表課題" if new.parent is None else "なぜ"
            raise DomainError(
                f"新しい{label}「{(new.text or '').strip()[:30]}」を追加できません: {'、'.join(exc.messages)}"
            ) from exc
    return added


def _save_issue_links(
    dialogue: Dialogue, *, by, nodes: list[IssueNode] | object, new_issues: list[NewIssue]
) -> dict:
    """Links and new nodes of one dialogue save; the activity data describing them."""
    data: dict = {}
    if nodes is not UNSET:
        linked, unlinked = _link_issue_nodes(dialogue, by=by, nodes=nodes)
        if linked:
            data["issues_linked"] = linked
        if unlinked:
            data["issues_unlinked"] = unlinked
    added = _add_new_issues(dialogue, by=by, new_issues=new_issues)
    if added:
        data["issues_added"] = [node.pk for node in added]
    return data


def record_dialogue(
    engagement: Engagement,
    *,
    by,
    held_at: dt.datetime,
    duration_minutes: int | None = DEFAULT_DURATION_MINUTES,
    form: str = "meeting",
    step: int | None = None,
    title: str = "",
    participants: Iterable = (),
    advisors: Iterable | None = None,
    listening_notes: str = "",
    owner_words: str = "",
    insights: str = "",
    agreements: str = "",
    next_steps: str = "",
    attachments: Iterable = (),
    issue_nodes: Iterable = (),
    new_issues: Iterable[NewIssue] = (),
    visibility: str = Visibility.SHARED,
) -> Dialogue:
    """Record a dialogue (面談・訪問・オンライン・社内タスクチーム・電話) of the engagement.

    `step` defaults to the engagement's current step and `advisors` to the person recording.
    `issue_nodes` are the existing issue-tree nodes this dialogue is about; `new_issues` are added
    to the tree (a 表課題, or a なぜ under their parent) and linked to it.
    Side effects: the Dialogue row and its history (participants and advisors included), one
    history row per linked node (version + 1), each new node as add_issue_node stores it (with its
    `engagement.issue.added` entry), the attachments (stored files, one row each with history), the
    author's autosaved draft of a new dialogue for this engagement is removed, and an
    `engagement.dialogue.recorded` activity entry. All or nothing: ValidationError (Japanese, per
    field) for bad fields or a bad attachment; DomainError for participants, advisors or nodes from
    outside the engagement, or a new node the issue tree refuses (e.g. a duplicate) — nothing is
    stored then.
    """
    ensure_open_now(engagement)
    participants = ensure_same_engagement(engagement, participants, FOREIGN_PARTICIPANT_MESSAGE)
    advisors = _check_advisors(engagement, [by] if advisors is None else advisors, by=by)
    issue_nodes = _check_issue_nodes(engagement, issue_nodes)
    new_issues = list(new_issues)
    uploads = list(attachments)
    checked = [check_upload(upload) for upload in uploads]
    dialogue = Dialogue(
        engagement=engagement,
        held_at=held_at,
        duration_minutes=duration_minutes,
        form=form,
        step=engagement.step if step is None else step,
        title=(title or "").strip(),
        listening_notes=(listening_notes or "").strip(),
        owner_words=_verbatim(owner_words),
        insights=(insights or "").strip(),
        agreements=(agreements or "").strip(),
        next_steps=(next_steps or "").strip(),
        visibility=visibility,
        recorded_by=by,
    )
    with transaction.atomic():
        save_audited(dialogue, by=by, m2m={"participants": participants, "advisors": advisors})
        issue_data = _save_issue_links(dialogue, by=by, nodes=issue_nodes, new_issues=new_issues)
        # Files last: a refusal above leaves nothing on disk.
        _store_attachments(dialogue, by=by, uploads=uploads, checked=checked)
        DialogueDraft.objects.filter(engagement=engagement, author=by, dialogue__isnull=True).delete()
        log(
            engagement,
            code="engagement.dialogue.recorded",
            message=f"対話記録「{_summary(dialogue)}」を登録しました。",
            by=by,
            data={"dialogue_id": dialogue.pk, "form": dialogue.form, "step": dialogue.step, **issue_data},
        )
    return dialogue


def update_dialogue(
    dialogue: Dialogue,
    *,
    by,
    expected_version: int | None = None,
    new_issues: Iterable[NewIssue] = (),
    attachments: Iterable = (),
    **changes,
) -> Dialogue:
    """Change any of a dialogue's fields (those not given stay as they are), its linked issue-tree
    nodes (`issue_nodes`: the whole set), add `new_issues` to the tree linked to it, and attach files.

    ConflictError (HTTP 409, Japanese) when someone saved it since `expected_version`: the caller
    keeps the user's text and shows the message. Side effects: a history snapshot (version + 1),
    participants / advisors when given, one history row per node linked or unlinked (version + 1),
    each new node as add_issue_node stores it, the attachments, the author's draft of this dialogue
    is removed, and an `engagement.dialogue.updated` activity entry naming the changed fields. All
    or nothing, as record_dialogue.
    """
    ensure_open_now(dialogue.engagement)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    participants = changes.pop("participants", UNSET)
    advisors = changes.pop("advisors", UNSET)
    issue_nodes = changes.pop("issue_nodes", UNSET)
    new_issues = list(new_issues)
    uploads = list(attachments)
    checked = [check_upload(upload) for upload in uploads]
    with transaction.atomic():
        current = locked(Dialogue, dialogue.pk, expected_version)
        engagement = current.engagement
        if participants is not UNSET:
            participants = ensure_same_engagement(engagement, participants, FOREIGN_PARTICIPANT_MESSAGE)
        if advisors is not UNSET:
            advisors = _check_advisors(engagement, advisors, by=by)
        if issue_nodes is not UNSET:
            issue_nodes = _check_issue_nodes(engagement, issue_nodes)
        changed = apply_changes(current, {name: _normalized(name, value) for name, value in changes.items()})
        if participants is not UNSET and {p.pk for p in participants} != set(
            current.participants.values_list("pk", flat=True)
        ):
            changed.append("participants")
        if advisors is not UNSET and {a.pk for a in advisors} != set(
            current.advisors.values_list("pk", flat=True)
        ):
            changed.append("advisors")
        m2m = {"participants": participants, "advisors": advisors}
        save_audited(
            current, by=by, bump_version=True, m2m={name: v for name, v in m2m.items() if v is not UNSET}
        )
        issue_data = _save_issue_links(current, by=by, nodes=issue_nodes, new_issues=new_issues)
        if issue_data:
            changed.append("issue_nodes")
        stored = _store_attachments(current, by=by, uploads=uploads, checked=checked)
        DialogueDraft.objects.filter(author=by, dialogue=current).delete()
        data = {"dialogue_id": current.pk, "fields": sorted(changed), **issue_data}
        if stored:
            data["files"] = [a.original_name for a in stored]
        log(
            engagement,
            code="engagement.dialogue.updated",
            message=f"対話記録「{_summary(current)}」を更新しました。",
            by=by,
            data=data,
        )
    return current


# --- Drafts (autosave) ---------------------------------------------------------------------------


def clean_draft_payload(payload: Mapping) -> dict:
    """Only the dialogue form's own fields, as strings (or lists of id strings), within limits."""
    cleaned: dict = {}
    for name in DRAFT_TEXT_FIELDS:
        value = payload.get(name)
        if value is not None:
            cleaned[name] = str(value)[:DRAFT_MAX_TEXT]
    for name in DRAFT_LIST_FIELDS:
        values = payload.get(name)
        if values is None:
            continue
        if isinstance(values, str):
            values = [values]
        cleaned[name] = [str(v) for v in list(values)[:DRAFT_MAX_ITEMS] if str(v).isdigit()]
    return cleaned


def draft_for(engagement: Engagement, *, author, dialogue: Dialogue | None = None) -> DialogueDraft | None:
    """The author's autosaved draft of a new dialogue (or of `dialogue`), if there is one."""
    return DialogueDraft.objects.filter(engagement=engagement, author=author, dialogue=dialogue).first()


def save_draft(
    engagement: Engagement,
    *,
    by,
    payload: Mapping,
    dialogue: Dialogue | None = None,
    base_version: int | None = None,
) -> DialogueDraft:
    """Autosave what `by` has typed so far, so nothing is lost if the browser closes.

    One draft per author for a new dialogue of the engagement, one per author per dialogue being
    edited (`base_version` = the version the edit started from; defaults to the dialogue's current
    version). Side effects: the DialogueDraft row is created or overwritten. No history and no
    activity entry: a draft is not a record (the saved Dialogue is audited).
    """
    ensure_open_now(engagement)
    if dialogue is not None and dialogue.engagement_id != engagement.pk:
        raise DomainError("下書きの対話記録が、この案件のものではありません。")
    cleaned = clean_draft_payload(payload)
    with transaction.atomic():
        draft = (
            DialogueDraft.objects.select_for_update()
            .filter(engagement=engagement, author=by, dialogue=dialogue)
            .first()
        )
        if draft is None:
            draft = DialogueDraft(engagement=engagement, author=by, dialogue=dialogue)
        draft.payload = cleaned
        if dialogue is not None:
            draft.base_version = base_version or dialogue.version
        draft.full_clean()
        draft.save()
    return draft


def discard_draft(engagement: Engagement, *, by, dialogue: Dialogue | None = None) -> bool:
    """Throw away `by`'s draft (of a new dialogue, or of `dialogue`). Returns whether there was one.

    Side effect: the DialogueDraft row is deleted."""
    deleted, _ = DialogueDraft.objects.filter(engagement=engagement, author=by, dialogue=dialogue).delete()
    return deleted > 0


# --- Attachments ---------------------------------------------------------------------------------


def _display_name(upload) -> str:
    name = PurePosixPath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name
    return name[-255:] or "添付ファイル"


def check_upload(upload) -> filetypes.Sniffed:
    """Type (extension) and size first, without reading; then the content against the extension.

    ValidationError({"attachments": ...}) in Japanese naming the file; nothing is stored."""
    name = _display_name(upload)
    try:
        AttachmentFileValidator()(upload)
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages}) from exc
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    try:
        return filetypes.sniff(upload, name=name, extension=extension)
    except filetypes.ContentMismatch as exc:
        raise ValidationError({"attachments": [str(exc)]}) from exc


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _store_attachments(dialogue: Dialogue, *, by, uploads: list, checked: list) -> list[DialogueAttachment]:
    stored: list[DialogueAttachment] = []
    try:
        for upload, sniffed in zip(uploads, checked, strict=True):
            attachment = DialogueAttachment(
                dialogue=dialogue,
                original_name=_display_name(upload),
                content_type=sniffed.content_type,
                size=upload.size,
                sha256=_sha256(upload),
                uploaded_by=by,
            )
            attachment.file.save(_display_name(upload), upload, save=False)
            stored.append(attachment)
            save_audited(attachment, by=by)
    except Exception:
        # The database rolls back with the caller's transaction; the files must go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


def add_attachments(dialogue: Dialogue, *, by, uploads: Iterable) -> list[DialogueAttachment]:
    """Attach files to a dialogue, all or nothing: every file is checked before any is stored.

    Side effects: each file stored under PRIVATE_FILES_ROOT with a random name, one
    DialogueAttachment row each (history), and an `engagement.dialogue.attachment.added` activity
    entry listing the file names. ValidationError (Japanese, naming the file) for a file of the wrong
    type, too large, empty, or whose content does not match its name.
    """
    ensure_open_now(dialogue.engagement)
    uploads = list(uploads)
    if not uploads:
        raise ValidationError({"attachments": ["添付するファイルを選んでください。"]})
    checked = [check_upload(upload) for upload in uploads]
    with transaction.atomic():
        stored = _store_attachments(dialogue, by=by, uploads=uploads, checked=checked)
        log(
            dialogue.engagement,
            code="engagement.dialogue.attachment.added",
            message=f"対話記録「{_summary(dialogue)}」にファイルを添付しました（{len(stored)}件）。",
            by=by,
            data={"dialogue_id": dialogue.pk, "files": [a.original_name for a in stored]},
        )
    return stored


def delete_attachment(attachment: DialogueAttachment, *, by) -> None:
    """Remove an attachment. Side effects: a deletion history snapshot, the stored file (after the
    transaction commits) and an `engagement.dialogue.attachment.deleted` activity entry."""
    ensure_open_now(attachment.dialogue.engagement)
    dialogue = attachment.dialogue
    with transaction.atomic():
        log(
            dialogue.engagement,
            code="engagement.dialogue.attachment.deleted",
            message=f"対話記録「{_summary(dialogue)}」の添付ファイル「{attachment.original_name}」を削除しました。",
            by=by,
            data={"dialogue_id": dialogue.pk, "file": attachment.original_name},
        )
        storage, path = attachment.file.storage, attachment.file.name
        attachment._history_user = by
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(path))
