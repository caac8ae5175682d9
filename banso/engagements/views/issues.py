"""The issue tree (課題ツリー), read as a tree and edited in place with htmx: add a 表課題 or a なぜ,
edit, mark / unmark a 裏課題 with the day the owner agreed, move, delete; and a print view.

Every form works without JavaScript too: a plain POST redirects back to the tree, a plain GET of a
form URL shows the form on its own page. With htmx, a successful change answers with the whole
tree (so connectors and numbering stay right) and a refused one answers with the form and its
Japanese message, swapped back into the node it belongs to (HX-Retarget).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.errors import DomainError
from banso.core.urls import org_reverse
from banso.engagements import domain, queries
from banso.engagements.domain.issues import KIND_LABELS, descendant_ids
from banso.engagements.forms.issues import IssueAddForm, IssueEditForm, IssueMoveForm, IssueRootForm
from banso.engagements.models import IssueNode
from banso.engagements.views._common import (
    engagement_context,
    htmx_partial,
    load_child,
    load_engagement,
    picked,
    refuse_unless_post,
    submit,
)


def _tree_url(request, engagement) -> str:
    return org_reverse(
        request, "engagements:issues", company_pk=engagement.company_id, engagement_pk=engagement.pk
    )


def _tree_context(request, company, engagement, **extra) -> dict:
    return engagement_context(
        request,
        company,
        engagement,
        "issues",
        tree=queries.issue_tree(engagement),
        kind_labels=KIND_LABELS,
        **extra,
    )


def issue_tree(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    return render(request, "engagements/issues/tree.html", _tree_context(request, company, engagement))


def issue_tree_print(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    return render(request, "engagements/issues/print.html", _tree_context(request, company, engagement))


def _changed(request, company, engagement, notice: str):
    """After a successful change: the tree fragment for htmx, else back to the tree page."""
    if request.htmx:
        context = _tree_context(request, company, engagement, notice=notice)
        return htmx_partial(render(request, "engagements/issues/_tree.html", context))
    messages.success(request, notice)
    return redirect(_tree_url(request, engagement))


def _form_response(request, company, engagement, *, template, form, node=None, slot: str, title: str):
    """The form (first view, or refused with its messages): in place for htmx, else its own page."""
    context = engagement_context(request, company, engagement, "issues", form=form, node=node, slot=slot)
    if request.htmx:
        response = render(request, template, context)
        if request.method == "POST":
            response["HX-Retarget"] = f"#{slot}"
            response["HX-Reswap"] = "innerHTML"
        return htmx_partial(response)
    context.update(form_template=template, title=title)
    return htmx_partial(render(request, "engagements/issues/form_page.html", context))


@require_http_methods(["GET", "POST"])
def issue_add(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    initial = {}
    if request.method == "GET" and request.GET.get("parent", "").isdigit():
        parent = load_child(IssueNode.objects.all(), request, engagement, pk=int(request.GET["parent"]))
        initial["parent"] = parent.pk
    form = IssueAddForm(request.POST or None, initial=initial, engagement=engagement)
    parent_id = form.data.get("parent") if form.is_bound else initial.get("parent")
    slot = f"node-{parent_id}-form" if parent_id else "new-surface-form"
    return submit(
        form,
        lambda data: domain.add_issue_node(
            engagement, by=request.user, text=data["text"], parent=data["parent"]
        ),
        done=lambda node: _changed(
            request, company, engagement, f"{KIND_LABELS[node.kind]}「{node.text}」を追加しました。"
        ),
        page=lambda: _form_response(
            request,
            company,
            engagement,
            template="engagements/issues/_add_form.html",
            form=form,
            slot=slot,
            title="なぜ？を加える" if parent_id else "表課題を加える",
        ),
    )


def _node(request, engagement, node_pk):
    return load_child(IssueNode.objects.all(), request, engagement, change=True, pk=node_pk)


@require_http_methods(["GET", "POST"])
def issue_edit(request, company_pk, engagement_pk, node_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    node = _node(request, engagement, node_pk)
    form = IssueEditForm(request.POST or None, node=node)

    def change(data):
        fields = {**picked(data, "text", "note"), "dialogues": list(data["dialogues"])}
        domain.update_issue_node(node, by=request.user, expected_version=data["version"], **fields)
        return f"課題「{data['text'].strip()}」を保存しました。"

    return _node_form(request, company, engagement, node, form, change, "_edit_form.html", "課題を編集")


def _node_form(request, company, engagement, node, form, change, template: str, title: str):
    """A form on one node (edit, 裏課題, move): `change(cleaned_data)` calls the domain and returns
    the notice; refused, the form comes back in the node's slot."""
    return submit(
        form,
        change,
        done=lambda notice: _changed(request, company, engagement, notice),
        page=lambda: _form_response(
            request,
            company,
            engagement,
            template=f"engagements/issues/{template}",
            form=form,
            node=node,
            slot=f"node-{node.pk}-form",
            title=title,
        ),
    )


@require_http_methods(["GET", "POST"])
def issue_root(request, company_pk, engagement_pk, node_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    node = _node(request, engagement, node_pk)
    form = IssueRootForm(request.POST or None, node=node)

    def change(data):
        if data["action"] == "unmark":
            domain.unmark_root_issue(node, by=request.user, expected_version=data["version"])
            return f"「{node.text}」を裏課題から外しました。"
        domain.update_issue_node(
            node,
            by=request.user,
            expected_version=data["version"],
            kind="root",
            agreed_on=data["agreed_on"],
            visibility=data["visibility"],
        )
        notice = f"「{node.text}」を裏課題にしました。"
        if data["agreed_on"]:
            notice += f"（経営者が腹落ちした日: {data['agreed_on']:%Y/%m/%d}）"
        return notice

    return _node_form(request, company, engagement, node, form, change, "_root_form.html", "裏課題の指定")


@require_http_methods(["GET", "POST"])
def issue_move(request, company_pk, engagement_pk, node_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    node = _node(request, engagement, node_pk)
    below = descendant_ids(node) | {node.pk}
    targets = [t for t in queries.flatten(queries.issue_tree(engagement)) if t.node.pk not in below]
    form = IssueMoveForm(request.POST or None, node=node, targets=targets)
    if request.method == "POST":
        # A target below the node itself is not offered; a request naming one still gets the rule's message.
        raw = request.POST.get("parent", "")
        if raw.isdigit() and int(raw) in below:
            form.fields["parent"].choices = [*form.fields["parent"].choices, (int(raw), "")]

    def change(data):
        parent = None
        if data["parent"]:
            parent = load_child(IssueNode.objects.all(), request, engagement, pk=data["parent"])
        moved = domain.move_issue_node(node, by=request.user, parent=parent, expected_version=data["version"])
        where = f"「{parent.text}」の下" if parent else "最上位"
        return f"「{moved.text}」を{where}に移動しました。"

    return _node_form(request, company, engagement, node, form, change, "_move_form.html", "課題を移動")


def issue_delete(request, company_pk, engagement_pk, node_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    node = _node(request, engagement, node_pk)
    if refusal := refuse_unless_post(request):
        return refusal
    try:
        domain.delete_issue_node(node, by=request.user)
    except DomainError as exc:
        if request.htmx:
            context = _tree_context(request, company, engagement, error=exc.message)
            return htmx_partial(render(request, "engagements/issues/_tree.html", context))
        messages.error(request, exc.message)
        return redirect(_tree_url(request, engagement))
    return _changed(request, company, engagement, f"「{node.text}」を削除しました。")
