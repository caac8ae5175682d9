"""Factories for the knowledge area."""

import factory

from banso.knowledge.models import Network, NetworkMembership
from tests.factories import OrganizationFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"テスト地域 伴走支援推進協議会{n}")


class NetworkMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    organization = factory.SubFactory(OrganizationFactory)
