"""/api/v1/engagements/{id}/actions, /referrals, /follow-ups (api.md)."""

from ninja import Router

router = Router(tags=["engagements"])
