"""`{% ourl "companies:detail" pk=1 %}`: reverse an organization-scoped URL for the current organization."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def ourl(context, name, *args, **kwargs):
    request = context["request"]
    return reverse(name, args=args, kwargs={"org": request.organization.slug, **kwargs})
