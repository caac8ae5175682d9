"""Business actions on networks: the system operator creates a network and adds or removes
organizations; an organization's 管理者 allows or stops its members' publishing to a network and
designates case reviewers. Each is logged (`knowledge.network.*`, `knowledge.reviewer.*`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from banso.core.models import log_activity
from banso.core.records import locked
from banso.core.roles import Role, is_org_admin
from banso.knowledge.models import CaseReviewer, CaseScope, Network, NetworkMembership, PublishedCase

OPERATOR_ONLY_MESSAGE = "ネットワークを管理できるのはシステム管理者だけです。"
ADMIN_ONLY_MESSAGE = "この設定を変更できるのは管理者だけです。"


def ensure_operator(user) -> None:
    if not (user and user.is_authenticated and user.is_superuser):
        raise PermissionDenied(OPERATOR_ONLY_MESSAGE)


def create_network(*, name: str, description: str = "", by) -> Network:
    """Side effects: one Network row (the operator's own, not an organization's: no activity log)."""
    ensure_operator(by)
    name = (name or "").replace("\x00", "").strip()
    if not name:
        raise ValidationError({"name": "ネットワーク名を入力してください。"})
    network = Network(name=name, description=(description or "").replace("\x00", "").strip(), created_by=by)
    network.full_clean()
    network.save()
    return network


def add_organization(*, network: Network, organization, by) -> NetworkMembership:
    """Side effects: one NetworkMembership row (publishing not allowed until the org's 管理者 allows
    it); activity log `knowledge.network.joined` in the organization."""
    ensure_operator(by)
    with transaction.atomic():
        membership, created = NetworkMembership.objects.get_or_create(
            network=network, organization=organization
        )
        if not created:
            raise ValidationError({"organization": "この機関はすでにネットワークに参加しています。"})
        log_activity(
            organization_id=organization.pk,
            code="knowledge.network.joined",
            message=f"ネットワーク「{network.name}」に参加しました",
            by=by,
            data={"network": network.pk},
        )
    return membership


def remove_organization(*, membership_id: int, by) -> None:
    """The organization leaves the network; its cases published to it fall back to its own members.
    Side effects: the NetworkMembership row deleted, those cases' scope → organization; activity log
    `knowledge.network.left`."""
    ensure_operator(by)
    with transaction.atomic():
        row = NetworkMembership.objects.select_for_update().select_related("network").get(pk=membership_id)
        PublishedCase.objects.filter(organization_id=row.organization_id, network_id=row.network_id).update(
            scope=CaseScope.ORGANIZATION, network=None
        )
        row.delete()
        log_activity(
            organization_id=row.organization_id,
            code="knowledge.network.left",
            message=f"ネットワーク「{row.network.name}」から外れました",
            by=by,
            data={"network": row.network_id},
        )


def set_members_may_publish(*, membership, network_membership_id: int, allowed: bool, version: int, by):
    """The 管理者 allows (or stops) publishing to a network. Side effects: the row (version + 1);
    activity log `knowledge.network.publishing_changed`."""
    if not is_org_admin(membership):
        raise PermissionDenied(ADMIN_ONLY_MESSAGE)
    with transaction.atomic():
        row = locked(NetworkMembership, network_membership_id, version)
        if row.organization_id != membership.organization_id:
            raise PermissionDenied(ADMIN_ONLY_MESSAGE)
        row.members_may_publish = bool(allowed)
        row.version += 1
        row.save()
        state = "許可" if allowed else "停止"
        log_activity(
            organization_id=row.organization_id,
            code="knowledge.network.publishing_changed",
            message=f"ネットワーク「{row.network.name}」への公開を{state}しました",
            by=by,
            data={"network": row.network_id, "allowed": bool(allowed)},
        )
    return row


def set_reviewer(*, membership, user_id: int, reviewer: bool, by) -> None:
    """The 管理者 designates (or stops) a 支援者 as a case reviewer. Side effects: a CaseReviewer row
    created or deleted; activity log `knowledge.reviewer.changed`."""
    if not is_org_admin(membership):
        raise PermissionDenied(ADMIN_ONLY_MESSAGE)
    from banso.orgs.models import Membership

    target = (
        Membership.objects.filter(
            organization_id=membership.organization_id, user_id=user_id, is_active=True, role=Role.SUPPORTER
        )
        .select_related("user")
        .first()
    )
    if target is None:
        raise ValidationError({"user": "レビュー担当に指名できるのは、この機関の支援者です。"})
    done = "に指名" if reviewer else "から外"
    with transaction.atomic():
        if reviewer:
            CaseReviewer.objects.get_or_create(organization_id=membership.organization_id, user_id=user_id)
        else:
            CaseReviewer.objects.filter(organization_id=membership.organization_id, user_id=user_id).delete()
        log_activity(
            organization_id=membership.organization_id,
            code="knowledge.reviewer.changed",
            message=f"{target.user.display_name} さんを事例のレビュー担当{done}しました",
            by=by,
            data={"user": user_id, "reviewer": bool(reviewer)},
        )
