"""The issue tree (課題ツリー): adding, editing, moving, marking root issues and buy-in, deleting.

Rules: a node's parent is in the same engagement and never the node itself or one of its
descendants (no cycles); a top-level node is a 表課題 (or a 裏課題), a child a "なぜ" (or a 裏課題);
only a 裏課題 carries the day the owner agreed (腹落ち), not before the engagement began nor in the
future; nothing is lost — a node with children, actions or referrals is not deleted, and a 裏課題
that actions serve is not unmarked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from banso.core.errors import DomainError
from banso.core.records import locked, save_audited
from banso.core.text import nfkc
from banso.engagements.domain._common import UNSET, ensure_same_engagement, log
from banso.engagements.models import Engagement, IssueNode
from banso.engagements.permissions import ensure_open_now

KIND_LABELS = {"surface": "表課題", "why": "なぜ", "root": "裏課題"}
CYCLE_MESSAGE = "課題ツリーが循環してしまうため、課題を自分自身やその下の課題の下へは移動できません。"
FOREIGN_DIALOGUE_MESSAGE = "話題に出た対話は、この案件の対話記録から選んでください。"


def descendant_ids(node: IssueNode) -> set[int]:
    """Ids of every node below `node` (one query for the whole tree)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in IssueNode.objects.filter(engagement_id=node.engagement_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = list(children.get(node.pk, []))
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def _kind_for(parent: IssueNode | None, kind: str | None, *, current: str | None = None) -> str:
    """The node's kind given its parent: explicit `kind` is checked; otherwise a 裏課題 stays one."""
    if kind is None:
        if current == "root":
            return "root"
        return "surface" if parent is None else "why"
    if kind not in KIND_LABELS:
        raise DomainError("課題の種類は「表課題」「なぜ」「裏課題」から選んでください。")
    if kind == "surface" and parent is not None:
        raise DomainError(
            "表課題は課題ツリーの最上位に置きます。親の課題を指定する場合は「なぜ」を選んでください。"
        )
    if kind == "why" and parent is None:
        raise DomainError("「なぜ」の課題には、親となる課題を指定してください。")
    return kind


def _check_parent(engagement_id: int, parent: IssueNode | None) -> None:
    if parent is not None and parent.engagement_id != engagement_id:
        raise DomainError("親の課題は、同じ案件の課題ツリーから選んでください。")


def _same_text(text: str) -> str:
    return " ".join(nfkc(text).split())


def existing_sibling(engagement_id: int, parent: IssueNode | None, text: str) -> IssueNode | None:
    """The node already under the same parent (or at the top) with the same text, ignoring width and
    spacing — e.g. a 4つの視点 課題 line sent to the tree a second time."""
    wanted = _same_text(text)
    siblings = IssueNode.objects.filter(engagement_id=engagement_id, parent=parent)
    return next((node for node in siblings if _same_text(node.text) == wanted), None)


def duplicate_message(node: IssueNode) -> str:
    place = "課題ツリーの最上位" if node.parent_id is None else "同じ課題の下"
    return (
        f"{KIND_LABELS[node.kind]}「{node.text}」はすでに{place}にあります。"
        "同じ課題を2つ作らないよう、追加しませんでした。"
    )


def _next_position(engagement_id: int, parent: IssueNode | None) -> int:
    siblings = IssueNode.objects.filter(engagement_id=engagement_id, parent=parent)
    return (siblings.aggregate(last=Max("position"))["last"] or 0) + 1


def add_issue_node(
    engagement: Engagement,
    *,
    by,
    text: str,
    parent: IssueNode | None = None,
    kind: str | None = None,
    note: str = "",
    agreed_on: dt.date | None = None,
    dialogues: Iterable = (),
) -> IssueNode:
    """Add a 表課題 (no parent) or a "なぜ" under `parent`; `kind="root"` adds it as a 裏課題.
    A node with the same text under the same parent is refused (DomainError naming the existing one).

    Side effects: the IssueNode row (last among its siblings) with history, its dialogue links
    (history), and an `engagement.issue.added` activity entry. DomainError for a parent from another
    engagement, a kind that does not fit the position, or dialogues of another engagement;
    ValidationError (per field) for an empty text or a bad agreed date.
    """
    ensure_open_now(engagement)
    _check_parent(engagement.pk, parent)
    node_kind = _kind_for(parent, kind)
    dialogues = ensure_same_engagement(engagement, dialogues, FOREIGN_DIALOGUE_MESSAGE)
    existing = existing_sibling(engagement.pk, parent, text or "")
    if existing is not None and (text or "").strip():
        raise DomainError(duplicate_message(existing))
    node = IssueNode(
        engagement=engagement,
        parent=parent,
        kind=node_kind,
        text=(text or "").strip(),
        note=(note or "").strip(),
        agreed_on=agreed_on,
        position=_next_position(engagement.pk, parent),
        created_by=by,
    )
    with transaction.atomic():
        save_audited(node, by=by)
        if dialogues:
            node.dialogues.set(dialogues)
        log(
            engagement,
            code="engagement.issue.added",
            message=f"課題ツリーに{KIND_LABELS[node_kind]}「{node.text}」を追加しました。",
            by=by,
            data={"issue_id": node.pk, "kind": node_kind, "parent_id": parent.pk if parent else None},
        )
    return node


def update_issue_node(
    node: IssueNode,
    *,
    by,
    expected_version: int | None = None,
    text=UNSET,
    note=UNSET,
    parent=UNSET,
    kind=UNSET,
    agreed_on=UNSET,
    dialogues=UNSET,
    visibility=UNSET,
) -> IssueNode:
    """Change any of a node's text, note, parent (move), kind (mark / unmark 裏課題), agreed date,
    dialogue links or visibility (an agreed 裏課題 is shown to the owner unless marked internal),
    under the tree rules of this module. Arguments not given are left as they are.

    Moving keeps a 裏課題 a 裏課題; otherwise a node moved to the top becomes a 表課題 and one moved
    under a parent a "なぜ". Unmarking a 裏課題 clears its agreed date. ConflictError on a stale
    `expected_version`. Side effects: a history snapshot (version + 1), dialogue links, and activity
    entries: `engagement.issue.moved`, `engagement.issue.root_marked`, `engagement.issue.root_unmarked`,
    `engagement.issue.agreed` for those changes, `engagement.issue.updated` for the rest.
    """
    ensure_open_now(node.engagement)
    with transaction.atomic():
        current = locked(IssueNode, node.pk, expected_version)
        engagement = current.engagement
        events: list[tuple[str, str]] = []
        if parent is not UNSET and parent != current.parent:
            _check_parent(current.engagement_id, parent)
            if parent is not None and (parent.pk == current.pk or parent.pk in descendant_ids(current)):
                raise DomainError(CYCLE_MESSAGE)
            current.parent = parent
            where = f"「{parent.text}」の下" if parent else "最上位"
            events.append(("engagement.issue.moved", f"課題「{current.text}」を{where}に移動しました。"))
        old_kind = current.kind
        current.kind = _kind_for(current.parent, None if kind is UNSET else kind, current=old_kind)
        if old_kind != "root" and current.kind == "root":
            events.append(("engagement.issue.root_marked", f"「{current.text}」を裏課題にしました。"))
        if old_kind == "root" and current.kind != "root":
            serving = current.actions.count()
            if serving:
                raise DomainError(
                    f"この裏課題に取り組むアクションが{serving}件あります。"
                    "先にアクションの「取り組む裏課題」を変更してから、裏課題の指定を外してください。"
                )
            current.agreed_on = None
            events.append(("engagement.issue.root_unmarked", f"「{current.text}」を裏課題から外しました。"))
        if agreed_on is not UNSET and agreed_on != current.agreed_on:
            if agreed_on is not None and current.kind != "root":
                raise DomainError(
                    "腹落ちした日は、裏課題（本質的課題）にだけ記録できます。先に裏課題にしてください。"
                )
            current.agreed_on = agreed_on
            if agreed_on is not None:
                events.append(
                    (
                        "engagement.issue.agreed",
                        f"裏課題「{current.text}」に経営者が腹落ちした日を記録しました。",
                    )
                )
        if text is not UNSET:
            current.text = (text or "").strip()
        if note is not UNSET:
            current.note = (note or "").strip()
        if visibility is not UNSET:
            current.visibility = visibility
        if dialogues is not UNSET:
            dialogues = ensure_same_engagement(engagement, dialogues, FOREIGN_DIALOGUE_MESSAGE)
        save_audited(current, by=by, bump_version=True)
        if dialogues is not UNSET:
            current.dialogues.set(dialogues)
        if not events:
            events.append(("engagement.issue.updated", f"課題「{current.text}」を更新しました。"))
        for code, message in events:
            log(
                engagement,
                code=code,
                message=message,
                by=by,
                data={"issue_id": current.pk, "kind": current.kind, "agreed_on": _iso(current.agreed_on)},
            )
    return current


def move_issue_node(node: IssueNode, *, by, parent: IssueNode | None, expected_version: int | None = None):
    """Move a node (and its subtree) under `parent`, or to the top with None. See update_issue_node."""
    return update_issue_node(node, by=by, parent=parent, expected_version=expected_version)


def mark_root_issue(
    node: IssueNode, *, by, agreed_on: dt.date | None = None, expected_version: int | None = None
) -> IssueNode:
    """Mark a node as the 裏課題 (本質的課題), optionally with the day the owner agreed.

    See update_issue_node."""
    changes = {"kind": "root"}
    if agreed_on is not None:
        changes["agreed_on"] = agreed_on
    return update_issue_node(node, by=by, expected_version=expected_version, **changes)


def unmark_root_issue(node: IssueNode, *, by, expected_version: int | None = None) -> IssueNode:
    """Make a 裏課題 an ordinary 表課題 / "なぜ" again (refused while actions serve it).

    See update_issue_node."""
    kind = "surface" if node.parent_id is None else "why"
    return update_issue_node(node, by=by, kind=kind, expected_version=expected_version)


def record_agreement(
    node: IssueNode, *, by, agreed_on: dt.date | None, expected_version: int | None = None
) -> IssueNode:
    """Record (or clear, with None) the day the owner agreed with a 裏課題 (腹落ち). See update_issue_node."""
    return update_issue_node(node, by=by, agreed_on=agreed_on, expected_version=expected_version)


def delete_issue_node(node: IssueNode, *, by) -> None:
    """Delete a node that has no children and that no action or referral points to.

    Side effects: a deletion history snapshot and an `engagement.issue.deleted` activity entry.
    """
    ensure_open_now(node.engagement)
    with transaction.atomic():
        current = IssueNode.objects.select_for_update().get(pk=node.pk)
        if current.children.exists():
            raise DomainError(
                "下に「なぜ」の課題があるため削除できません。先に下の課題を削除するか、別の課題の下へ移動してください。"
            )
        if current.actions.exists():
            raise DomainError(
                "この課題に取り組むアクションがあるため削除できません。先にアクションの紐づけを変更してください。"
            )
        if current.referrals.exists():
            raise DomainError(
                "この課題に関係する橋渡しがあるため削除できません。先に橋渡しの紐づけを変更してください。"
            )
        engagement = current.engagement
        log(
            engagement,
            code="engagement.issue.deleted",
            message=f"課題ツリーから「{current.text}」を削除しました。",
            by=by,
            data={"issue_id": current.pk, "kind": current.kind},
        )
        current._history_user = by
        current.delete()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
