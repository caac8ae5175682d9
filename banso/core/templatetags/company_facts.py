"""`{% company_facts company %}`: the facts registered by other areas (banso.core.company_facts),
rendered as extra rows of the company header."""

from django import template

from banso.core.company_facts import company_facts as facts_for

register = template.Library()


@register.inclusion_tag("includes/company_facts.html", takes_context=True)
def company_facts(context, company):
    request = context.get("request")
    return {"facts": facts_for(request, company) if request is not None else [], "request": request}
