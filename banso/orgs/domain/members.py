"""Business actions on an organization's members: invite, accept an invitation, change a role or
branch, deactivate, hand a leaving supporter's work over, assign companies in bulk, and branches (支店).

Only the organization's 管理者 manages members (`may_manage_members`). Every change writes an
activity entry (`member.*`, `branch.*`). The companies and engagements areas take part through
banso/core/member_handover.py (this area may not import them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from banso.core.errors import DomainError
from banso.core.member_handover import company_directory, handover_steps
from banso.core.models import log_activity
from banso.core.records import ensure_version
from banso.core.roles import COMPANY_SIDE_ROLES, Role, is_org_admin
from banso.orgs.models import ApiToken, Branch, Membership, User

MANAGE_ONLY = "メンバーを管理できるのは管理者だけです。"
LAST_ADMIN = (
    "この支援機関の有効な管理者が1人もいなくなるため、変更できません。"
    "先に別のメンバーを管理者にしてください。"
)
ALREADY_MEMBER = "このメールアドレスの方は、すでにこの支援機関のメンバーです。"
INVALID_EMAIL = "メールアドレスの形式が正しくありません（例: sato@example.jp）。"
COMPANY_NEEDED = "経営者・従業員は、この支援機関の事業者を1社選んでください。"
COMPANY_NOT_ALLOWED = "事業者を選べるのは経営者・従業員だけです。"
FOREIGN_COMPANY = "選んだ事業者が見つかりません。この支援機関の事業者から選んでください。"
FOREIGN_BRANCH = "選んだ支店が見つかりません。この支援機関の支店から選んでください。"
UNKNOWN_ROLE = "役割は一覧から選んでください。"
INVITE_HOURS = 72


def invite_hours() -> int:
    return getattr(settings, "BANSO_INVITE_HOURS", INVITE_HOURS)


def may_manage_members(membership) -> bool:
    return is_org_admin(membership)


def _require_admin(membership, organization) -> None:
    if not may_manage_members(membership) or membership.organization_id != organization.pk:
        raise PermissionDenied(MANAGE_ONLY)


def _log(organization, code, message, by, **data):
    log_activity(organization_id=organization.pk, code=code, message=message, by=by, data=data)


# --- the invitation link -------------------------------------------------------------------------


class InviteTokenGenerator:
    """Django's password-reset token pattern for invitations: an HMAC over the membership's state and a
    timestamp. It stops working once used (the password, the user's activity and the acceptance time
    are in the hash), when a newer invitation was sent (invited_at), and after INVITE_HOURS."""

    key_salt = "banso.orgs.members.InviteTokenGenerator"

    def _hash_value(self, membership: Membership, timestamp: int) -> str:
        user = membership.user
        return (
            f"{membership.pk}{user.pk}{user.password}{user.is_active}{membership.is_active}"
            f"{membership.invited_at}{membership.invite_accepted_at}{timestamp}"
        )

    def _make(self, membership: Membership, timestamp: int) -> str:
        ts = int_to_base36(timestamp)
        digest = salted_hmac(
            self.key_salt, self._hash_value(membership, timestamp), algorithm="sha256"
        ).hexdigest()[::2]
        return f"{ts}-{digest}"

    @staticmethod
    def _now() -> int:
        return int(timezone.now().timestamp())

    def make_token(self, membership: Membership) -> str:
        return self._make(membership, self._now())

    def check_token(self, membership: Membership, token: str) -> bool:
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not constant_time_compare(self._make(membership, timestamp), token):
            return False
        return 0 <= self._now() - timestamp <= invite_hours() * 3600


invite_tokens = InviteTokenGenerator()


def invitation_for(membership_id, token: str) -> Membership | None:
    """The pending invitation this link is for, or None (unknown, used, replaced or expired)."""
    try:
        pk = int(membership_id)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    membership = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=pk, invited_at__isnull=False, invite_accepted_at__isnull=True, is_active=True)
        .first()
    )
    if membership is None or not invite_tokens.check_token(membership, token or ""):
        return None
    return membership


# --- invite ----------------------------------------------------------------------------------------


def _check_role_company(organization, role: str, company_id, branch_id):
    if role not in Role.values:
        raise ValidationError({"role": UNKNOWN_ROLE})
    errors = {}
    if role in COMPANY_SIDE_ROLES:
        if not company_id:
            errors["company"] = COMPANY_NEEDED
        elif not organization.companies.filter(pk=company_id).exists():
            errors["company"] = FOREIGN_COMPANY
    elif company_id:
        errors["company"] = COMPANY_NOT_ALLOWED
    branch = None
    if branch_id:
        branch = Branch.objects.filter(organization=organization, pk=branch_id).first()
        if branch is None:
            errors["branch"] = FOREIGN_BRANCH
    if errors:
        raise ValidationError(errors)
    return (company_id if role in COMPANY_SIDE_ROLES else None), branch


@dataclass
class Invitation:
    membership: Membership
    new_user: bool  # True: the person sets a password through the link


def invite_member(
    organization,
    *,
    membership,
    by,
    email: str,
    full_name: str = "",
    role: str,
    company_id: int | None = None,
    branch_id: int | None = None,
) -> Invitation:
    """Invite a person by e-mail with a role (経営者・従業員: tied to one company of this organization).

    A new person gets an inactive user (user name = the e-mail address) until they set a password
    through the link (send_invitation); a user who already exists (e.g. of another organization)
    gets a membership here at once. Refuses (ValidationError, Japanese): an invalid e-mail, someone
    already a member, a company or branch of another organization, a company for a support-side
    role. Side effects: the user (if new) and membership rows; `member.invited`.
    """
    _require_admin(membership, organization)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": INVALID_EMAIL}) from None
    company_id, branch = _check_role_company(organization, role, company_id, branch_id)
    full_name = " ".join((full_name or "").split())[:100]
    try:
        with transaction.atomic():
            user = (
                User.objects.select_for_update().filter(email__iexact=email).order_by("pk").first()
                or User.objects.select_for_update().filter(username__iexact=email).first()
            )
            if user is not None and Membership.objects.filter(user=user, organization=organization).exists():
                raise ValidationError({"email": ALREADY_MEMBER})
            # Someone invited elsewhere who never set a password gets a link here too.
            new_user = user is None or not user.has_usable_password()
            if user is None:
                user = User(username=email, email=email, full_name=full_name, is_active=False)
                user.set_unusable_password()
                user.save()
            elif not new_user and not user.is_active:
                # Deactivated by every other organization: this membership lets them sign in again.
                user.is_active = True
                user.save(update_fields=["is_active"])
            now = timezone.now()
            member = Membership(
                user=user,
                organization=organization,
                role=role,
                company_id=company_id,
                branch=branch,
                invited_at=now if new_user else None,
            )
            member._history_user = by
            member.save()
            _log(
                organization,
                "member.invited",
                f"{user.display_name}（{email}）を{member.get_role_display()}として招待しました。",
                by,
                membership_id=member.pk,
                role=role,
                new_user=new_user,
            )
    except IntegrityError:
        raise ValidationError({"email": ALREADY_MEMBER}) from None
    return Invitation(membership=member, new_user=new_user)


def resend_invitation(member: Membership, *, membership, by) -> Membership:
    """A new link for a pending invitation; older links stop working. Side effect: `member.reinvited`."""
    _require_admin(membership, member.organization)
    if member.invite_accepted_at or not member.invited_at or not member.is_active:
        raise DomainError("この招待はすでに使われたか、取り消されています。")
    member.invited_at = timezone.now()
    member._history_user = by
    member.save(update_fields=["invited_at"])
    _log(member.organization, "member.reinvited", f"{member.user.display_name}に招待を送り直しました。", by)
    return member


def send_invitation(invitation: Invitation, *, url_for, sign_in_url: str) -> None:
    """E-mail the invitation. `url_for(membership, token)` builds the absolute link."""
    member = invitation.membership
    organization = member.organization
    if invitation.new_user:
        link = url_for(member, invite_tokens.make_token(member))
        body = (
            f"{member.user.display_name} 様\n\n"
            f"「{organization.name}」から Banso（伴走支援）に"
            f"{member.get_role_display()}として招待されました。\n"
            f"次のリンクを開いてパスワードを設定してください（{invite_hours()}時間有効・1回だけ使えます）。\n\n"
            f"{link}\n\n"
            "ユーザー名はこのメールアドレスです。心当たりがない場合は、このメールを破棄してください。\n"
        )
    else:
        body = (
            f"{member.user.display_name} 様\n\n"
            f"「{organization.name}」のメンバー（{member.get_role_display()}）に追加されました。\n"
            f"いつものユーザー名とパスワードでログインし、支援機関の切り替えから選んでください。\n\n{sign_in_url}\n"
        )
    send_mail(
        subject=f"【Banso】{organization.name}からの招待",
        message=body,
        from_email=None,
        recipient_list=[member.user.email],
    )


def accept_invitation(member: Membership, *, password: str) -> User:
    """Set the invited person's password and activate them; the link stops working.
    Side effects: the user row (password, active), the membership (accepted), `member.joined`."""
    with transaction.atomic():
        current = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
        if current.invite_accepted_at is not None:
            raise DomainError("この招待リンクはすでに使われています。")
        user = current.user
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        current.invite_accepted_at = timezone.now()
        current._history_user = user
        current.save(update_fields=["invite_accepted_at"])
        _log(current.organization, "member.joined", f"{user.display_name}が招待を受けて参加しました。", user)
    return user


# --- role, branch, deactivation ---------------------------------------------------------------------


def _other_active_admins(member: Membership) -> bool:
    return (
        Membership.objects.filter(
            organization_id=member.organization_id, role=Role.ORG_ADMIN, is_active=True, user__is_active=True
        )
        .exclude(pk=member.pk)
        .exists()
    )


def change_member(
    member: Membership,
    *,
    membership,
    by,
    expected_version: int,
    role: str,
    company_id: int | None = None,
    branch_id: int | None = None,
) -> Membership:
    """Change a member's role (and company for 経営者・従業員) and branch, version-checked.

    Refuses: stale version (ConflictError); taking away the last active 管理者 (DomainError); a
    company or branch of another organization (ValidationError). Side effects: the membership row
    (version + 1, history); `member.role.changed` / `member.branch.changed`.
    """
    organization = member.organization
    _require_admin(membership, organization)
    company_id, branch = _check_role_company(organization, role, company_id, branch_id)
    with transaction.atomic():
        current = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "branch")
            .get(pk=member.pk)
        )
        ensure_version(current, expected_version)
        old_role, old_branch = current.get_role_display(), current.branch
        role_changed = current.role != role or current.company_id != company_id
        branch_changed = current.branch_id != (branch.pk if branch else None)
        if not (role_changed or branch_changed):
            return current
        losing_admin = role_changed and current.role == Role.ORG_ADMIN and role != Role.ORG_ADMIN
        if losing_admin and current.is_active and not _other_active_admins(current):
            raise DomainError(LAST_ADMIN)
        current.role, current.company_id, current.branch = role, company_id, branch
        current.version += 1
        current._history_user = by
        current.save()
        name = current.user.display_name
        if role_changed:
            _log(
                organization,
                "member.role.changed",
                f"{name}の役割を{old_role}から{current.get_role_display()}に変更しました。",
                by,
                membership_id=current.pk,
                old=[old_role],
                new=[current.get_role_display()],
            )
        if branch_changed:
            _log(
                organization,
                "member.branch.changed",
                f"{name}の支店を変更しました。",
                by,
                membership_id=current.pk,
                old=[str(old_branch)] if old_branch else [],
                new=[str(branch)] if branch else [],
            )
    return current


def deactivate_member(member: Membership, *, membership, by, expected_version: int) -> int:
    """Stop a member at once: the membership becomes inactive, every API token of it is revoked, and
    when the person has no other active membership their user is deactivated (every session of
    theirs ends on its next request). Refuses the last active 管理者 and oneself (DomainError).
    Returns how many tokens were revoked. Side effects: membership (version + 1), tokens, user;
    `member.deactivated`, one `api.token.revoked` per token."""
    organization = member.organization
    _require_admin(membership, organization)
    if member.pk == membership.pk:
        raise DomainError("自分自身は無効にできません。別の管理者に依頼してください。")
    with transaction.atomic():
        current = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
        ensure_version(current, expected_version)
        if not current.is_active:
            return 0
        if current.role == Role.ORG_ADMIN and not _other_active_admins(current):
            raise DomainError(LAST_ADMIN)
        now = timezone.now()
        current.is_active = False
        current.deactivated_at = now
        current.version += 1
        current._history_user = by
        current.save()
        revoked = 0
        for token in ApiToken.objects.filter(membership=current, revoked_at__isnull=True):
            token.revoked_at = now
            token._history_user = by
            token.save(update_fields=["revoked_at"])
            _log(organization, "api.token.revoked", f"API トークン「{token.name}」を失効させました。", by)
            revoked += 1
        user = current.user
        if not Membership.objects.filter(user=user, is_active=True).exists() and user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
        _log(
            organization,
            "member.deactivated",
            f"{user.display_name}を無効にしました（API トークン{revoked}件を失効）。",
            by,
            membership_id=current.pk,
            tokens_revoked=revoked,
        )
    return revoked


def reactivate_member(member: Membership, *, membership, by, expected_version: int) -> Membership:
    """Let a deactivated member sign in again (their revoked tokens stay revoked). `member.reactivated`."""
    organization = member.organization
    _require_admin(membership, organization)
    with transaction.atomic():
        current = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
        ensure_version(current, expected_version)
        if current.is_active:
            return current
        current.is_active, current.deactivated_at = True, None
        current.version += 1
        current._history_user = by
        current.save()
        user = current.user
        if not user.is_active and (current.invited_at is None or current.invite_accepted_at):
            user.is_active = True
            user.save(update_fields=["is_active"])
        _log(organization, "member.reactivated", f"{user.display_name}を再び有効にしました。", by)
    return current


# --- handover --------------------------------------------------------------------------------------


def successor_choices(organization, *, leaving=None):
    """Active 管理者・支援者 who can take over work (never the leaving member)."""
    members = Membership.objects.filter(
        organization=organization,
        is_active=True,
        user__is_active=True,
        role__in=[Role.ORG_ADMIN, Role.SUPPORTER],
    ).select_related("user", "branch")
    if leaving is not None:
        members = members.exclude(pk=leaving.pk)
    return members.order_by("user__full_name", "user__username")


@dataclass
class HandoverPlan:
    rows: list  # [(successor user, [(step label, WorkItem)…])]
    successors: dict  # company_id -> user
    total: int


def plan_handover(member: Membership, *, successor_ids) -> HandoverPlan:
    """What moves to whom: the leaving member's work, per company, spread over the chosen successors
    in turn (one company and its engagements go to the same successor)."""
    organization = member.organization
    allowed = {m.user_id: m.user for m in successor_choices(organization, leaving=member)}
    chosen = [allowed[i] for i in dict.fromkeys(successor_ids) if i in allowed]
    if not chosen or len(chosen) != len(set(successor_ids)):
        raise ValidationError(
            {"successors": "引き継ぐ人を、この支援機関の有効な管理者・支援者から選んでください。"}
        )
    work = [
        (step.label, item) for step in handover_steps() for item in step.items_of(organization, member.user)
    ]
    # In the order the areas list their work (companies by フリガナ first).
    companies = list(dict.fromkeys(item.company_id for _, item in work))
    successors = {company_id: chosen[i % len(chosen)] for i, company_id in enumerate(companies)}
    grouped = defaultdict(list)
    for label, item in work:
        grouped[successors[item.company_id].pk].append((label, item))
    rows = [(user, grouped[user.pk]) for user in chosen]
    return HandoverPlan(rows=rows, successors=successors, total=len(work))


def hand_over(member: Membership, *, membership, by, successor_ids) -> HandoverPlan:
    """Move the leaving member's companies and open engagements to the successors in one transaction
    (all or nothing). Each area writes its own history and activity; then `member.handed_over`."""
    organization = member.organization
    _require_admin(membership, organization)
    with transaction.atomic():
        plan = plan_handover(member, successor_ids=successor_ids)
        moved = {}
        for step in handover_steps():
            moved[step.key] = step.move(
                organization, from_user=member.user, successors=plan.successors, by=by, membership=membership
            )
        names = "、".join(user.display_name for user, _ in plan.rows)
        _log(
            organization,
            "member.handed_over",
            f"{member.user.display_name}の担当を{names}に引き継ぎました（{plan.total}件）。",
            by,
            membership_id=member.pk,
            moved=moved,
            successors=[user.pk for user, _ in plan.rows],
        )
    return plan


# --- bulk assignment -------------------------------------------------------------------------------


def assign_companies(organization, *, membership, by, supporter_id, company_ids, assign: bool) -> int:
    """Assign (or unassign) one supporter to the chosen companies of this organization, all or nothing.
    Refuses a supporter who is not an active 管理者・支援者 here and companies of another organization."""
    _require_admin(membership, organization)
    target = successor_choices(organization).filter(user_id=supporter_id).first()
    if target is None:
        raise ValidationError(
            {"supporter": "支援者を、この支援機関の有効な管理者・支援者から選んでください。"}
        )
    if not company_ids:
        raise ValidationError({"companies": "事業者を1社以上選んでください。"})
    directory = company_directory()
    if directory is None:
        return 0
    with transaction.atomic():
        changed = directory.assign(
            organization,
            company_ids=company_ids,
            user=target.user,
            assign=assign,
            by=by,
            membership=membership,
        )
        verb = "担当に追加" if assign else "担当から外"
        _log(
            organization,
            "member.companies.assigned" if assign else "member.companies.unassigned",
            f"{target.user.display_name}を事業者{changed}社の{verb}しました。",
            by,
            membership_id=target.pk,
            companies=sorted(int(i) for i in company_ids),
        )
    return changed


# --- branches --------------------------------------------------------------------------------------


def _clean_branch(organization, name: str, code: str, exclude_pk=None):
    name = " ".join((name or "").split())
    code = (code or "").strip()
    if not name:
        raise ValidationError({"name": "支店名を入力してください。"})
    clash = Branch.objects.filter(organization=organization, name=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": "同じ名前の支店がすでにあります。"})
    return name[:100], code[:20]


def create_branch(organization, *, membership, by, name: str, code: str = "") -> Branch:
    _require_admin(membership, organization)
    name, code = _clean_branch(organization, name, code)
    with transaction.atomic():
        branch = Branch(organization=organization, name=name, code=code)
        branch._history_user = by
        branch.save()
        _log(organization, "branch.created", f"支店「{branch}」を作りました。", by, branch_id=branch.pk)
    return branch


def update_branch(
    branch: Branch, *, membership, by, expected_version: int, name: str, code: str = ""
) -> Branch:
    organization = branch.organization
    _require_admin(membership, organization)
    name, code = _clean_branch(organization, name, code, exclude_pk=branch.pk)
    with transaction.atomic():
        current = Branch.objects.select_for_update().get(pk=branch.pk)
        ensure_version(current, expected_version)
        if (current.name, current.code) == (name, code):
            return current
        old = str(current)
        current.name, current.code = name, code
        current.version += 1
        current._history_user = by
        current.save()
        _log(
            organization,
            "branch.updated",
            f"支店「{old}」を「{current}」に変更しました。",
            by,
            branch_id=current.pk,
        )
    return current


def delete_branch(branch: Branch, *, membership, by, expected_version: int) -> None:
    """Delete a branch; its members keep their roles and belong to no branch."""
    organization = branch.organization
    _require_admin(membership, organization)
    with transaction.atomic():
        current = Branch.objects.select_for_update().get(pk=branch.pk)
        ensure_version(current, expected_version)
        _log(organization, "branch.deleted", f"支店「{current}」を削除しました。", by, branch_id=current.pk)
        current._history_user = by
        current.delete()
