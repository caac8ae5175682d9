"""Curating the question bank (管理者): add an own item, edit one (a shipped item is copied into the
organization, replacing it there), hide or show one, share an own item with a network. Every change
of an existing item names its version; each is logged in the organization's activity log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import DomainError
from banso.core.models import log_activity
from banso.core.records import ensure_version, locked
from banso.core.text import printable
from banso.knowledge.engines import question_bank as qb
from banso.knowledge.models import BankItem, NetworkMembership

FIELDS = ("kind", "step", "wall", "industry_group", "text", "how", "measure")
NETWORK_NOT_ALLOWED_MESSAGE = (
    "このネットワークには共有できません。所属機関がネットワークに参加し、"
    "管理者が「ネットワークへの公開を許可」にしている場合だけ共有できます。"
)
NOT_OWN_MESSAGE = (
    "共有できるのは自機関の項目だけです。同梱の項目は、編集して自機関の項目にしてから共有してください。"
)


def _clean(values: dict) -> dict:
    cleaned = {name: values.get(name) for name in FIELDS}
    for name in ("text", "how", "measure", "wall", "industry_group", "kind"):
        cleaned[name] = printable(str(cleaned[name] or "")).strip()
    errors = {}
    if cleaned["kind"] not in qb.KIND_LABELS:
        errors["kind"] = "種類を選んでください。"
    if not cleaned["text"]:
        errors["text"] = "内容を入力してください。"
    elif len(cleaned["text"]) > qb.MAX_TEXT:
        errors["text"] = f"内容は{qb.MAX_TEXT}文字以内で入力してください。"
    for name, label in (("how", "どのように"), ("measure", "指標")):
        if len(cleaned[name]) > qb.MAX_DETAIL:
            errors[name] = f"{label}は{qb.MAX_DETAIL}文字以内で入力してください。"
    step = cleaned["step"]
    if step in ("", None):
        cleaned["step"] = None
    else:
        try:
            cleaned["step"] = int(step)
        except (TypeError, ValueError):
            cleaned["step"] = -1
        if cleaned["step"] not in qb.STEP_LABELS:
            errors["step"] = "ステップは①〜⑦から選んでください。"
    if cleaned["wall"] and cleaned["wall"] not in qb.WALL_LABELS:
        errors["wall"] = "壁を選び直してください。"
    if cleaned["industry_group"] and cleaned["industry_group"] not in qb.INDUSTRY_GROUP_LABELS:
        errors["industry_group"] = "業種を選び直してください。"
    if cleaned["kind"] == qb.QUESTION and not (cleaned["step"] or cleaned["wall"]):
        errors["step"] = "対話の質問には、ステップか壁のどちらかを選んでください。"
    if cleaned["kind"] == qb.VIEWPOINT and not cleaned["industry_group"]:
        errors["industry_group"] = "業種別の着眼点には業種を選んでください。"
    if errors:
        raise ValidationError(errors)
    return cleaned


def _log(membership, by, code, message, item):
    log_activity(
        organization_id=membership.organization_id,
        code=code,
        message=message,
        by=by,
        data={"bank_item": item.pk},
    )


def add_item(membership, *, by, **values) -> BankItem:
    """An own item of the organization.
    Side effects: the BankItem, ActivityLog `knowledge.bank_item.added`."""
    cleaned = _clean(values)
    with transaction.atomic():
        item = BankItem.objects.create(organization_id=membership.organization_id, created_by=by, **cleaned)
        _log(
            membership,
            by,
            "knowledge.bank_item.added",
            f"質問バンクに「{item.text[:40]}」を追加しました。",
            item,
        )
    return item


def edit_item(item: BankItem, membership, *, by, expected_version, **values) -> BankItem:
    """Change an item as the organization uses it. A shipped item is not changed: the organization gets
    its own copy that replaces it (the first edit creates it, later edits change it). Another
    organization's shared item cannot be edited (the loader gives only readable ones; this refuses).
    Side effects: the BankItem saved or created, ActivityLog `knowledge.bank_item.edited`."""
    cleaned = _clean(values)
    with transaction.atomic():
        if item.organization_id is None:
            ensure_version(item, expected_version)
            copy, created = BankItem.objects.select_for_update().get_or_create(
                organization_id=membership.organization_id,
                replaces=item,
                defaults={"created_by": by, "shipped_key": item.shipped_key, **cleaned},
            )
            if not created:
                for name, value in cleaned.items():
                    setattr(copy, name, value)
                copy.version += 1
                copy.save()
            item = copy
        else:
            _ensure_own(item, membership)
            item = locked(BankItem, item.pk, expected_version)
            for name, value in cleaned.items():
                setattr(item, name, value)
            item.version += 1
            item.save()
        _log(
            membership,
            by,
            "knowledge.bank_item.edited",
            f"質問バンクの「{item.text[:40]}」を編集しました。",
            item,
        )
    return item


def _ensure_own(item, membership):
    if item.organization_id != membership.organization_id:
        raise DomainError("他の機関が共有した項目は編集できません。")


def set_hidden(item: BankItem, membership, *, by, expected_version, hidden: bool) -> BankItem:
    """Hide an item from the organization's bank (a shipped one through a hidden own copy) or show it
    again. Side effects: the BankItem saved or created, ActivityLog `knowledge.bank_item.hidden`/`shown`."""
    with transaction.atomic():
        if item.organization_id is None:
            ensure_version(item, expected_version)
            values = {name: getattr(item, name) for name in FIELDS}
            item, created = BankItem.objects.select_for_update().get_or_create(
                organization_id=membership.organization_id,
                replaces=item,
                defaults={"created_by": by, "shipped_key": item.shipped_key, "hidden": hidden, **values},
            )
            if not created:
                item.hidden = hidden
                item.version += 1
                item.save()
        else:
            _ensure_own(item, membership)
            item = locked(BankItem, item.pk, expected_version)
            item.hidden = hidden
            item.version += 1
            item.save()
        verb = "非表示にしました" if hidden else "再び表示するようにしました"
        code = "knowledge.bank_item.hidden" if hidden else "knowledge.bank_item.shown"
        _log(membership, by, code, f"質問バンクの「{item.text[:40]}」を{verb}。", item)
    return item


def share_item(item: BankItem, membership, *, by, expected_version, network_id) -> BankItem:
    """Share an own item with a network the organization may publish to (network_id None: stop sharing).
    Side effects: the BankItem's network, ActivityLog `knowledge.bank_item.shared`/`unshared`."""
    if item.organization_id != membership.organization_id:
        raise DomainError(NOT_OWN_MESSAGE)
    network = None
    if network_id:
        link = (
            NetworkMembership.objects.filter(
                organization_id=membership.organization_id, network_id=network_id, members_may_publish=True
            )
            .select_related("network")
            .first()
        )
        if link is None:
            raise ValidationError({"network": NETWORK_NOT_ALLOWED_MESSAGE})
        network = link.network
    with transaction.atomic():
        item = locked(BankItem, item.pk, expected_version)
        item.network = network
        item.version += 1
        item.save()
        if network:
            _log(
                membership,
                by,
                "knowledge.bank_item.shared",
                f"質問バンクの「{item.text[:40]}」を{network.name}に共有しました。",
                item,
            )
        else:
            _log(
                membership,
                by,
                "knowledge.bank_item.unshared",
                f"質問バンクの「{item.text[:40]}」の共有をやめました。",
                item,
            )
    return item
