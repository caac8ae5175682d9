from banso.orgs.middleware import SESSION_KEY
from banso.orgs.queries import memberships_of, preferred_membership


def current_organization(request):
    """The current organization and the user's other organizations, for the header switcher."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    memberships = getattr(request, "user_memberships", None)  # read by OrganizationMiddleware
    if memberships is None:
        memberships = list(memberships_of(request.user))
    current = getattr(request, "membership", None)
    if current is None and memberships:
        # Pages outside an organization (password change) keep the header of the last one used.
        slug = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        current = preferred_membership(request.user, memberships, session_slug=slug)
    return {
        "current_membership": current,
        "current_organization": current.organization if current else None,
        "user_memberships": memberships,
    }
