"""Forms of the knowledge search: the search itself (GET) and a synonym group."""

from __future__ import annotations

from django import forms

from banso.companies.engines.industries import MAJOR_INDUSTRIES
from banso.companies.engines.size import SIZE_LABELS
from banso.core.forms import BansoForm
from banso.knowledge.search_index import SCOPES, SearchFilters

STEP_CHOICES = [("", "すべて")] + [(str(n), f"ステップ{n}") for n in range(1, 8)]


class SearchForm(BansoForm):
    q = forms.CharField(label="検索語", required=False, strip=False)
    scope = forms.ChoiceField(label="範囲", choices=list(SCOPES.items()), required=False)
    industry = forms.ChoiceField(
        label="業種", choices=[("", "すべて"), *MAJOR_INDUSTRIES.items()], required=False
    )
    size = forms.ChoiceField(label="規模", choices=[("", "すべて"), *SIZE_LABELS.items()], required=False)
    step = forms.ChoiceField(label="ステップ", choices=STEP_CHOICES, required=False)
    kind = forms.ChoiceField(label="種類", choices=[("", "すべて")], required=False)

    def __init__(self, *args, kinds=(), walls=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "すべて"), *kinds]
        if walls:
            self.fields["wall"] = forms.ChoiceField(
                label="高い壁", choices=[("", "すべて"), *walls], required=False
            )

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            scope=data.get("scope") or "all",
            industry=data.get("industry") or "",
            size=data.get("size") or "",
            wall=data.get("wall") or "",
            step=int(data["step"]) if data.get("step") else None,
            kind=data.get("kind") or "",
        )


class SynonymForm(BansoForm):
    words = forms.CharField(
        label="同じ意味の言葉",
        max_length=300,
        help_text="読点（、）またはスペースで区切って2語以上。例: 見える化、可視化",
    )
