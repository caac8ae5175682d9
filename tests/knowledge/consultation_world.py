"""Shared builders of the consultation tests: a network of two organizations whose members may publish."""

from __future__ import annotations

from banso.knowledge.domain import consultations as domain
from banso.knowledge.models import NetworkMembership
from banso.orgs.models import Membership
from tests.knowledge.factories import NetworkFactory


def membership(user, org=None) -> Membership:
    memberships = Membership.objects.filter(user=user)
    return memberships.get(organization=org) if org else memberships.get()


def network_of(*orgs, may_publish=True):
    network = NetworkFactory(name="みなと地域 伴走支援推進協議会")
    for org in orgs:
        NetworkMembership.objects.create(network=network, organization=org, members_may_publish=may_publish)
    return network


def ask(
    user,
    *,
    network=None,
    title="数字を見ようとしない社長",
    body="試算表を見せても話題を変えられます。",
    **extra,
):
    return domain.ask(
        membership(user),
        by=user,
        title=title,
        body=body,
        audience="network" if network else "organization",
        network_id=network.pk if network else None,
        **extra,
    )
