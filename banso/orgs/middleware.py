"""Resolves the organization once per request, from the URL, the pretix way.

Every organization-scoped URL starts with /o/<org>/. The middleware takes `org` out of the view
arguments, finds the signed-in user's active membership in it and sets `request.membership` and
`request.organization`. An organization the user does not belong to — or one that does not exist —
is the same 404, so the URL never confirms that another organization exists.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from banso.core.access import kind_in_path, not_found_message
from banso.orgs.domain import remember_organization
from banso.orgs.queries import membership_for

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
        membership = membership_for(request.user, slug)
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
