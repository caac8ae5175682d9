import pytest
from django.db import IntegrityError

from banso.core.access import network_organization_ids
from tests.factories import OrganizationFactory
from tests.knowledge.factories import NetworkFactory, NetworkMembershipFactory

pytestmark = pytest.mark.django_db


def test_network_organization_ids_are_the_other_members_of_its_networks():
    a, b, c, outsider = (OrganizationFactory() for _ in range(4))
    one, two = NetworkFactory(), NetworkFactory()
    NetworkMembershipFactory(network=one, organization=a)
    NetworkMembershipFactory(network=one, organization=b)
    NetworkMembershipFactory(network=two, organization=a)
    NetworkMembershipFactory(network=two, organization=c)
    NetworkMembershipFactory(network=NetworkFactory(), organization=outsider)

    assert network_organization_ids(a) == {b.pk, c.pk}
    assert network_organization_ids(b) == {a.pk}
    assert network_organization_ids(outsider.pk) == set()
    assert network_organization_ids(OrganizationFactory()) == set()


def test_an_organization_joins_a_network_once():
    membership = NetworkMembershipFactory()
    assert membership.members_may_publish is False
    with pytest.raises(IntegrityError):
        NetworkMembershipFactory(network=membership.network, organization=membership.organization)
