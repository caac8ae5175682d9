"""Pages of cases (事例): the list and a case for readers; drafts, the draft editor (highlighted
replacements, add a term, undo one, submit, review, publish) and 事例として共有 for writers. Thin:
loaders in knowledge.queries, rules in knowledge.domain.cases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.companies.engines.industries import INDUSTRY_CHOICES
from banso.companies.engines.size import SIZE_CHOICES
from banso.core import case_sources
from banso.core.errors import ConflictError, DomainError
from banso.core.forms import posted_version
from banso.core.pagination import paginate, parse_id
from banso.core.urls import org_reverse
from banso.knowledge import permissions, queries
from banso.knowledge.domain import cases as domain
from banso.knowledge.engines import anonymise as engine
from banso.knowledge.models import CaseScope, CaseStatus
from banso.knowledge.models.cases import MAX_WITHDRAWAL_REASON, TEXT_FIELDS

SCOPE_FILTERS = [("own", "自機関の事例"), ("network", "ネットワークの事例")]


def case_list(request):
    membership = request.membership
    queries.ensure_support_side(membership)
    filters = {
        "industry": request.GET.get("industry", "")[:10],
        "size": request.GET.get("size", "")[:10],
        "wall": request.GET.get("wall", "")[:30],
        "scope": request.GET.get("scope", "")[:10],
    }
    page = paginate(request, queries.cases_for(membership, **filters))
    return render(
        request,
        "knowledge/cases.html",
        {
            "page": page,
            "filters": filters,
            "industries": INDUSTRY_CHOICES,
            "sizes": SIZE_CHOICES,
            "walls": case_sources.wall_choices(),
            "scopes": SCOPE_FILTERS,
            "may_draft": permissions.may_draft(membership),
        },
    )


def case_detail(request, pk: int):
    case = queries.case_or_404(request.membership, pk)
    own = case.organization_id == request.membership.organization_id
    return render(
        request,
        "knowledge/case.html",
        {
            "case": case,
            "own": own,
            "fields": _fields(case),
            "may_withdraw": own and domain.may_withdraw(request.membership, case),
        },
    )


@require_http_methods(["GET", "POST"])
def case_withdraw(request, pk: int):
    """取り下げ: a confirmation page with the reason; the POST withdraws the case at once."""
    membership = request.membership
    case = queries.case_or_404(membership, pk)
    draft = domain.draft_of_case(case)
    if not domain.may_withdraw(membership, case, draft):
        raise PermissionDenied(domain.NOT_WITHDRAWER_MESSAGE)
    errors: list[str] = []
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")[: MAX_WITHDRAWAL_REASON + 1]
        version = posted_version(request.POST.get("version"))
        try:
            if version is None:
                raise ConflictError(
                    "どの時点の事例を取り下げるかが確認できません。画面を開き直してから、もう一度操作してください。"
                )
            domain.withdraw(
                case_id=case.pk, membership=membership, by=request.user, version=version, reason=reason
            )
        except (ValidationError, DomainError) as error:
            errors.extend(_messages(error))
        else:
            messages.success(
                request, f"事例「{case.title}」を取り下げました。一覧・検索・似ている事例には表示されません。"
            )
            if draft is not None and queries.drafts_for(membership).filter(pk=draft.pk).exists():
                return redirect(org_reverse(request, "knowledge:draft", pk=draft.pk))
            return redirect(org_reverse(request, "knowledge:cases"))
    return render(
        request,
        "knowledge/case_withdraw.html",
        {"case": case, "errors": errors, "reason": reason},
        status=400 if errors else 200,
    )


def _fields(record, replacements: dict | None = None) -> list[dict]:
    rows = []
    for name, label in TEXT_FIELDS:
        if name == "title":
            continue
        text = getattr(record, name) or ""
        row = {"name": name, "label": label, "text": text}
        if replacements is not None:
            found = [engine.Replacement.from_dict(r) for r in replacements.get(name) or []]
            row["replacements"] = found
            row["segments"] = [
                {"text": piece, "index": index, "replacement": found[index] if index is not None else None}
                for piece, index in engine.segments(text, found)
            ]
        rows.append(row)
    return rows


def draft_list(request):
    membership = request.membership
    queries.ensure_support_side(membership)
    if not permissions.may_draft(membership):
        raise PermissionDenied(permissions.DRAFTS_ONLY)
    status = request.GET.get("status", "")[:20]
    page = paginate(request, queries.drafts_for(membership, status=status))
    return render(
        request,
        "knowledge/drafts.html",
        {"page": page, "status": status, "statuses": CaseStatus.choices},
    )


@require_http_methods(["GET", "POST"])
def draft_create(request, engagement_pk: int):
    """事例として共有: a confirmation page, then the anonymised draft."""
    membership = request.membership
    queries.ensure_support_side(membership)
    facts = case_sources.case_facts(membership, engagement_pk)
    if facts is None:
        raise Http404(domain.not_found_message("伴走支援案件"))
    if not permissions.may_draft(membership):
        raise PermissionDenied(domain.NOT_WRITER_MESSAGE)
    if request.method == "POST":
        draft = domain.create_draft(membership=membership, engagement_id=engagement_pk, by=request.user)
        messages.success(
            request,
            "事例の下書きを作りました。置き換えた箇所（色付き）を確認し、必要なら語を追加してください。",
        )
        return redirect(org_reverse(request, "knowledge:draft", pk=draft.pk))
    existing = list(queries.drafts_of_engagement(membership, engagement_pk)[:10])
    return render(
        request,
        "knowledge/draft_create.html",
        {"facts": facts, "existing": existing, "term_count": len(facts.known_terms)},
    )


ACTIONS = ("save", "add_term", "undo", "submit", "approve", "return", "publish")


@require_http_methods(["GET", "POST"])
def draft_detail(request, pk: int):
    membership = request.membership
    queries.ensure_support_side(membership)
    draft = queries.draft_or_404(membership, pk)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            errors.append("操作の指定が正しくありません。画面を開き直してください。")
        else:
            try:
                message = _act(request, draft, action)
            except PermissionDenied:
                raise
            except (ValidationError, DomainError) as error:
                errors.extend(_messages(error))
            else:
                messages.success(request, message)
                if action == "publish":
                    draft.refresh_from_db()
                    return redirect(org_reverse(request, "knowledge:case", pk=draft.published_case_id))
                return redirect(org_reverse(request, "knowledge:draft", pk=draft.pk))
        draft = queries.draft_or_404(membership, pk)
    remaining = domain.remaining_terms(draft)
    return render(
        request,
        "knowledge/draft.html",
        {
            "draft": draft,
            "errors": errors,
            "fields": _fields(draft, draft.replacements or {}),
            "remaining": remaining,
            "may_edit": permissions.may_edit(membership, draft),
            "may_submit": permissions.may_submit(membership, draft),
            "may_review": permissions.may_review(membership, draft),
            "may_publish": permissions.may_publish(membership, draft),
            "is_author": draft.author_id == membership.user_id,
            "networks": list(domain.publishable_networks(membership.organization_id)),
            "kind_labels": engine.KIND_LABELS,
            "posted": request.POST if request.method == "POST" else {},
            "history": queries.draft_history(draft),
            "withdrawal": draft.published_case if draft.status == CaseStatus.WITHDRAWN else None,
        },
        status=400 if errors else 200,
    )


def _messages(error) -> list[str]:
    if isinstance(error, DomainError):
        return [error.message]
    if hasattr(error, "error_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


def _act(request, draft, action: str) -> str:
    membership, user, post = request.membership, request.user, request.POST
    version = posted_version(post.get("version"))
    if version is None:
        raise ConflictError(
            "どの時点の内容を編集したかが確認できません。画面を開き直してから、もう一度操作してください。"
        )
    common = {"draft_id": draft.pk, "membership": membership, "by": user, "version": version}
    if action == "save":
        changes = {name: post.get(name, "")[:20_000] for name, _label in TEXT_FIELDS if name in post}
        if "tags" in post:
            changes["tags"] = post.get("tags", "")[:1000]
        domain.update_draft(changes=changes, **common)
        return "下書きを保存しました。"
    if action == "add_term":
        domain.add_term(text=post.get("term", "")[:200], label=post.get("label", "")[:60], **common)
        return "語を追加し、本文から置き換えました。"
    if action == "undo":
        index = parse_id(post.get("index"))
        domain.undo_replacement(field=post.get("field", "")[:40], index=(index or 0) - 1, **common)
        return "置き換えを元に戻しました。"
    if action == "submit":
        domain.submit(**common)
        return "レビューに出しました。レビュー担当が承認すると公開できます。"
    if action == "approve":
        domain.approve(comment=post.get("comment", "")[:2000], **common)
        return "事例を承認しました。"
    if action == "return":
        domain.send_back(comment=post.get("comment", "")[:2000], **common)
        return "事例を差し戻しました。"
    target = post.get("target", "")[:40]
    scope, network_id = CaseScope.ORGANIZATION, None
    if target.startswith("network-"):
        scope, network_id = CaseScope.NETWORK, parse_id(target.removeprefix("network-"))
        if network_id is None:
            raise ValidationError({"network": domain.NETWORK_REQUIRED_MESSAGE})
    elif target != CaseScope.ORGANIZATION:
        raise ValidationError({"scope": "公開範囲を選んでください。"})
    domain.publish(scope=scope, network_id=network_id, **common)
    return "事例を公開しました。"
