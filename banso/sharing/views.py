"""Pages of the consent ledger (company side) and the read-only shared views (grantee side).

Company side, under /o/<org>/companies/<id>/sharing/: the grants, the grant form, revocation and the
access log. Grantee side, under /o/<org>/shared/: the companies shared with the organization and,
per company, each granted scope rendered by the area that owns it (core.shared_scopes) — read-only,
with every view and download logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from banso.core.downloads import serve_file
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.pagination import paginate
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.core.shared_scopes import SCOPE_LABELS, shared_scope
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.sharing import domain, queries
from banso.sharing.documents import CONTENT_TYPES
from banso.sharing.forms import GrantForm, RevokeForm
from banso.sharing.models import ShareAccessLog
from banso.sharing.permissions import ensure_may_manage, may_manage

LOG_ON_PAGE = 20


def _ledger_url(request, company):
    return org_reverse(request, "sharing:consents", company_pk=company.pk)


@login_required
@require_http_methods(["GET", "POST"])
def consents(request, company_pk: int):
    company = queries.ledger_company_or_404(request.membership, company_pk)
    can_manage = may_manage(request.membership, company)
    documented = request.membership.role in SUPPORT_SIDE_ROLES
    form = None
    if can_manage:
        form = GrantForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            company=company,
            documented=documented,
        )
    if request.method == "POST":
        ensure_may_manage(request.membership, company)
        if form.is_valid():
            data = form.cleaned_data
            try:
                grant = domain.grant_consent(
                    company,
                    by=request.user,
                    membership=request.membership,
                    grantee=data["grantee_organization"],
                    scopes=data["scopes"],
                    expires_on=data["expires_on"],
                    consented_on=data.get("consented_on"),
                    document=data.get("document"),
                    note=data["note"],
                )
            except (ValidationError, DomainError) as error:
                add_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{grant.grantee_organization.name}に共有しました。{grant.expires_on:%Y/%m/%d}まで閲覧できます。",
                )
                return redirect(_ledger_url(request, company))
    today = domain.today()
    rows = [
        {"grant": g, "state": g.state(today), "state_label": g.state_label(today)}
        for g in queries.grants(company)
    ]
    return render(
        request,
        "sharing/consents.html",
        {
            "company": company,
            "tab": "sharing",
            "rows": rows,
            "form": form,
            "documented": documented,
            "can_manage": can_manage,
            "log": list(queries.access_log(company)[:LOG_ON_PAGE]),
            "log_count": queries.access_log(company).count(),
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
def grant_revoke(request, company_pk: int, pk: int):
    company = queries.ledger_company_or_404(request.membership, company_pk)
    grant = queries.grant_or_404(request.membership, company, pk)
    ensure_may_manage(request.membership, company)
    if refusal := refuse_unless_post(request):
        return refusal
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "どの時点の内容か確認できないため、取り消していません。画面を開き直してください。"
        )
        return redirect(_ledger_url(request, company))
    try:
        domain.revoke_grant(grant, by=request.user, expected_version=form.cleaned_data["version"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{grant.grantee_organization.name}への共有を取り消しました。今この時点から閲覧できません。",
        )
    return redirect(_ledger_url(request, company))


@login_required
@require_GET
def grant_document(request, company_pk: int, pk: int):
    company = queries.ledger_company_or_404(request.membership, company_pk)
    grant = queries.grant_or_404(request.membership, company, pk)
    if not grant.document:
        raise Http404("この同意には同意書が添付されていません。")
    extension = grant.document.name.rsplit(".", 1)[-1].lower()
    return serve_file(
        request,
        grant.document.open("rb"),
        kind="sharing.consent_document",
        filename=grant.document_name or f"同意書.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        company=company,
        obj=grant,
        size=grant.document_size,
    )


@login_required
@require_GET
def share_log(request, company_pk: int):
    company = queries.ledger_company_or_404(request.membership, company_pk)
    page = paginate(request, queries.access_log(company), per_page=50)
    return render(request, "sharing/share_log.html", {"company": company, "tab": "sharing", "page": page})


# --- the grantee side ---


def _ensure_grantee_side(request):
    membership = request.membership
    if membership is None or membership.role not in SUPPORT_SIDE_ROLES:
        raise Http404(queries.SHARED_NOT_FOUND)


@login_required
@require_GET
def shared_list(request):
    _ensure_grantee_side(request)
    return render(
        request,
        "sharing/shared_list.html",
        {"shared": queries.shared_companies(request.membership), "today": domain.today()},
    )


def _scope_nav(request, shared, current=None):
    return [
        {
            "code": code,
            "label": SCOPE_LABELS[code],
            "url": org_reverse(request, "shared:scope", company_pk=shared.company.pk, scope=code),
            "current": code == current,
        }
        for code in shared.scopes
    ]


@login_required
@require_GET
def shared_company(request, company_pk: int):
    _ensure_grantee_side(request)
    shared = queries.shared_company_or_404(request.membership, company_pk, None, user=request.user)
    return render(
        request,
        "sharing/shared_company.html",
        {"shared": shared, "company": shared.company, "nav": _scope_nav(request, shared)},
    )


def _log_access(request, shared, scope: str, action, object_label: str) -> None:
    """Write the access log line of a shared view or download, under the first live grant."""
    domain.log_access(
        company=shared.company,
        grant=shared.grants[0],
        membership=request.membership,
        user=request.user,
        scope=scope,
        action=action,
        object_label=object_label,
    )


def _known_scope(scope: str) -> str:
    return scope if scope in SCOPE_LABELS else scope[:40]


def _granted_scope(request, company_pk: int, scope: str):
    """The shared company (404 unless a live grant names `scope`) and the area's provider of it."""
    _ensure_grantee_side(request)
    shared = queries.shared_company_or_404(
        request.membership, company_pk, _known_scope(scope), user=request.user
    )
    return shared, shared_scope(scope)


@login_required
@require_GET
def shared_scope_view(request, company_pk: int, scope: str):
    shared, provider = _granted_scope(request, company_pk, scope)

    def download_url(item: str) -> str:
        return org_reverse(request, "shared:download", company_pk=shared.company.pk, scope=scope, item=item)

    content = provider.render(request, shared.company, download_url)
    _log_access(request, shared, scope, ShareAccessLog.Action.VIEW, content.object_label)
    return render(
        request,
        "sharing/shared_scope.html",
        {
            "shared": shared,
            "company": shared.company,
            "nav": _scope_nav(request, shared, scope),
            "scope_label": SCOPE_LABELS[scope],
            "content": content,
            "now": timezone.localtime(),
        },
    )


@login_required
@require_GET
def shared_download(request, company_pk: int, scope: str, item: str):
    shared, provider = _granted_scope(request, company_pk, scope)
    if provider.download is None or len(item) > 100:
        raise Http404(queries.SHARED_NOT_FOUND)
    result = provider.download(request, shared.company, item)
    _log_access(request, shared, scope, ShareAccessLog.Action.DOWNLOAD, result.object_label)
    return result.response
