"""The orgs area's request middleware: the organization from the URL, and the second sign-in factor.

OrganizationMiddleware resolves the organization once per request, from the URL, the pretix way.
Every organization-scoped URL starts with /o/<org>/. The middleware takes `org` out of the view
arguments, finds the signed-in user's active membership in it and sets `request.membership` and
`request.organization`. An organization the user does not belong to — or one that does not exist —
is the same 404, so the URL never confirms that another organization exists.
"""

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from banso.core.access import kind_in_path, not_found_message
from banso.orgs.domain import remember_organization, two_factor
from banso.orgs.queries import memberships_of

UNKNOWN_ORGANIZATION_MESSAGE = "指定された支援機関は見つからないか、ご利用の権限がありません。"
SESSION_KEY = "banso_current_org"


class OrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.organization = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.pop("org", None)
        if slug is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # One query for every page: the user's memberships, which the header's organization switcher
        # shows too (orgs.context_processors reads them from the request instead of asking again).
        request.user_memberships = memberships = list(memberships_of(request.user))
        membership = next((m for m in memberships if m.organization.slug == slug), None)
        if membership is None:
            # Say what the URL pointed to (a company pasted from another organization says 事業者,
            # not 支援機関), in the same words as for a record that does not exist.
            kind = kind_in_path(request.path_info)
            raise Http404(not_found_message(kind) if kind else UNKNOWN_ORGANIZATION_MESSAGE)
        request.membership = membership
        request.organization = membership.organization
        if request.session.get(SESSION_KEY) != slug:
            request.session[SESSION_KEY] = slug
        remember_organization(request.user, membership.organization)
        return None


class TwoFactorMiddleware:
    """After the password, a user who still owes a second factor (orgs.two_factor, decided at sign-in)
    reaches only the page that takes it, sign-out and the health check; every other page sends them
    there. The API is not affected: it takes tokens, never the session."""

    ALLOWED = {
        two_factor.NEEDS_CODE: {"two_factor_verify", "logout", "health"},
        two_factor.NEEDS_SETUP: {"two_factor_setup", "logout", "health"},
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = self.ALLOWED.get(request.session.get(two_factor.SESSION_STATE))
        if allowed is None or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in allowed:
            return None
        if request.path_info.startswith("/api/"):
            return None
        target = "two_factor_verify" if allowed is self.ALLOWED[two_factor.NEEDS_CODE] else "two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
