"""`{% ourl "companies:detail" pk=1 %}`: reverse an organization-scoped URL for the current organization."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def ourl(context, name, *args, **kwargs):
    organization = getattr(context["request"], "organization", None) or context.get("current_organization")
    return reverse(name, args=args, kwargs={"org": organization.slug, **kwargs})
