"""/api/v1 routes of the engagements area, one module per concept (api.md): engagements, dialogues,
issues (the issue tree), wall-assessments, stakeholders, actions (+ reviews), referrals, follow-ups
(+ outcome baseline) and the organization's support-body directory.

Same domain functions, permissions and loaders as the pages (banso.engagements.permissions and
.queries): a foreign object is 404, a read-only one 403, a stale `version` 409, a field rule 422
and a business rule 400, each with a Japanese `detail`."""

from banso.api.engagements import (
    actions,
    dialogues,
    engagements,
    followups,
    issues,
    referrals,
    stakeholders,
    support_bodies,
    surveys,
    walls,
)

# In the order the routes appear in the OpenAPI document.
ROUTERS = [
    engagements.router,
    dialogues.router,
    issues.router,
    walls.router,
    stakeholders.router,
    actions.router,
    referrals.router,
    followups.router,
    surveys.router,
    support_bodies.router,
]
