"""Lookups of the signed-in user's own memberships and tokens."""

from banso.core.models import ActivityLog
from banso.orgs.models import ApiToken, Membership


def memberships_of(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True, organization__isnull=False)
        .select_related("organization", "company")
        .order_by("organization__name")
    )


def membership_for(user, org_slug: str) -> Membership | None:
    return memberships_of(user).filter(organization__slug=org_slug).first()


def tokens_of(membership: Membership):
    return ApiToken.objects.filter(membership=membership).order_by("-created_at")


def usable_tokens_of_user(user):
    """The user's API tokens that still work, in every organization they belong to."""
    return ApiToken.objects.usable().filter(membership__user=user).select_related("membership")


def preferred_membership(user, memberships, *, session_slug: str | None = None):
    """The organization to open: this session's, else the one used last, else the first by name."""
    for wanted in (session_slug, getattr(user.last_organization, "slug", None)):
        for membership in memberships:
            if wanted and membership.organization.slug == wanted:
                return membership
    return memberships[0]


def activity_of(organization, *, code_prefix: str = ""):
    events = ActivityLog.objects.filter(organization_id=organization.pk)
    if code_prefix:
        events = events.filter(code__startswith=code_prefix)
    return events.order_by("-created_at", "-id")


def job_membership(job) -> Membership | None:
    """The membership a background job runs as: its user's active membership in the job's
    organization at the time it runs (None once deactivated: the job is then refused)."""
    if not job.user.is_active:
        return None
    return (
        Membership.objects.filter(user_id=job.user_id, organization_id=job.organization_id, is_active=True)
        .select_related("organization", "company")
        .first()
    )
