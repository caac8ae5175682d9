"""Aids other areas offer beside an engagement's forms (e.g. the knowledge area's 質問バンク next to the
dialogue form, and its action templates next to the action form), without the engagements area
importing them.

The engagements area builds an `EngagementFormContext` (the engagement's current step, its latest wall
ratings and the company's industry) for the form it shows and renders whatever the registered providers
return through `{% engagement_form_aids aid_context %}` (banso.core.templatetags.engagement_form_aids).
An aid is a titled panel whose body is fetched with htmx from `url`; what it inserts into the form is
said by `target` (the id of the field a chosen text goes into) and the fragment's own buttons
(`data-insert-text` / `data-fill-fields`, handled in static/js/form-aids.js). Without the providing area
the form still works; it just shows no aid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

DIALOGUE_FORM = "dialogue"
ACTION_FORM = "action"


@dataclass(frozen=True)
class EngagementFormContext:
    form: str  # DIALOGUE_FORM / ACTION_FORM
    engagement_id: int
    company_id: int
    step: int
    industry_code: str = ""
    wall_ratings: dict[str, int] = field(default_factory=dict)  # the latest assessment, 0–3 per wall key
    target: str = ""  # the id of the field a picked text is inserted into (dialogue form)


@dataclass(frozen=True)
class FormAid:
    key: str  # stable, used in data-testid and element ids
    title: str
    url: str  # GET, answers an HTML fragment
    open_label: str  # the button that loads the fragment
    help: str = ""


FormAidProvider = Callable[[object, EngagementFormContext], "FormAid | None"]

_providers: list[FormAidProvider] = []


def register_form_aid(provider: FormAidProvider) -> FormAidProvider:
    """Add a provider once (safe to call again, e.g. when apps are reloaded in tests)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def form_aids(request, context: EngagementFormContext | None) -> list[FormAid]:
    if request is None or context is None:
        return []
    aids = []
    for provider in _providers:
        aid = provider(request, context)
        if aid is not None:
            aids.append(aid)
    return aids
