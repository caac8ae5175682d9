"""/api/v1/companies/{id}/engagements and /api/v1/engagements/{id}/... (api.md)."""

from ninja import Router

router = Router(tags=["engagements"])
