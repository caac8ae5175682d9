"""`{% engagement_panels company engagement %}`: the panels registered by other areas
(banso.core.engagement_panels), rendered on the engagement's page."""

from django import template

from banso.core.engagement_panels import engagement_panels as panels_for

register = template.Library()


@register.inclusion_tag("includes/engagement_panels.html", takes_context=True)
def engagement_panels(context, company, engagement):
    request = context.get("request")
    if request is None:
        return {"panels": []}
    return {"panels": panels_for(request, company, engagement.pk, engagement.kind)}
