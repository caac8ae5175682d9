"""ナレッジ検索 (search page) and the organization's 表記ゆれ (synonym groups). Thin: the index,
the access rule and the query rules are in banso/knowledge/search_index.py and its engine."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from banso.core import search_sources
from banso.core.access import NOT_FOUND_MESSAGE
from banso.core.pagination import parse_id
from banso.core.roles import is_org_admin
from banso.core.urls import org_reverse
from banso.knowledge import search_index
from banso.knowledge.domain import search as domain
from banso.knowledge.engines import textsearch
from banso.knowledge.forms.search import SearchForm, SynonymForm
from banso.knowledge.models.search import SearchSynonym

SYNONYMS_ADMIN_ONLY = "表記ゆれを登録・削除できるのは管理者だけです。"


def _support_side(request):
    if not search_index.may_search(request.membership):
        raise Http404(NOT_FOUND_MESSAGE)
    return request.membership


def wall_choices() -> list[tuple[str, str]]:
    try:
        from banso.core.case_sources import wall_choices as registered
    except ImportError:  # pragma: no cover - before the case sources exist
        return []
    return [(w.key, w.label) for w in registered()]


def search(request):
    membership = _support_side(request)
    kinds = [(kind, source.label) for kind, source in search_sources.sources().items()]
    form = SearchForm(request.GET or None, kinds=kinds, walls=wall_choices())
    page = None
    error = ""
    text = request.GET.get("q", "")
    if request.GET and "q" in request.GET:
        if form.is_valid():
            try:
                page = search_index.search(
                    membership, form.cleaned_data["q"], filters=form.filters(), page=request.GET.get("page")
                )
            except textsearch.QueryError as problem:
                error = problem.message
        else:
            error = "検索条件を選び直してください。"
        if page is not None:
            page.hits = [
                {"hit": hit, "title": hit.title_html, "snippet": hit.snippet_html} for hit in page.object_list
            ]
    return render(
        request,
        "knowledge/search.html",
        {
            "form": form,
            "page": page,
            "error": error,
            "text": text,
            "may_edit_synonyms": is_org_admin(membership),
        },
    )


def synonyms(request):
    membership = _support_side(request)
    form = SynonymForm(request.POST or None)
    if request.method == "POST":
        if not is_org_admin(membership):
            raise PermissionDenied(SYNONYMS_ADMIN_ONLY)
        if form.is_valid():
            try:
                domain.add_synonym_group(
                    organization=request.organization, words=form.cleaned_data["words"], by=request.user
                )
            except ValidationError as problem:
                form.add_error("words", problem)
            else:
                messages.success(request, "表記ゆれを登録しました。次の検索から使われます。")
                return redirect(org_reverse(request, "knowledge:synonyms"))
    return render(
        request,
        "knowledge/synonyms.html",
        {
            "form": form,
            "own": SearchSynonym.objects.filter(organization=request.organization),
            "seed": textsearch.SEED_SYNONYMS,
            "may_edit": is_org_admin(membership),
        },
    )


def synonym_delete(request, pk: int):
    """POST deletes; a GET (a link followed by hand) goes back to the list."""
    membership = _support_side(request)
    synonym = SearchSynonym.objects.filter(organization=request.organization, pk=parse_id(pk) or 0).first()
    if synonym is None:
        raise Http404(NOT_FOUND_MESSAGE)
    if not is_org_admin(membership):
        raise PermissionDenied(SYNONYMS_ADMIN_ONLY)
    if request.method != "POST":
        return redirect(org_reverse(request, "knowledge:synonyms"))
    domain.delete_synonym_group(synonym=synonym, by=request.user)
    messages.success(request, "表記ゆれを削除しました。")
    return redirect(org_reverse(request, "knowledge:synonyms"))
