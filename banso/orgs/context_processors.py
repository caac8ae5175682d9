from banso.orgs.queries import memberships_of


def current_organization(request):
    """The current organization and the user's other organizations, for the header switcher."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_membership": getattr(request, "membership", None),
        "current_organization": getattr(request, "organization", None),
        "user_memberships": memberships_of(request.user),
    }
