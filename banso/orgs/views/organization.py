"""Sign-in landing, organization home and switching, API token management."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.errors import ConflictError
from banso.core.forms import add_domain_errors
from banso.core.pagination import paginate
from banso.core.roles import is_org_admin
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.orgs import queries
from banso.orgs.domain import organizations as domain
from banso.orgs.forms.organization import (
    ApiTokenForm,
    LoginForm,
    OrganizationSettingsForm,
    PasswordChangeWithTokensForm,
)
from banso.orgs.lockout import is_locked_out, lockout_response, record_failure
from banso.orgs.middleware import SESSION_KEY

NEW_TOKEN_SESSION_KEY = "banso_new_api_token"


class BansoLoginView(LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class BansoPasswordChangeView(PasswordChangeView):
    """Password change with the sign-in lock-out: a wrong current password counts as a failed
    sign-in (per user name and IP), and once locked the form is refused with the lock-out page.
    On success the user may revoke their API tokens (the default)."""

    form_class = PasswordChangeWithTokensForm

    def post(self, request, *args, **kwargs):
        username = request.user.get_username()
        if is_locked_out(request, username=username):
            return lockout_response(request, username=username)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            record_failure(self.request, username=self.request.user.get_username())
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.user
        revoked = domain.change_password(
            user,
            new_password=form.cleaned_data["new_password1"],
            revoke_api_tokens=bool(form.cleaned_data.get("revoke_api_tokens")),
        )
        update_session_auth_hash(self.request, user)
        message = "パスワードを変更しました。"
        if revoked:
            message += f"API トークン{revoked}件を失効させました。"
        elif form.token_count:
            message += f"API トークン{form.token_count}件は有効のままです。"
        messages.success(self.request, message)
        return redirect(self.get_success_url())


@login_required
def home(request):
    """Send the user to the organization they used last, or their first one."""
    memberships = list(queries.memberships_of(request.user))
    if not memberships:
        return render(request, "orgs/no_membership.html", status=200)
    chosen = queries.preferred_membership(
        request.user, memberships, session_slug=request.session.get(SESSION_KEY)
    )
    return redirect(landing_url(chosen))


def landing_url(membership) -> str:
    """Company-side users (経営者・従業員) land on the owner portal; the support side on their home
    (今日やること, banso/home)."""
    slug = membership.organization.slug
    if membership.is_company_side:
        return org_reverse(slug, "portal:home")
    return org_reverse(slug, "home:today")


def organization_home(request):
    return redirect(landing_url(request.membership))


@require_http_methods(["GET", "POST"])
def api_tokens(request):
    membership = request.membership
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = domain.create_api_token(
            membership,
            name=form.cleaned_data["name"],
            expires_in_days=form.cleaned_data["expires_in_days"] or None,
        )
        # Post/redirect/get: a reload must not create a second token; the key is shown once.
        request.session[NEW_TOKEN_SESSION_KEY] = raw
        messages.success(
            request, f"API トークン「{token.name}」を作成しました。この画面を離れると再表示できません。"
        )
        return redirect(org_reverse(request, "orgs:api_tokens"))
    new_key = request.session.pop(NEW_TOKEN_SESSION_KEY, None) if request.method == "GET" else None
    return render(
        request,
        "orgs/api_tokens.html",
        {"form": form, "tokens": queries.tokens_of(membership), "new_key": new_key},
    )


def api_token_revoke(request, pk):
    token = get_object_or_404(queries.tokens_of(request.membership), pk=pk)
    if refusal := refuse_unless_post(request):
        return refusal
    domain.revoke_api_token(token, by=request.user)
    messages.success(request, f"API トークン「{token.name}」を失効させました。")
    return redirect(org_reverse(request, "orgs:api_tokens"))


ACTIVITY_FILTERS = {
    "": "すべて",
    "company.": "事業者",
    "engagement.": "伴走支援",
    "diagnosis.": "診断",
    "api.": "API トークン",
    "organization.": "支援機関の設定",
    "download.": "ダウンロード",
    "account.": "アカウント",
    "member.": "メンバー",
    "branch.": "支店",
}


# The newest 10,000 events (200 pages) are reachable page by page; counting and paging a log of
# millions of rows cost seconds (issue 10), and older events are found with the kind filter.
ACTIVITY_MAX_ROWS = 10_000


def activity_log(request):
    """The organization's business events, newest first (管理者 only): who did what, when — including
    what happened to records that no longer exist (a deleted company)."""
    if not is_org_admin(request.membership):
        raise PermissionDenied("活動ログを見られるのは管理者だけです。")
    prefix = request.GET.get("kind", "")
    events = queries.activity_of(
        request.organization, code_prefix=prefix if prefix in ACTIVITY_FILTERS else ""
    )
    return render(
        request,
        "orgs/activity.html",
        {
            "page": paginate(request, events, per_page=50, max_count=ACTIVITY_MAX_ROWS),
            "filters": ACTIVITY_FILTERS,
            "kind": prefix,
        },
    )


@require_http_methods(["GET", "POST"])
def organization_settings(request):
    """The organization's settings (管理者 only): how documents write dates (西暦 or 和暦)."""
    if not domain.may_change_settings(request.membership):
        raise PermissionDenied(domain.SETTINGS_ADMIN_ONLY)
    organization = request.organization
    form = OrganizationSettingsForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            domain.change_organization_settings(
                organization,
                membership=request.membership,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                document_era=form.cleaned_data["document_era"],
                require_two_factor=form.cleaned_data["require_two_factor"],
            )
        except ConflictError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "支援機関の設定を保存しました。")
            return redirect(org_reverse(request, "orgs:settings"))
    return render(request, "orgs/settings.html", {"form": form})
