"""Dialogue records (対話記録): recording and editing them, their autosaved drafts and attachments.

Rules: participants come from this engagement's stakeholder list and advisors from its supporter
team (or the person recording); the owner's words are kept exactly as typed (only line endings are
unified); two people editing the same record never silently overwrite each other (version check);
a draft belongs to its author and disappears when the dialogue it prepares is saved; an attachment
is checked for type and size before it is read and by its content before it is stored, and a bad
file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import DomainError
from banso.core.records import locked, save_audited
from banso.engagements.domain._common import UNSET, ensure_same_engagement, log
from banso.engagements.engines import filetypes
from banso.engagements.models import Dialogue, DialogueAttachment, DialogueDraft, Engagement
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
)
FOREIGN_PARTICIPANT_MESSAGE = "参加者（事業者側）は、この案件の関係者から選んでください。"
FOREIGN_ADVISOR_MESSAGE = "参加した支援者は、この案件の支援チームから選んでください。"
DEFAULT_DURATION_MINUTES = 60

# What an autosaved draft may hold: the form's fields as typed (strings, or lists of ids).
DRAFT_TEXT_FIELDS = ("held_at", "duration_minutes", "form", "step", "owner_words", *TEXT_FIELDS)
DRAFT_LIST_FIELDS = ("participants", "advisors")
DRAFT_MAX_TEXT = 20_000
DRAFT_MAX_ITEMS = 200


def _verbatim(text: str | None) -> str:
    """The owner's words as typed: only Windows / old Mac line endings become \\n."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


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
) -> Dialogue:
    """Record a dialogue (面談・訪問・オンライン・社内タスクチーム・電話) of the engagement.

    `step` defaults to the engagement's current step and `advisors` to the person recording.
    Side effects: the Dialogue row and its history (participants and advisors included), the
    attachments (stored files, one row each with history), the author's autosaved draft of a new
    dialogue for this engagement is removed, and an `engagement.dialogue.recorded` activity entry.
    ValidationError (Japanese, per field) for bad fields or a bad attachment — nothing is stored
    then; DomainError for participants or advisors from outside the engagement.
    """
    ensure_open_now(engagement)
    participants = ensure_same_engagement(engagement, participants, FOREIGN_PARTICIPANT_MESSAGE)
    advisors = _check_advisors(engagement, [by] if advisors is None else advisors, by=by)
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
        recorded_by=by,
    )
    with transaction.atomic():
        save_audited(dialogue, by=by, m2m={"participants": participants, "advisors": advisors})
        _store_attachments(dialogue, by=by, uploads=uploads, checked=checked)
        DialogueDraft.objects.filter(engagement=engagement, author=by, dialogue__isnull=True).delete()
        log(
            engagement,
            code="engagement.dialogue.recorded",
            message=f"対話記録「{_summary(dialogue)}」を登録しました。",
            by=by,
            data={"dialogue_id": dialogue.pk, "form": dialogue.form, "step": dialogue.step},
        )
    return dialogue


def update_dialogue(dialogue: Dialogue, *, by, expected_version: int | None = None, **changes) -> Dialogue:
    """Change any of a dialogue's fields (those not given stay as they are).

    ConflictError (HTTP 409, Japanese) when someone saved it since `expected_version`: the caller
    keeps the user's text and shows the message. Side effects: a history snapshot (version + 1),
    participants / advisors when given, the author's draft of this dialogue is removed, and an
    `engagement.dialogue.updated` activity entry naming the changed fields.
    """
    ensure_open_now(dialogue.engagement)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    participants = changes.pop("participants", UNSET)
    advisors = changes.pop("advisors", UNSET)
    with transaction.atomic():
        current = locked(Dialogue, dialogue.pk, expected_version)
        engagement = current.engagement
        if participants is not UNSET:
            participants = ensure_same_engagement(engagement, participants, FOREIGN_PARTICIPANT_MESSAGE)
        if advisors is not UNSET:
            advisors = _check_advisors(engagement, advisors, by=by)
        changed = []
        for name, value in changes.items():
            if name == "owner_words":
                value = _verbatim(value)
            elif name in TEXT_FIELDS:
                value = (value or "").strip()
            if getattr(current, name) != value:
                setattr(current, name, value)
                changed.append(name)
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
        DialogueDraft.objects.filter(author=by, dialogue=current).delete()
        log(
            engagement,
            code="engagement.dialogue.updated",
            message=f"対話記録「{_summary(current)}」を更新しました。",
            by=by,
            data={"dialogue_id": current.pk, "fields": sorted(changed)},
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
