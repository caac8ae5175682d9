"""Networks of organizations (e.g. a regional 伴走支援推進協議会), without core importing the knowledge area.

The knowledge area owns the Network and NetworkMembership models and registers a provider here in its
AppConfig.ready(). The access rule asks this module which organizations share a network with a given
one; without the knowledge area an organization shares a network with nobody.
"""

from __future__ import annotations

from collections.abc import Callable

# (organization id) -> ids of the networks the organization belongs to
_networks_of: list[Callable[[int], set[int]]] = []
# (organization id) -> ids of the organizations sharing at least one network with it (itself excluded)
_partners_of: list[Callable[[int], set[int]]] = []


def register_network_provider(
    *, networks_of: Callable[[int], set[int]], partners_of: Callable[[int], set[int]]
) -> None:
    """Set the provider (once; registering again, e.g. when apps reload in tests, replaces it)."""
    _networks_of[:] = [networks_of]
    _partners_of[:] = [partners_of]


def _org_id(organization) -> int | None:
    if organization is None:
        return None
    return organization if isinstance(organization, int) else organization.pk


def network_ids_of(organization) -> set[int]:
    """Ids of the networks the organization (an Organization or its id) belongs to."""
    org_id = _org_id(organization)
    if org_id is None or not _networks_of:
        return set()
    return set(_networks_of[0](org_id))


def network_organization_ids(organization) -> set[int]:
    """Ids of the OTHER organizations sharing at least one network with this one (never itself)."""
    org_id = _org_id(organization)
    if org_id is None or not _partners_of:
        return set()
    return set(_partners_of[0](org_id)) - {org_id}
