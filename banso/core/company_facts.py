"""Facts other areas add to the company header (ux.md: the header always shows 商号, 業種, 決算月,
担当者 and the current engagement step).

Imports flow one way (core ← companies ← engagements), so the companies header cannot ask the
engagements area directly. Instead an area registers a provider here when it starts
(AppConfig.ready) and the header renders whatever the providers return through the
`{% company_facts company %}` tag (banso.core.templatetags.company_facts). Removing an area removes
its facts; the header keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CompanyFact:
    label: str
    value: str
    url: str = ""


# A provider receives the request and the (already visible) company and returns zero or more facts.
FactProvider = Callable[[object, object], list[CompanyFact]]

_providers: list[FactProvider] = []


def register_company_fact(provider: FactProvider) -> FactProvider:
    """Add a provider once (safe to call again, e.g. when apps are reloaded in tests)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def company_facts(request, company) -> list[CompanyFact]:
    facts: list[CompanyFact] = []
    for provider in _providers:
        facts.extend(provider(request, company))
    return facts
