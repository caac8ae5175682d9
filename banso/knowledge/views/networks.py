"""Networks: the organization's knowledge settings (管理者: publishing to each network, case
reviewers) and the system operator's own pages (create a network, add or remove organizations).
The operator's pages answer 404 to anyone who is not a system operator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from banso.core.access import not_found_message
from banso.core.errors import DomainError
from banso.core.forms import posted_version
from banso.core.pagination import parse_id
from banso.core.roles import Role
from banso.core.urls import org_reverse
from banso.knowledge import permissions, queries
from banso.knowledge.domain import networks as domain
from banso.knowledge.models import CaseReviewer, Network, NetworkMembership


def _errors(error) -> list[str]:
    if isinstance(error, DomainError):
        return [error.message]
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


@require_http_methods(["GET", "POST"])
def knowledge_settings(request):
    membership = request.membership
    if not permissions.may_change_settings(membership):
        raise PermissionDenied(permissions.SETTINGS_ONLY)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "publishing":
                row_id = parse_id(request.POST.get("network_membership"))
                version = posted_version(request.POST.get("version"))
                if row_id is None or version is None:
                    raise ValidationError("ネットワークの指定が正しくありません。画面を開き直してください。")
                try:
                    domain.set_members_may_publish(
                        membership=membership,
                        network_membership_id=row_id,
                        allowed=request.POST.get("allowed") == "1",
                        version=version,
                        by=request.user,
                    )
                except NetworkMembership.DoesNotExist:
                    raise Http404(not_found_message("ネットワーク")) from None
                messages.success(request, "ネットワークへの公開の設定を保存しました。")
            elif action == "reviewer":
                user_id = parse_id(request.POST.get("user"))
                if user_id is None:
                    raise ValidationError("支援者の指定が正しくありません。")
                domain.set_reviewer(
                    membership=membership,
                    user_id=user_id,
                    reviewer=request.POST.get("reviewer") == "1",
                    by=request.user,
                )
                messages.success(request, "レビュー担当を変更しました。")
            else:
                raise ValidationError("操作の指定が正しくありません。")
        except (ValidationError, DomainError) as error:
            errors = _errors(error)
        else:
            return redirect(org_reverse(request, "knowledge:settings"))
    from banso.orgs.models import Membership

    reviewer_ids = set(
        CaseReviewer.objects.filter(organization=request.organization).values_list("user_id", flat=True)
    )
    supporters = [
        {"membership": m, "reviewer": m.user_id in reviewer_ids}
        for m in Membership.objects.filter(
            organization=request.organization, role=Role.SUPPORTER, is_active=True
        ).select_related("user")
    ]
    return render(
        request,
        "knowledge/settings.html",
        {
            "networks": list(queries.networks_of(request.organization.pk)),
            "supporters": supporters,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _operator_or_404(request) -> None:
    if not request.user.is_superuser:
        raise Http404(not_found_message())


@login_required
@require_http_methods(["GET", "POST"])
def operator_networks(request):
    _operator_or_404(request)
    errors: list[str] = []
    if request.method == "POST":
        try:
            network = domain.create_network(
                name=request.POST.get("name", "")[:200],
                description=request.POST.get("description", "")[:2000],
                by=request.user,
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(
                request, f"ネットワーク「{network.name}」を作りました。参加する機関を追加してください。"
            )
            return redirect(reverse("operator:network", kwargs={"pk": network.pk}))
    networks = Network.objects.order_by("name", "pk").prefetch_related("memberships__organization")
    return render(
        request,
        "knowledge/operator_networks.html",
        {"networks": networks, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def operator_network(request, pk: int):
    _operator_or_404(request)
    from banso.orgs.models import Organization

    try:
        network = Network.objects.get(pk=pk)
    except Network.DoesNotExist:
        raise Http404(not_found_message("ネットワーク")) from None
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                org_id = parse_id(request.POST.get("organization"))
                organization = Organization.objects.filter(pk=org_id).first() if org_id else None
                if organization is None:
                    raise ValidationError("追加する機関を選んでください。")
                domain.add_organization(network=network, organization=organization, by=request.user)
                messages.success(request, f"「{organization.name}」を追加しました。")
            elif action == "remove":
                row_id = parse_id(request.POST.get("network_membership"))
                if row_id is None or not network.memberships.filter(pk=row_id).exists():
                    raise ValidationError("外す機関の指定が正しくありません。")
                domain.remove_organization(membership_id=row_id, by=request.user)
                messages.success(request, "機関をネットワークから外しました。")
            else:
                raise ValidationError("操作の指定が正しくありません。")
        except ValidationError as error:
            errors = _errors(error)
        else:
            return redirect(reverse("operator:network", kwargs={"pk": network.pk}))
    members = network.memberships.select_related("organization").order_by("organization__name")
    joined = {m.organization_id for m in members}
    candidates = [o for o in Organization.objects.order_by("name") if o.pk not in joined]
    return render(
        request,
        "knowledge/operator_network.html",
        {"network": network, "members": members, "candidates": candidates, "errors": errors},
        status=400 if errors else 200,
    )
