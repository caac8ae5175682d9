"""Forms of the next-month actions: an action (what, who, how it is measured, the engagement action it
serves) and its review a month later."""

from __future__ import annotations

from django import forms

from banso.core import engagement_links
from banso.core.forms import BansoForm, BansoModelForm, VersionedFormMixin
from banso.monitoring.models import NextMonthAction


class NextMonthActionForm(VersionedFormMixin, BansoModelForm):
    engagement_action_id = forms.TypedChoiceField(
        label="伴走支援のアクション", required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = NextMonthAction
        fields = ["title", "owner", "measure", "engagement_action_id"]
        widgets = {"title": forms.TextInput(attrs={"placeholder": "例: 既存顧客への訪問を増やす"})}
        help_texts = {"measure": "達成を測る基準（例: 営業訪問20件、在庫を月末までに1割圧縮）"}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        refs = engagement_links.actions_of(company)
        self.fields["engagement_action_id"].choices = [("", "（紐づけない）")] + [
            (ref.id, ref.label) for ref in refs
        ]
        if not refs:
            self.fields[
                "engagement_action_id"
            ].help_text = "この事業者の伴走支援案件にアクションがありません。"

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


REVIEW_CHOICES = [(v, label) for v, label in NextMonthAction.Review.choices if v != "not_reviewed"]


class NextMonthActionReviewForm(VersionedFormMixin, BansoForm):
    review = forms.ChoiceField(label="振り返り", choices=REVIEW_CHOICES, widget=forms.RadioSelect)
    review_note = forms.CharField(
        label="理由・所見",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="一部実施・未実施のときは、なぜできなかったかを書きます。",
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(action)
        if action.review != "not_reviewed":
            self.initial.setdefault("review", action.review)
            self.initial.setdefault("review_note", action.review_note)
