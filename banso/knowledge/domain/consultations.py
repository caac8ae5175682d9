"""Consultations (相談): ask, answer, comment, vote, accept, hide. Each function validates, writes in
one transaction, logs the business event (core ActivityLog, in the acting member's organization) and
tells the participants (banso/knowledge/notifications.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.models import log_activity
from banso.core.records import locked
from banso.core.text import printable
from banso.knowledge import notifications
from banso.knowledge.engines.client_names import KnownTerm, find_known_terms
from banso.knowledge.models import Answer, Comment, Consultation, NetworkMembership, Vote
from banso.knowledge.models import consultations as m

NETWORK_REQUIRED_MESSAGE = "相談先のネットワークを選んでください。"
NETWORK_NOT_ALLOWED_MESSAGE = (
    "このネットワークには相談を投稿できません。所属機関がネットワークに参加し、"
    "管理者が「ネットワークへの公開を許可」にしている場合だけ投稿できます。"
)
CLIENT_NAME_MESSAGE = (
    "{field}に事業者を特定できる名前（{names}）が残っています。"
    "「A社」「社長」などに置き換えてから投稿してください。"
)
ALREADY_ACCEPTED_MESSAGE = "この回答はすでに採用されています。"
HIDDEN_ANSWER_MESSAGE = "非表示の回答は採用できません。"
OWN_ANSWER_VOTE_MESSAGE = "自分の回答には投票できません。"
BLANK_MESSAGE = "{field}を入力してください。"
TOO_LONG_MESSAGE = "{field}は{limit}文字以内で入力してください。"


def _text(value, *, field: str, label: str, limit: int, required: bool = True) -> str:
    text = printable(str(value or "")).strip()
    if required and not text:
        raise ValidationError({field: BLANK_MESSAGE.format(field=label)})
    if len(text) > limit:
        raise ValidationError({field: TOO_LONG_MESSAGE.format(field=label, limit=limit)})
    return text


def client_terms(organization_id: int, extra: list[KnownTerm] | tuple = ()) -> list[KnownTerm]:
    """The known names of the organization's clients (商号, フリガナ, 代表者) and any extra terms (an
    engagement's own known terms when the context was drawn from it)."""
    from banso.companies.models import Company

    terms: list[KnownTerm] = list(extra)
    for name, kana, representative in Company.objects.filter(organization_id=organization_id).values_list(
        "name", "name_kana", "representative"
    ):
        terms.append(KnownTerm(name))
        if kana:
            terms.append(KnownTerm(kana))
        if representative:
            terms.append(KnownTerm(representative, person=True))
    return terms


def ensure_no_client_names(organization_id: int, fields: dict[str, tuple[str, str]], extra=()) -> None:
    """ValidationError naming the field and the names still present: {field: (label, text)}."""
    terms = client_terms(organization_id, extra)
    errors = {}
    for field, (label, text) in fields.items():
        found = find_known_terms([text], terms)
        if found:
            errors[field] = CLIENT_NAME_MESSAGE.format(field=label, names="、".join(found[:5]))
    if errors:
        raise ValidationError(errors)


def _network_for(membership, audience: str, network_id):
    if audience == m.ORGANIZATION:
        return None
    if audience != m.NETWORK:
        raise ValidationError({"audience": "相談先は「自機関」か「ネットワーク」を選んでください。"})
    if not network_id:
        raise ValidationError({"network": NETWORK_REQUIRED_MESSAGE})
    link = (
        NetworkMembership.objects.filter(
            organization_id=membership.organization_id, network_id=network_id, members_may_publish=True
        )
        .select_related("network")
        .first()
    )
    if link is None:
        raise ValidationError({"network": NETWORK_NOT_ALLOWED_MESSAGE})
    return link.network


def ask(membership, *, by, title, body, audience=m.ORGANIZATION, network_id=None, context="", known_terms=()):
    """A new consultation to the member's organization or a network it may publish to.

    Refused (ValidationError naming the field) while the title, body or context still carries a known
    client name. Side effects: the Consultation, an ActivityLog row `knowledge.consultation.asked`."""
    title = _text(title, field="title", label="件名", limit=m.MAX_TITLE)
    body = _text(body, field="body", label="相談内容", limit=m.MAX_BODY)
    context = _text(context, field="context", label="背景", limit=m.MAX_CONTEXT, required=False)
    network = _network_for(membership, audience, network_id)
    ensure_no_client_names(
        membership.organization_id,
        {"title": ("件名", title), "body": ("相談内容", body), "context": ("背景", context)},
        known_terms,
    )
    with transaction.atomic():
        consultation = Consultation.objects.create(
            organization_id=membership.organization_id,
            author=by,
            audience=audience,
            network=network,
            title=title,
            body=body,
            context=context,
        )
        log_activity(
            organization_id=membership.organization_id,
            code="knowledge.consultation.asked",
            message=f"相談「{title}」を投稿しました（{consultation.get_audience_display()}）。",
            by=by,
            data={"consultation": consultation.pk},
        )
    return consultation


# Per kind of reply: its event (activity code, notifications), its word in messages, its key in the log.
_REPLIES = {Answer: ("answered", "回答", "answer"), Comment: ("commented", "コメント", "comment")}


def _reply(model, consultation, membership, *, by, body, limit, **fields):
    """What answering and commenting share: the body checked (length, no known client name), then in
    one transaction the `model` row, the consultation's last activity, an ActivityLog row
    `knowledge.consultation.<event>` and the participants' notifications."""
    event, word, key = _REPLIES[model]
    body = _text(body, field="body", label=word, limit=limit)
    ensure_no_client_names(membership.organization_id, {"body": (word, body)})
    with transaction.atomic():
        created = model.objects.create(
            consultation=consultation,
            organization_id=membership.organization_id,
            author=by,
            body=body,
            **fields,
        )
        Consultation.objects.filter(pk=consultation.pk).update(last_activity_at=timezone.now())
        log_activity(
            organization_id=membership.organization_id,
            code=f"knowledge.consultation.{event}",
            message=f"相談「{consultation.title}」に{word}しました。",
            by=by,
            data={"consultation": consultation.pk, key: created.pk},
        )
        notifications.tell_participants(consultation, event=event, by=by)
    return created


def answer(consultation, membership, *, by, body):
    """An answer to a readable consultation. Outside networks the asker's client names are checked too.
    Side effects: the Answer, the consultation's last activity, an ActivityLog row, notifications."""
    return _reply(Answer, consultation, membership, by=by, body=body, limit=m.MAX_BODY)


def comment(consultation, membership, *, by, body, answer=None):
    """A comment on a consultation or one of its answers.
    Side effects: the Comment, an ActivityLog row, notifications."""
    return _reply(Comment, consultation, membership, by=by, body=body, limit=m.MAX_COMMENT, answer=answer)


def vote(answer, membership, *, by, up: bool = True) -> int:
    """One vote per user and answer (again is no change); `up=False` withdraws it. Returns the count.
    Side effects: a Vote row created or removed."""
    if answer.author_id == by.pk:
        raise DomainError(OWN_ANSWER_VOTE_MESSAGE)
    with transaction.atomic():
        if up:
            try:
                with transaction.atomic():
                    Vote.objects.get_or_create(answer=answer, user=by)
            except IntegrityError:
                pass  # a double click raced itself: the vote exists
        else:
            Vote.objects.filter(answer=answer, user=by).delete()
    return Vote.objects.filter(answer=answer).count()


def accept(consultation, membership, *, by, answer, expected_version):
    """The asker accepts one answer (names the consultation's version; stale → ConflictError). The
    accepted answer is marked, the consultation resolved and listed among the knowledge base's answers.
    Side effects: the consultation updated, ActivityLog `knowledge.consultation.accepted`, notifications."""
    if answer.consultation_id != consultation.pk:
        raise DomainError("この相談の回答を選んでください。")
    if answer.is_hidden:
        raise DomainError(HIDDEN_ANSWER_MESSAGE)
    with transaction.atomic():
        current = locked(Consultation, consultation.pk, expected_version)
        if current.accepted_answer_id == answer.pk:
            raise ConflictError(ALREADY_ACCEPTED_MESSAGE)
        current.accepted_answer = answer
        current.accepted_at = timezone.now()
        current.status = m.RESOLVED
        current.version += 1
        current.last_activity_at = current.accepted_at
        current.save()
        log_activity(
            organization_id=membership.organization_id,
            code="knowledge.consultation.accepted",
            message=f"相談「{current.title}」の回答を採用しました。",
            by=by,
            data={"consultation": current.pk, "answer": answer.pk},
        )
        notifications.tell_participants(current, event="accepted", by=by)
    return current


def hide(post, membership, *, by, reason: str = "", hidden: bool = True):
    """A 管理者 hides (or shows again) a post of their own organization's member. Logged in the
    organization's activity log with the reason. Side effects: the post's hidden_* fields, ActivityLog."""
    reason = _text(reason, field="reason", label="理由", limit=200, required=False)
    model = type(post)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=post.pk)
        current.hidden_at = timezone.now() if hidden else None
        current.hidden_by = by if hidden else None
        current.hidden_reason = reason if hidden else ""
        if hasattr(current, "version"):
            current.version += 1
        current.save()
        label = model._meta.verbose_name
        log_activity(
            organization_id=membership.organization_id,
            code="knowledge.post.hidden" if hidden else "knowledge.post.shown",
            message=(
                f"{label}を非表示にしました。" + (f"理由: {reason}" if reason else "")
                if hidden
                else f"{label}の非表示を解除しました。"
            ),
            by=by,
            data={"model": model.__name__.lower(), "id": current.pk},
        )
    return current
