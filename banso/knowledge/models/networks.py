"""Networks: a group of organizations (e.g. a regional 伴走支援推進協議会) across which approved,
anonymised knowledge may be published. A system operator creates networks and adds organizations;
each organization's 管理者 decides whether its members may publish to the network."""

from __future__ import annotations

from django.db import models

from banso.core.model_fields import optional_user_field


class Network(models.Model):
    name = models.CharField("ネットワーク名", max_length=200)
    description = models.TextField("説明", blank=True, max_length=2000)
    created_by = optional_user_field("作成者")
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    version = models.PositiveIntegerField("版", default=1, editable=False)

    class Meta:
        verbose_name = "ネットワーク"
        verbose_name_plural = "ネットワーク"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name="ネットワーク"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="network_memberships",
        verbose_name="機関",
    )
    members_may_publish = models.BooleanField("ネットワークへの公開を許可", default=False)
    joined_at = models.DateTimeField("参加日時", auto_now_add=True)
    version = models.PositiveIntegerField("版", default=1, editable=False)

    class Meta:
        verbose_name = "ネットワーク参加機関"
        verbose_name_plural = "ネットワーク参加機関"
        ordering = ["network_id", "organization_id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organization"], name="knowledge_network_org_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.network} / {self.organization}"


def network_ids_of(organization_id: int) -> set[int]:
    """Ids of the networks the organization belongs to."""
    rows = NetworkMembership.objects.filter(organization_id=organization_id)
    return set(rows.values_list("network_id", flat=True))


def partner_organization_ids(organization_id: int) -> set[int]:
    """Ids of the other organizations sharing at least one network with this one."""
    return set(
        NetworkMembership.objects.filter(network__memberships__organization_id=organization_id)
        .exclude(organization_id=organization_id)
        .values_list("organization_id", flat=True)
    )
