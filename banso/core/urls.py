"""Reverse organization-scoped URLs from Python (the template side is `{% ourl %}`)."""

from django.urls import reverse


def org_reverse(request_or_slug, name: str, **kwargs) -> str:
    slug = request_or_slug if isinstance(request_or_slug, str) else request_or_slug.organization.slug
    return reverse(name, kwargs={"org": slug, **kwargs})
