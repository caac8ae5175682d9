"""Fixtures for comments and notifications: the owner portal's world (shared, internal and another
company's actions; an employee) and a lender of a third organization holding a live grant."""

import pytest
from django.urls import reverse

from banso.core.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.portal.conftest import employee, portal_world  # noqa: F401  (fixtures)


@pytest.fixture
def lender(company, supporter):
    from tests.sharing.factories import make_grant

    grant = make_grant(company, by=supporter)
    user = UserFactory(username="lender", full_name="小林 亮")
    MembershipFactory(user=user, organization=grant.grantee_organization, role=Role.SUPPORTER)
    return user


def thread_url(org, kind, object_id):
    return reverse("comments:thread", kwargs={"org": org.slug, "kind": kind, "object_id": object_id})


HTMX = {"HTTP_HX_REQUEST": "true"}
