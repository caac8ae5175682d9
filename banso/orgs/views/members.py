"""The メンバー pages (管理者 only): list, invite, role and branch, deactivate, handover, bulk
assignment of companies, branches; and the invitation link (no sign-in needed)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from banso.core.errors import ConflictError, DomainError
from banso.core.forms import add_domain_errors
from banso.core.member_handover import company_directory, handover_steps
from banso.core.pagination import paginate
from banso.core.roles import Role
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.orgs.domain import members as domain
from banso.orgs.forms.members import (
    AssignForm,
    BranchForm,
    HandoverForm,
    InviteForm,
    MemberForm,
    SetPasswordForm,
    VersionForm,
)
from banso.orgs.models import Branch, Membership

MEMBER_NOT_FOUND = "お探しのメンバーは見つかりません。この支援機関のメンバーか確認してください。"
BRANCH_NOT_FOUND = "お探しの支店は見つかりません。この支援機関の支店か確認してください。"
STATUS_FILTERS = {"": "すべて", "active": "有効", "invited": "招待中", "inactive": "無効"}


def _require_admin(request):
    if not domain.may_manage_members(request.membership):
        raise PermissionDenied(domain.MANAGE_ONLY)


def _member_or_404(request, pk) -> Membership:
    """A member of this organization, for its 管理者; to anyone else member records do not exist."""
    if not domain.may_manage_members(request.membership):
        raise Http404(MEMBER_NOT_FOUND)
    member = (
        Membership.objects.select_related("user", "organization", "company", "branch")
        .filter(organization=request.organization, pk=pk)
        .first()
    )
    if member is None:
        raise Http404(MEMBER_NOT_FOUND)
    return member


def _int_param(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 18 else None


def member_list(request):
    _require_admin(request)
    organization = request.organization
    members = Membership.objects.filter(organization=organization).select_related("user", "company", "branch")
    branch_id = _int_param(request, "branch")
    if branch_id:
        members = members.filter(branch_id=branch_id)
    role = request.GET.get("role", "")
    if role in Role.values:
        members = members.filter(role=role)
    status = request.GET.get("status", "")
    if status == "active":
        members = members.filter(is_active=True, user__is_active=True)
    elif status == "invited":
        members = members.filter(is_active=True, invited_at__isnull=False, invite_accepted_at__isnull=True)
    elif status == "inactive":
        members = members.filter(is_active=False)
    text = request.GET.get("q", "").strip()[:100]
    if text:
        members = members.filter(
            Q(user__full_name__icontains=text)
            | Q(user__email__icontains=text)
            | Q(user__username__icontains=text)
        )
    members = members.annotate(
        assigned=Count(
            "user__assigned_companies",
            filter=Q(user__assigned_companies__organization=organization),
            distinct=True,
        )
    ).order_by("-is_active", "role", "user__full_name", "user__username")
    return render(
        request,
        "orgs/members/list.html",
        {
            "page": paginate(request, members, per_page=50),
            "branches": Branch.objects.filter(organization=organization),
            "roles": Role.choices,
            "statuses": STATUS_FILTERS,
            "branch_id": branch_id,
            "role": role,
            "status": status,
            "q": text,
        },
    )


def _invite_url(request):
    def url_for(member, token):
        return request.build_absolute_uri(
            reverse("accept_invitation", kwargs={"pk": member.pk, "token": token})
        )

    return url_for


@require_http_methods(["GET", "POST"])
def member_invite(request):
    _require_admin(request)
    organization = request.organization
    form = InviteForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = domain.invite_member(
                organization,
                membership=request.membership,
                by=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                company_id=data["company"],
                branch_id=data["branch"],
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            domain.send_invitation(
                invitation,
                url_for=_invite_url(request),
                sign_in_url=request.build_absolute_uri(reverse("login")),
            )
            who = invitation.membership.user
            if invitation.new_user:
                messages.success(
                    request, f"{who.email} に招待メールを送りました（{domain.invite_hours()}時間有効）。"
                )
            else:
                messages.success(
                    request, f"{who.display_name}をメンバーに追加し、お知らせのメールを送りました。"
                )
            return redirect(org_reverse(request, "orgs:members"))
    return render(request, "orgs/members/invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = _member_or_404(request, pk)
    form = MemberForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.change_member(
                member,
                membership=request.membership,
                by=request.user,
                expected_version=data["version"],
                role=data["role"],
                company_id=data["company"],
                branch_id=data["branch"],
            )
        except (ValidationError, DomainError, ConflictError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"{member.user.display_name}の役割・支店を保存しました。")
            return redirect(org_reverse(request, "orgs:members"))
    work = [
        (step.label, step.items_of(request.organization, member.user))
        for step in handover_steps()
        if member.role in (Role.ORG_ADMIN, Role.SUPPORTER)
    ]
    return render(
        request,
        "orgs/members/edit.html",
        {"member": member, "form": form, "status_form": VersionForm(record=member), "work": work},
    )


def _versioned_action(request, record, action, refusals=(DomainError, ConflictError)):
    """Run `action(expected_version)` for a POST that only names `record`'s version (a button, not a
    form): (True, its result), or (False, None) with the refusal as a Japanese message."""
    form = VersionForm(request.POST, record=record)
    if not form.is_valid():
        messages.error(request, "画面を開き直してから、もう一度操作してください。")
        return False, None
    try:
        return True, action(form.cleaned_data["version"])
    except refusals as exc:
        messages.error(request, exc.message)
        return False, None


def _change_member_status(request, pk, change, success_message):
    """POST only: `change` (deactivate or reactivate) the member at the version the page showed,
    say `success_message(member, result)`, and go back to the member's page."""
    member = _member_or_404(request, pk)
    if refusal := refuse_unless_post(request):
        return refusal
    done, result = _versioned_action(
        request,
        member,
        lambda version: change(
            member, membership=request.membership, by=request.user, expected_version=version
        ),
    )
    if done:
        messages.success(request, success_message(member, result))
    return redirect(org_reverse(request, "orgs:member_edit", pk=member.pk))


def member_deactivate(request, pk):
    return _change_member_status(
        request,
        pk,
        domain.deactivate_member,
        lambda member, revoked: (
            f"{member.user.display_name}を無効にしました。API トークン{revoked}件を失効させました。"
        ),
    )


def member_reactivate(request, pk):
    return _change_member_status(
        request,
        pk,
        domain.reactivate_member,
        lambda member, _: f"{member.user.display_name}を再び有効にしました。",
    )


def member_resend(request, pk):
    member = _member_or_404(request, pk)
    if refusal := refuse_unless_post(request):
        return refusal
    try:
        domain.resend_invitation(member, membership=request.membership, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        domain.send_invitation(
            domain.Invitation(membership=member, new_user=True),
            url_for=_invite_url(request),
            sign_in_url=request.build_absolute_uri(reverse("login")),
        )
        messages.success(
            request, f"{member.user.email} に招待メールを送り直しました。前のリンクは使えなくなりました。"
        )
    return redirect(org_reverse(request, "orgs:member_edit", pk=member.pk))


@require_http_methods(["GET", "POST"])
def member_handover(request, pk):
    """Choose successors → preview what moves to whom → confirm (one transaction)."""
    member = _member_or_404(request, pk)
    choices = domain.successor_choices(request.organization, leaving=member)
    form = HandoverForm(request.POST or request.GET or None, choices=choices)
    plan = None
    if form.is_bound and form.is_valid():
        try:
            plan = domain.plan_handover(member, successor_ids=form.cleaned_data["successors"])
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            if request.method == "POST" and request.POST.get("confirm") == "1":
                try:
                    plan = domain.hand_over(
                        member,
                        membership=request.membership,
                        by=request.user,
                        successor_ids=form.cleaned_data["successors"],
                    )
                except (ValidationError, DomainError, ConflictError) as exc:
                    add_domain_errors(form, exc)
                else:
                    messages.success(
                        request, f"{member.user.display_name}の担当{plan.total}件を引き継ぎました。"
                    )
                    return redirect(org_reverse(request, "orgs:member_edit", pk=member.pk))
    work = [(step.label, step.items_of(request.organization, member.user)) for step in handover_steps()]
    return render(
        request, "orgs/members/handover.html", {"member": member, "form": form, "plan": plan, "work": work}
    )


@require_http_methods(["GET", "POST"])
def member_assign(request):
    """Assign or unassign one supporter to companies chosen in a filtered list."""
    _require_admin(request)
    organization = request.organization
    supporters = domain.successor_choices(organization)
    form = AssignForm(request.POST or None, supporters=supporters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = domain.assign_companies(
                organization,
                membership=request.membership,
                by=request.user,
                supporter_id=data["supporter"],
                company_ids=data["companies"],
                assign=data["action"] == "assign",
            )
        except (ValidationError, DomainError, ConflictError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"事業者{changed}社の担当を変更しました。")
            return redirect(request.get_full_path())
    directory = company_directory()
    text = request.GET.get("q", "").strip()[:100]
    holder = _int_param(request, "supporter")
    rows = directory.companies(organization, text=text, supporter_id=holder) if directory else []
    chosen = (
        set(form.cleaned_data.get("companies", []))
        if form.is_bound and hasattr(form, "cleaned_data")
        else set()
    )
    return render(
        request,
        "orgs/members/assign.html",
        {"form": form, "rows": rows, "q": text, "holder": holder, "supporters": supporters, "chosen": chosen},
    )


@require_http_methods(["GET", "POST"])
def branch_list(request):
    _require_admin(request)
    organization = request.organization
    form = BranchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            branch = domain.create_branch(
                organization,
                membership=request.membership,
                by=request.user,
                name=form.cleaned_data["name"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"支店「{branch}」を作りました。")
            return redirect(org_reverse(request, "orgs:branches"))
    branches = Branch.objects.filter(organization=organization).annotate(
        members=Count("memberships", filter=Q(memberships__is_active=True))
    )
    return render(request, "orgs/members/branches.html", {"form": form, "branches": branches})


def _branch_or_404(request, pk) -> Branch:
    if not domain.may_manage_members(request.membership):
        raise Http404(BRANCH_NOT_FOUND)
    branch = Branch.objects.filter(organization=request.organization, pk=pk).first()
    if branch is None:
        raise Http404(BRANCH_NOT_FOUND)
    return branch


@require_http_methods(["GET", "POST"])
def branch_edit(request, pk):
    branch = _branch_or_404(request, pk)
    form = BranchForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_branch(
                branch,
                membership=request.membership,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
                code=form.cleaned_data["code"],
            )
        except (ValidationError, ConflictError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "支店を保存しました。")
            return redirect(org_reverse(request, "orgs:branches"))
    return render(
        request,
        "orgs/members/branch_edit.html",
        {"branch": branch, "form": form, "delete_form": VersionForm(record=branch)},
    )


def branch_delete(request, pk):
    branch = _branch_or_404(request, pk)
    if refusal := refuse_unless_post(request):
        return refusal
    done, _ = _versioned_action(
        request,
        branch,
        lambda version: domain.delete_branch(
            branch, membership=request.membership, by=request.user, expected_version=version
        ),
        refusals=(ConflictError,),
    )
    if not done:
        return redirect(org_reverse(request, "orgs:branch_edit", pk=branch.pk))
    messages.success(request, f"支店「{branch}」を削除しました。所属していたメンバーは支店なしになりました。")
    return redirect(org_reverse(request, "orgs:branches"))


@require_http_methods(["GET", "POST"])
def accept_invitation(request, pk, token):
    """The link in the invitation mail: set a password once, then sign in."""
    member = domain.invitation_for(pk, token)
    if member is None:
        return render(request, "orgs/members/invite_invalid.html", status=410)
    form = SetPasswordForm(request.POST or None, user=member.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.accept_invitation(member, password=form.cleaned_data["password1"])
        except DomainError:
            return render(request, "orgs/members/invite_invalid.html", status=410)
        messages.success(
            request,
            "パスワードを設定しました。ユーザー名（メールアドレス）とパスワードでログインしてください。",
        )
        return redirect("login")
    return render(request, "orgs/members/accept.html", {"form": form, "member": member})
