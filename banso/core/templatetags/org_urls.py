"""`{% ourl "companies:detail" pk=1 %}`: reverse an organization-scoped URL for the current organization.

Every page reverses a few dozen of these (the header's menus, a link per row of a list), and a
reversal is the same string every time for the same name, arguments, script prefix and URLconf: the
results of plain arguments (numbers, text) are kept in a bounded cache per process.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_PLAIN = (int, str)


@lru_cache(maxsize=8192)
def _reverse(name, args, kwargs, prefix, urlconf):
    return reverse(name, args=args, kwargs=dict(kwargs), urlconf=urlconf)


@receiver(setting_changed)
def _forget_urls(*, setting, **_):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


def org_reverse_cached(name, slug: str, *args, **kwargs) -> str:
    values = (*args, *kwargs.values())
    if not all(type(value) in _PLAIN for value in values):
        return reverse(name, args=args, kwargs={"org": slug, **kwargs})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    items = tuple(sorted({"org": slug, **kwargs}.items()))
    return _reverse(name, args, items, get_script_prefix(), urlconf)


@register.simple_tag(takes_context=True)
def ourl(context, name, *args, **kwargs):
    organization = getattr(context["request"], "organization", None) or context.get("current_organization")
    return org_reverse_cached(name, organization.slug, *args, **kwargs)
