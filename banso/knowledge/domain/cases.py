"""Business actions on cases (事例): draft from an engagement, edit, add a term, undo a replacement,
submit, approve or send back, publish. Each locks the draft, checks its version, and logs an
organization event (`knowledge.case.*`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from banso.core import case_sources
from banso.core.access import DEFAULT_WRITE_ROLES, not_found_message
from banso.core.errors import DomainError
from banso.core.models import log_activity
from banso.core.records import locked
from banso.knowledge.engines import anonymise as engine
from banso.knowledge.models import CaseDraft, CaseScope, CaseStatus, NetworkMembership, PublishedCase
from banso.knowledge.models.cases import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_WITHDRAWAL_REASON,
    TEXT_FIELD_LABELS,
    TEXT_FIELDS,
    is_case_reviewer,
)

OUTCOME_LABELS = {
    "net_sales": ("売上高", "yen"),
    "operating_income": ("営業利益", "yen"),
    "employees": ("従業員数", "people"),
    "average_salary": ("平均給与", "yen"),
    "wage_increase_rate": ("賃上げ率", "percent"),
}
WALL_LEVELS = {0: "乗り越えた", 1: "低い", 2: "中", 3: "強い"}

NOT_WRITER_MESSAGE = "事例を作成できるのは管理者と支援者です。"
NOT_EDITABLE_MESSAGE = "承認済み・公開済み・取り下げた事例は編集できません。"
NOT_AUTHOR_MESSAGE = "レビューに出せるのは作成者だけです。"
NOT_REVIEWER_MESSAGE = "事例を承認・差し戻しできるのは管理者と、管理者が指名したレビュー担当だけです。"
OWN_CASE_MESSAGE = (
    "自分で作成した事例は承認・差し戻しできません。作成者以外のレビュー担当に依頼してください。"
)
NOT_SUBMITTED_MESSAGE = "レビュー待ちの事例だけを承認・差し戻しできます。"
NOT_APPROVED_MESSAGE = "承認されていない事例は公開できません。先にレビューで承認を受けてください。"
ALREADY_PUBLISHED_MESSAGE = "この事例はすでに公開されています。"
RETURN_COMMENT_MESSAGE = "差し戻しの理由（コメント）を入力してください。"
NETWORK_REQUIRED_MESSAGE = "公開先のネットワークを選んでください。"
NOT_WITHDRAWER_MESSAGE = "事例を取り下げられるのは、作成者と、公開した機関の管理者・レビュー担当だけです。"
WITHDRAWAL_REASON_MESSAGE = "取り下げの理由を入力してください。"
WITHDRAWAL_REASON_LENGTH_MESSAGE = f"取り下げの理由は{MAX_WITHDRAWAL_REASON}文字以内にしてください。"
NETWORK_NOT_ALLOWED_MESSAGE = (
    "このネットワークへの公開は許可されていません。"
    "管理者が「ネットワークへの公開を許可」にすると公開できます。"
)


def _clean(value: str) -> str:
    """Text as stored: no NUL characters (PostgreSQL refuses them), Windows line ends folded."""
    return (value or "").replace("\x00", "").replace("\r\n", "\n")


def _terms(draft: CaseDraft) -> list[engine.Term]:
    terms = []
    for row in [*(draft.known_terms or []), *(draft.added_terms or [])]:
        if isinstance(row, dict) and str(row.get("text", "")).strip():
            terms.append(
                engine.Term(str(row["text"]), str(row.get("label", "")), str(row.get("kind", engine.TERM)))
            )
    return terms


def _replacements(draft: CaseDraft, field: str) -> list[engine.Replacement]:
    rows = (draft.replacements or {}).get(field) or []
    found = []
    for row in rows:
        try:
            found.append(engine.Replacement.from_dict(row))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def _set_replacements(draft: CaseDraft, field: str, replacements) -> None:
    data = dict(draft.replacements or {})
    data[field] = [r.as_dict() for r in replacements]
    draft.replacements = data


def _log(draft: CaseDraft, code: str, message: str, by) -> None:
    log_activity(
        organization_id=draft.organization_id,
        code=code,
        message=message,
        by=by,
        data={"case_draft": draft.pk},
    )


def _save(draft: CaseDraft, by) -> None:
    """Save with the field history attributed to `by` (API calls and commands too)."""
    draft._history_user = by
    draft.save()


# --- drafting ---------------------------------------------------------------------------------------


def _bullets(items: list[str]) -> str:
    return "\n".join(f"・{item.strip()}" for item in items if item and item.strip())


def _figure(key: str, value) -> str:
    _label, kind = OUTCOME_LABELS[key]
    if kind == "yen":
        if value is None:
            return "—"
        amount = Decimal(value)
        return ("△" if amount < 0 else "") + engine.amount_range(abs(amount))
    if kind == "people":
        return f"{value}人"
    return f"{value}%"


def outcome_text(before: dict, after: dict) -> str:
    lines = []
    for key, (label, _kind) in OUTCOME_LABELS.items():
        if key not in before and key not in after:
            continue
        start = _figure(key, before[key]) if key in before else "—"
        end = _figure(key, after[key]) if key in after else "—"
        lines.append(f"・{label}: {start} → {end}")
    return "\n".join(lines)


def _months_between(start: dt.date | None, end: dt.date) -> int | None:
    if start is None:
        return None
    return max(1, (end.year - start.year) * 12 + (end.month - start.month) + 1)


def _title(facts: case_sources.CaseFacts, industry: str) -> str:
    topic = (facts.root_issues or facts.surface_issues or ["伴走支援"])[0]
    return f"{industry or '事業者'}：{topic}"[:200]


def draft_texts(facts: case_sources.CaseFacts, industry: str) -> dict[str, str]:
    """The case's free-text fields written from the engagement's facts (before anonymisation)."""
    insights = list(facts.insights) + [f"経営者の言葉「{words}」" for words in facts.owner_words]
    return {
        "title": _title(facts, industry),
        "surface_issues": _bullets(facts.surface_issues),
        "root_issues": _bullets(facts.root_issues),
        "insights": _bullets(insights),
        "actions_worked": _bullets(facts.actions_worked),
        "actions_not_worked": _bullets(facts.actions_not_worked),
        "outcomes": outcome_text(facts.outcomes_before, facts.outcomes_after),
        "lessons": "",
        "body": f"{facts.step_label}まで進んだ伴走支援です。",
    }


def create_draft(*, membership, engagement_id: int, by) -> CaseDraft:
    """事例として共有: an anonymised draft from the engagement's own records.

    Side effects: one CaseDraft row; activity log `knowledge.case.drafted`. 404 when the engagement is
    not visible to the membership, 403 for a read-only role."""
    from banso.companies.engines.industries import industry_label

    if membership is None or membership.role not in DEFAULT_WRITE_ROLES:
        facts = case_sources.case_facts(membership, engagement_id) if membership else None
        if facts is None:
            raise Http404(not_found_message("伴走支援案件"))
        raise PermissionDenied(NOT_WRITER_MESSAGE)
    facts = case_sources.case_facts(membership, engagement_id)
    if facts is None:
        raise Http404(not_found_message("伴走支援案件"))
    known = [*facts.known_terms, *case_sources.more_known_terms(facts.company_id)]
    terms = [engine.Term(t.text, t.label, t.kind) for t in known]
    industry = industry_label(facts.industry_code) if facts.industry_code else ""
    end = facts.ended_on or timezone.localdate()
    draft = CaseDraft(
        organization_id=membership.organization_id,
        source_engagement_id=facts.engagement_id,
        source_company_id=facts.company_id,
        source_started_on=facts.started_on,
        author=by,
        industry_code=facts.industry_code,
        size=facts.size,
        prefecture=engine.prefecture_of(facts.address),
        walls=[
            {"key": w.key, "label": w.label, "start": w.start, "now": w.now}
            for w in facts.walls
            if w.start is not None or w.now is not None
        ],
        duration_months=_months_between(facts.started_on, end),
        steps_reached=facts.step,
        known_terms=[{"text": t.text, "label": t.replacement, "kind": t.kind} for t in terms],
        tags=[industry] if industry else [],
    )
    replacements = {}
    for field, text in draft_texts(facts, industry).items():
        result = engine.anonymise(text, terms, start_date=facts.started_on)
        setattr(draft, field, result.text[:200] if field == "title" else result.text)
        replacements[field] = [
            r.as_dict() for r in result.replacements if r.end <= len(getattr(draft, field))
        ]
    draft.replacements = replacements
    with transaction.atomic():
        draft.full_clean()
        _save(draft, by)
        _log(draft, "knowledge.case.drafted", f"事例の下書きを作成しました: {draft.title}", by)
    return draft


# --- editing ----------------------------------------------------------------------------------------


def _ensure_editable(draft: CaseDraft, membership, by) -> None:
    if draft.status in (CaseStatus.APPROVED, CaseStatus.PUBLISHED, CaseStatus.WITHDRAWN):
        raise DomainError(NOT_EDITABLE_MESSAGE)
    if draft.author_id != by.pk and not is_case_reviewer(membership):
        raise PermissionDenied("この事例を編集できるのは作成者とレビュー担当です。")


def clean_tags(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace("、", ",").replace("，", ",").split(",")
    if not isinstance(value, list | tuple):
        raise ValidationError({"tags": "タグはカンマ区切りの文字か文字列の配列で指定してください。"})
    tags = []
    for tag in value:
        if not isinstance(tag, str):
            raise ValidationError({"tags": "タグは文字列で指定してください。"})
        tag = tag.strip()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError({"tags": f"タグは1つ{MAX_TAG_LENGTH}文字以内にしてください。"})
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError({"tags": f"タグは{MAX_TAGS}個までです。"})
    return tags


EDITABLE = (*(name for name, _ in TEXT_FIELDS), "tags", "duration_months")


def update_draft(*, draft_id: int, membership, by, version: int, changes: dict) -> CaseDraft:
    """Save the supporter's edits (any of the text fields, tags, duration). Replacements whose text was
    left untouched keep their (moved) highlight. Side effects: the draft row (version + 1); activity
    log `knowledge.case.edited`. 409 when stale; a returned draft stays returned until resubmitted."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: "この項目は変更できません。" for name in sorted(unknown)})
    with transaction.atomic():
        draft = locked(CaseDraft, draft_id, version)
        _ensure_editable(draft, membership, by)
        for name, value in changes.items():
            if name == "tags":
                draft.tags = clean_tags(value)
            elif name == "duration_months":
                if value in (None, ""):
                    draft.duration_months = None
                elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 600:
                    draft.duration_months = value
                else:
                    raise ValidationError({"duration_months": "支援期間は 1〜600 か月で指定してください。"})
            else:
                if not isinstance(value, str):
                    raise ValidationError({name: "文字列で指定してください。"})
                value = _clean(value)
                old = getattr(draft, name)
                if value != old:
                    _set_replacements(draft, name, engine.rebase(_replacements(draft, name), old, value))
                    setattr(draft, name, value)
        if not draft.title.strip():
            raise ValidationError({"title": "タイトルを入力してください。"})
        draft.full_clean()
        draft.version += 1
        _save(draft, by)
        _log(draft, "knowledge.case.edited", f"事例の下書きを編集しました: {draft.title}", by)
    return draft


def add_term(*, draft_id: int, membership, by, version: int, text: str, label: str) -> CaseDraft:
    """The supporter adds a name the engine missed: it is replaced in every field and remembered (so
    approval is refused while it appears). Side effects: the draft row; log `knowledge.case.term_added`."""
    text = _clean(text).strip()
    label = _clean(label).strip()
    if not text:
        raise ValidationError({"text": "除く語を入力してください。"})
    if len(text) > 100 or len(label) > 30:
        raise ValidationError({"text": "除く語は100文字、置き換える語は30文字以内にしてください。"})
    if not label:
        label = "（非公開）"
    if text in label:
        raise ValidationError({"label": "置き換える語に、除く語そのものを含めないでください。"})
    # A short name without digits is treated as a person's: 田村 also removes 田村さん, 田村部長.
    person = len(text.replace(" ", "").replace("\u3000", "")) <= 8 and not any(c.isdigit() for c in text)
    term = engine.Term(text, label, engine.PERSON if person else engine.TERM)
    with transaction.atomic():
        draft = locked(CaseDraft, draft_id, version)
        _ensure_editable(draft, membership, by)
        for name, _label in TEXT_FIELDS:
            result = engine.add_terms(getattr(draft, name), _replacements(draft, name), [term])
            value = result.text[:200] if name == "title" else result.text
            setattr(draft, name, value)
            _set_replacements(draft, name, [r for r in result.replacements if r.end <= len(value)])
        draft.tags = [label if t == text else t for t in draft.tags]
        draft.added_terms = [*(draft.added_terms or []), {"text": text, "label": label, "kind": term.kind}]
        draft.full_clean()
        draft.version += 1
        _save(draft, by)
        _log(draft, "knowledge.case.term_added", f"事例から語を除きました: {draft.title}", by)
    return draft


def undo_replacement(*, draft_id: int, membership, by, version: int, field: str, index: int) -> CaseDraft:
    """Put one replacement's original back (a false positive: an amount that is public, a word that is
    not a name). Side effects: the draft row; log `knowledge.case.replacement_undone`."""
    if field not in TEXT_FIELD_LABELS:
        raise ValidationError({"field": "項目の指定が正しくありません。"})
    with transaction.atomic():
        draft = locked(CaseDraft, draft_id, version)
        _ensure_editable(draft, membership, by)
        replacements = _replacements(draft, field)
        try:
            result = engine.undo(getattr(draft, field), replacements, index)
        except (IndexError, ValueError):
            raise ValidationError(
                {"index": "元に戻す置き換えが見つかりません。画面を更新してください。"}
            ) from None
        setattr(draft, field, result.text)
        _set_replacements(draft, field, result.replacements)
        draft.full_clean()
        draft.version += 1
        _save(draft, by)
        _log(draft, "knowledge.case.replacement_undone", f"事例の置き換えを元に戻しました: {draft.title}", by)
    return draft


# --- review -----------------------------------------------------------------------------------------


def remaining_terms(draft: CaseDraft) -> dict[str, list[str]]:
    """{field label: [known terms still in it]} over every text field and the tags."""
    terms = _terms(draft)
    found: dict[str, list[str]] = {}
    for name, label in TEXT_FIELDS:
        hits = engine.terms_found(getattr(draft, name) or "", terms)
        if hits:
            found[label] = sorted({t.text for t in hits})
    tag_hits = engine.terms_found(" ".join(draft.tags or []), terms)
    if tag_hits:
        found["タグ"] = sorted({t.text for t in tag_hits})
    return found


def remaining_terms_message(found: dict[str, list[str]]) -> str:
    parts = [f"「{label}」に {'、'.join(terms)}" for label, terms in found.items()]
    return (
        "案件の記録にある名前などが、まだ本文に残っています: "
        + "／".join(parts)
        + "。置き換えるか削除してから、もう一度承認してください。"
    )


def submit(*, draft_id: int, membership, by, version: int) -> CaseDraft:
    """The author asks for review. Side effects: status → submitted; log `knowledge.case.submitted`."""
    with transaction.atomic():
        draft = locked(CaseDraft, draft_id, version)
        if draft.author_id != by.pk:
            raise PermissionDenied(NOT_AUTHOR_MESSAGE)
        if draft.status not in (CaseStatus.DRAFT, CaseStatus.RETURNED):
            raise DomainError("下書きか差し戻しの事例だけをレビューに出せます。")
        draft.status = CaseStatus.SUBMITTED
        draft.version += 1
        _save(draft, by)
        _log(draft, "knowledge.case.submitted", f"事例をレビューに出しました: {draft.title}", by)
    return draft


def _ensure_reviewer(draft: CaseDraft, membership, by) -> None:
    if not is_case_reviewer(membership):
        raise PermissionDenied(NOT_REVIEWER_MESSAGE)
    if draft.author_id == by.pk:
        raise PermissionDenied(OWN_CASE_MESSAGE)


def approve(*, draft_id: int, membership, by, version: int, comment: str = "") -> CaseDraft:
    """A reviewer (not the author) approves. Refused while any known term of the engagement (or one
    the supporter added) still appears in any field. Side effects: status → approved; log
    `knowledge.case.approved`."""
    with transaction.atomic():
        draft = locked(CaseDraft, draft_id, version)
        _ensure_reviewer(draft, membership, by)
        if draft.status != CaseStatus.SUBMITTED:
            raise DomainError(NOT_SUBMITTED_MESSAGE)
        found = remaining_terms(draft)
        if found:
            raise DomainError(remaining_terms_message(found))
        draft.status = CaseStatus.APPROVED
        draft.review_comment = _clean(comment)[:2000]
        draft.reviewed_by = by
        draft.reviewed_at = timezone.now()
        draft.version += 1
        _save(draft, by)
        _log(draft, "knowledge.case.approved", f"事例を承認しました: {draft.title}", by)
    return draft


def send_back(*, draft_id: int, membership, by, version: int, comment: str) -> CaseDraft:
    """A reviewer (not the author) returns the draft with a comment. Side effects: status → returned;
    log `knowledge.case.returned`."""
    comment = _clean(comment).strip()
    if not comment:
        raise ValidationError({"comment": RETURN_COMMENT_MESSAGE})
    with transaction.atomic():
        draft = locked(CaseDraft, draft_id, version)
        _ensure_reviewer(draft, membership, by)
        if draft.status != CaseStatus.SUBMITTED:
            raise DomainError(NOT_SUBMITTED_MESSAGE)
        draft.status = CaseStatus.RETURNED
        draft.review_comment = comment[:2000]
        draft.reviewed_by = by
        draft.reviewed_at = timezone.now()
        draft.version += 1
        _save(draft, by)
        _log(draft, "knowledge.case.returned", f"事例を差し戻しました: {draft.title}", by)
    return draft


# --- publishing -------------------------------------------------------------------------------------


def publishable_networks(organization_id: int):
    """The networks the organization may publish to (its 管理者 allowed it)."""
    return NetworkMembership.objects.filter(
        organization_id=organization_id, members_may_publish=True
    ).select_related("network")


def publish(
    *, draft_id: int, membership, by, version: int, scope: str, network_id: int | None = None
) -> PublishedCase:
    """Publish an approved draft as a copy to the organization or to a network the organization allows.
    The copy has no link to the engagement or company. Side effects: one PublishedCase row; the draft's
    status → published; log `knowledge.case.published`."""
    if scope not in CaseScope.values:
        raise ValidationError(
            {"scope": "公開範囲は organization（自機関内）か network（ネットワーク）です。"}
        )
    with transaction.atomic():
        draft = locked(CaseDraft, draft_id, version)
        if draft.author_id != by.pk and not is_case_reviewer(membership):
            raise PermissionDenied("事例を公開できるのは作成者とレビュー担当です。")
        if draft.status == CaseStatus.PUBLISHED:
            raise DomainError(ALREADY_PUBLISHED_MESSAGE)
        if draft.status != CaseStatus.APPROVED:
            raise DomainError(NOT_APPROVED_MESSAGE)
        found = remaining_terms(draft)
        if found:
            raise DomainError(remaining_terms_message(found))
        network = None
        if scope == CaseScope.NETWORK:
            if network_id is None:
                raise ValidationError({"network": NETWORK_REQUIRED_MESSAGE})
            allowed = publishable_networks(draft.organization_id).filter(network_id=network_id).first()
            if allowed is None:
                raise DomainError(NETWORK_NOT_ALLOWED_MESSAGE)
            network = allowed.network
        case = PublishedCase(
            organization_id=draft.organization_id,
            scope=scope,
            network=network,
            published_at=timezone.now(),
            **draft.content(),
        )
        case.full_clean()
        case.save()
        draft.status = CaseStatus.PUBLISHED
        draft.published_case = case
        draft.version += 1
        _save(draft, by)
        where = network.name if network else "自機関内"
        _log(draft, "knowledge.case.published", f"事例を公開しました（{where}）: {draft.title}", by)
    return case


# --- withdrawal (取り下げ) ------------------------------------------------------------------------------


def draft_of_case(case: PublishedCase) -> CaseDraft | None:
    """The draft the case was published from (None for a case imported without one)."""
    return CaseDraft.objects.filter(published_case=case).first()


def may_withdraw(membership, case: PublishedCase, draft: CaseDraft | None = None) -> bool:
    """The 管理者 or a reviewer of the publishing organization, or the case's author (a member of it)."""
    if membership is None or not membership.is_active:
        return False
    if case.withdrawn_at is not None or membership.organization_id != case.organization_id:
        return False
    if is_case_reviewer(membership):
        return True
    if membership.role not in DEFAULT_WRITE_ROLES:
        return False
    draft = draft if draft is not None else draft_of_case(case)
    return draft is not None and draft.author_id == membership.user_id


def withdraw(*, case_id: int, membership, by, version: int, reason: str) -> PublishedCase:
    """取り下げ: the published case disappears from the organization and network lists, the search
    (its SearchDocument is removed by the index writer in this transaction) and the similar cases;
    readers of another organization get 404. The row stays with who, when and why; the draft (if
    any) becomes 取り下げ. Names the case's version (409 on stale). Notifies no one: the activity
    log `knowledge.case.withdrawn` is the organization's own.
    Side effects: the case row (version + 1), the draft row and its history, one activity log entry."""
    reason = _clean(reason).strip()
    if not reason:
        raise ValidationError({"reason": WITHDRAWAL_REASON_MESSAGE})
    if len(reason) > MAX_WITHDRAWAL_REASON:
        raise ValidationError({"reason": WITHDRAWAL_REASON_LENGTH_MESSAGE})
    with transaction.atomic():
        case = locked(PublishedCase, case_id, version)
        draft = CaseDraft.objects.select_for_update().filter(published_case_id=case.pk).first()
        if case.withdrawn_at is not None:
            raise DomainError("この事例はすでに取り下げられています。")
        if not may_withdraw(membership, case, draft):
            raise PermissionDenied(NOT_WITHDRAWER_MESSAGE)
        case.withdrawn_at = timezone.now()
        case.withdrawn_by = by
        case.withdrawal_reason = reason
        case.version += 1
        case.save()  # post_save: the search index drops the case (search_cases.case_document → None)
        if draft is not None:
            draft.status = CaseStatus.WITHDRAWN
            draft.version += 1
            _save(draft, by)
        log_activity(
            organization_id=case.organization_id,
            code="knowledge.case.withdrawn",
            message=f"事例を取り下げました（版 {version}）: {case.title}／理由: {reason[:200]}",
            by=by,
            data={
                "published_case": case.pk,
                "case_draft": draft.pk if draft is not None else None,
                "version": version,
                "reason": reason,
            },
        )
    return case
