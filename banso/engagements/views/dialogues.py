"""Dialogue records: list, the quick tablet form (new and edit) with autosaved drafts, the record
itself with its attachments (served only through the access check) and the advisor's reflection."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.access import NOT_FOUND_MESSAGE, get_visible_or_404
from banso.core.downloads import serve_export, serve_file
from banso.core.errors import ConflictError, DomainError
from banso.core.forms import add_domain_errors
from banso.core.pagination import paginate
from banso.core.urls import org_reverse
from banso.engagements import domain, permissions, queries
from banso.engagements.domain.dialogues import DRAFT_LIST_FIELDS, DRAFT_TEXT_FIELDS
from banso.engagements.engines.filetypes import INLINE_TYPES
from banso.engagements.exports import DialogueRecordPdf
from banso.engagements.form_aids import dialogue_aids
from banso.engagements.forms.dialogues import QUICK_DURATIONS, AttachmentForm, DialogueForm, ReflectionForm
from banso.engagements.models import Dialogue, DialogueAttachment, Reflection
from banso.engagements.views._common import (
    engagement_context,
    load_child,
    load_engagement,
    refuse_unless_post,
)


def _url(request, name, engagement, **kwargs):
    return org_reverse(
        request,
        f"engagements:{name}",
        company_pk=engagement.company_id,
        engagement_pk=engagement.pk,
        **kwargs,
    )


def _advisor_choices(engagement, user):
    """The engagement's team, plus whoever is recording (an org admin who joined the meeting)."""
    team_ids = {
        engagement.lead_supporter_id,
        *engagement.memberships.values_list("user_id", flat=True),
        user.pk,
    }
    return get_user_model().objects.filter(pk__in=team_ids).order_by("full_name", "username")


def dialogue_list(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    page = paginate(request, queries.dialogues_of(engagement))
    draft = domain.draft_for(engagement, author=request.user)
    return render(
        request,
        "engagements/dialogues/list.html",
        engagement_context(request, company, engagement, "dialogues", page=page, draft=draft),
    )


def _form_context(request, company, engagement, form, *, dialogue=None, draft=None, latest=None):
    return engagement_context(
        request,
        company,
        engagement,
        "dialogues",
        form=form,
        dialogue=dialogue,
        draft=draft,
        latest=latest,
        quick_durations=QUICK_DURATIONS,
        max_upload_bytes=settings.BANSO_MAX_UPLOAD_BYTES,
        max_upload_label=f"{settings.BANSO_MAX_UPLOAD_BYTES / 1024 / 1024:.0f}MB",
        draft_is_stale=bool(draft and dialogue and draft.base_version != dialogue.version),
        aid_context=dialogue_aids(engagement),
    )


@require_http_methods(["GET", "POST"])
def dialogue_create(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    team = _advisor_choices(engagement, request.user)
    draft = domain.draft_for(engagement, author=request.user)
    if request.method == "POST":
        form = DialogueForm(request.POST, request.FILES, engagement=engagement, team=team, user=request.user)
        if form.is_valid():
            try:
                dialogue = domain.record_dialogue(
                    engagement,
                    by=request.user,
                    attachments=form.cleaned_data["attachments"],
                    **form.domain_fields(),
                )
            except (ValidationError, DomainError) as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(
                    request, "対話記録を保存しました。よろしければ、この対話の振り返りを記録してください。"
                )
                return redirect(_url(request, "dialogue_detail", engagement, dialogue_pk=dialogue.pk))
    else:
        form = DialogueForm(
            initial=dict(draft.payload) if draft else None,
            engagement=engagement,
            team=team,
            user=request.user,
        )
    return render(
        request,
        "engagements/dialogues/form.html",
        _form_context(request, company, engagement, form, draft=draft),
    )


@require_http_methods(["GET", "POST"])
def dialogue_edit(request, company_pk, engagement_pk, dialogue_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    dialogue = load_child(Dialogue.objects.all(), request, engagement, change=True, pk=dialogue_pk)
    team = _advisor_choices(engagement, request.user)
    draft = domain.draft_for(engagement, author=request.user, dialogue=dialogue)
    latest = None
    if request.method == "POST":
        form = DialogueForm(request.POST, request.FILES, engagement=engagement, team=team, dialogue=dialogue)
        if form.is_valid():
            fields = form.domain_fields()
            try:
                # One call: the fields, the issue-tree links and new nodes, the files — all or nothing.
                domain.update_dialogue(
                    dialogue,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    attachments=form.cleaned_data["attachments"],
                    **fields,
                )
            except ConflictError as exc:
                # Keep what they typed; show what the other person saved; the next save is deliberate.
                latest = Dialogue.objects.get(pk=dialogue.pk)
                data = request.POST.copy()
                data["version"] = str(latest.version)
                form = DialogueForm(data, engagement=engagement, team=team, dialogue=latest)
                form.is_valid()
                form.add_error(None, exc.message)
            except (ValidationError, DomainError) as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, "対話記録を保存しました。")
                return redirect(_url(request, "dialogue_detail", engagement, dialogue_pk=dialogue.pk))
    else:
        initial = None
        if draft:
            initial = {**draft.payload, "version": draft.base_version}
        form = DialogueForm(initial=initial, engagement=engagement, team=team, dialogue=dialogue)
    return render(
        request,
        "engagements/dialogues/form.html",
        _form_context(request, company, engagement, form, dialogue=dialogue, draft=draft, latest=latest),
    )


def dialogue_detail(request, company_pk, engagement_pk, dialogue_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    dialogue = load_child(
        Dialogue.objects.select_related("recorded_by").prefetch_related(
            "participants", "advisors", "attachments", "issue_nodes"
        ),
        request,
        engagement,
        pk=dialogue_pk,
    )
    context = engagement_context(
        request,
        company,
        engagement,
        "dialogues",
        dialogue=dialogue,
        attachment_form=AttachmentForm(),
    )
    if context["can_change"] and permissions.may_reflect(dialogue, request.user):
        reflection = Reflection.objects.filter(dialogue=dialogue, advisor=request.user).first()
        context["reflection"] = reflection
        context["reflection_form"] = ReflectionForm(reflection=reflection)
    return render(request, "engagements/dialogues/detail.html", context)


def dialogue_pdf(request, company_pk, engagement_pk, dialogue_pk):
    """The 面談記録 of one dialogue on A4 (support side only, like every engagement record)."""
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    dialogue = load_child(
        Dialogue.objects.select_related("recorded_by").prefetch_related("participants", "advisors"),
        request,
        engagement,
        pk=dialogue_pk,
    )
    return serve_export(
        request,
        DialogueRecordPdf().render(dialogue=dialogue, organization=request.organization),
        kind="engagements.dialogue_record.pdf",
        company=company,
        obj=dialogue,
    )


# --- Autosave ------------------------------------------------------------------------------------


def _draft_target(request, engagement):
    """The dialogue being edited (from the `dialogue` field), or None for a new one."""
    raw = request.POST.get("dialogue") or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404(NOT_FOUND_MESSAGE)
    return load_child(Dialogue.objects.all(), request, engagement, change=True, pk=int(raw))


def dialogue_draft(request, company_pk, engagement_pk):
    """Autosave (fetch / sendBeacon from static/js/engagements.js): what is typed so far, as a draft."""
    _, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    if refusal := refuse_unless_post(request):
        return refusal
    dialogue = _draft_target(request, engagement)
    payload = {key: request.POST.get(key) for key in DRAFT_TEXT_FIELDS if key in request.POST}
    for key in DRAFT_LIST_FIELDS:
        payload[key] = request.POST.getlist(key)
    version = request.POST.get("version") or ""
    draft = domain.save_draft(
        engagement,
        by=request.user,
        payload=payload,
        dialogue=dialogue,
        base_version=int(version) if version.isdigit() else None,
    )
    saved = timezone.localtime(draft.saved_at)
    return JsonResponse(
        {"saved_at": saved.isoformat(), "message": f"下書きを自動保存しました（{saved:%H:%M:%S}）"},
        json_dumps_params={"ensure_ascii": False},
    )


def dialogue_draft_discard(request, company_pk, engagement_pk):
    _, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    if refusal := refuse_unless_post(request):
        return refusal
    dialogue = _draft_target(request, engagement)
    if domain.discard_draft(engagement, by=request.user, dialogue=dialogue):
        messages.success(request, "下書きを破棄しました。")
    if dialogue is not None:
        return redirect(_url(request, "dialogue_edit", engagement, dialogue_pk=dialogue.pk))
    return redirect(_url(request, "dialogue_create", engagement))


# --- Attachments ---------------------------------------------------------------------------------


def attachment_upload(request, company_pk, engagement_pk, dialogue_pk):
    _, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    dialogue = load_child(Dialogue.objects.all(), request, engagement, change=True, pk=dialogue_pk)
    if refusal := refuse_unless_post(request):
        return refusal
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = domain.add_attachments(
                dialogue, by=request.user, uploads=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"ファイルを添付しました（{len(stored)}件）。")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_url(request, "dialogue_detail", engagement, dialogue_pk=dialogue.pk) + "#attachments")


def _attachment(request, engagement, dialogue_pk, attachment_pk, *, change=False):
    dialogue = load_child(Dialogue.objects.all(), request, engagement, change=change, pk=dialogue_pk)
    attachment = get_visible_or_404(
        DialogueAttachment.objects.filter(dialogue=dialogue), request.membership, pk=attachment_pk
    )
    attachment.dialogue = dialogue
    return attachment


def attachment_download(request, company_pk, engagement_pk, dialogue_pk, attachment_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    attachment = _attachment(request, engagement, dialogue_pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("添付ファイルが見つかりません。管理者にお問い合わせください。") from exc
    return serve_file(
        request,
        handle,
        kind="engagements.dialogue_attachment",
        filename=attachment.original_name,
        content_type=attachment.content_type,
        company=company,
        obj=attachment,
        inline=attachment.content_type in INLINE_TYPES,
        size=attachment.size,
    )


def attachment_delete(request, company_pk, engagement_pk, dialogue_pk, attachment_pk):
    _, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    attachment = _attachment(request, engagement, dialogue_pk, attachment_pk, change=True)
    if refusal := refuse_unless_post(request):
        return refusal
    name = attachment.original_name
    domain.delete_attachment(attachment, by=request.user)
    messages.success(request, f"添付ファイル「{name}」を削除しました。")
    return redirect(_url(request, "dialogue_detail", engagement, dialogue_pk=dialogue_pk) + "#attachments")


# --- Reflection ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reflection(request, company_pk, engagement_pk, dialogue_pk):
    is_post = request.method == "POST"
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=is_post)
    dialogue = load_child(Dialogue.objects.all(), request, engagement, change=is_post, pk=dialogue_pk)
    current = Reflection.objects.filter(dialogue=dialogue, advisor=request.user).first()
    form = ReflectionForm(request.POST or None, reflection=current)
    allowed = permissions.may_change_record(request.membership, dialogue) and permissions.may_reflect(
        dialogue, request.user
    )
    if is_post and form.is_valid():
        try:
            domain.record_reflection(
                dialogue, by=request.user, note=form.cleaned_data["note"], **form.ratings()
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "振り返りを記録しました。")
            return redirect(_url(request, "dialogue_detail", engagement, dialogue_pk=dialogue.pk))
    return render(
        request,
        "engagements/dialogues/reflection.html",
        engagement_context(
            request,
            company,
            engagement,
            "dialogues",
            dialogue=dialogue,
            form=form,
            reflection=current,
            allowed=allowed,
        ),
    )
