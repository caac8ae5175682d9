"""Referrals (橋渡し) to a support body of the organization's directory."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from banso.core.forms import JapaneseDateField
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.forms.fields import IssueChoiceField, VersionedForm
from banso.engagements.models import Referral, SupportBody


class SupportBodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.type_label}）"


class ReferralForm(VersionedForm):
    support_body = SupportBodyChoiceField(
        label="橋渡し先",
        queryset=None,
        empty_label="選んでください",
        error_messages={"required": "橋渡し先を選んでください。"},
    )
    referred_on = JapaneseDateField(label="橋渡しした日")
    closed_on = JapaneseDateField(
        label="完了・見送りの日",
        required=False,
        help_text="空欄で「完了」「見送り」にすると今日の日付が入ります。",
    )
    issue = IssueChoiceField(
        label="関係する課題", queryset=None, required=False, empty_label="（紐づけない）"
    )

    class Meta:
        model = Referral
        fields = list(referral_domain.REFERRAL_FIELDS)
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, engagement, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.engagement = engagement
        bodies = SupportBody.objects.filter(organization=organization)
        if self.instance.pk:
            bodies = bodies.filter(is_active=True) | bodies.filter(pk=self.instance.support_body_id)
        else:
            bodies = bodies.filter(is_active=True)
        self.fields["support_body"].queryset = bodies.order_by("body_type", "name")
        self.fields["issue"].queryset = engagement.issue_nodes.order_by("position", "id")
        self.fields["reason"].help_text = "なぜ橋渡しするのか、先方に何を期待するのか"
        self.fields["outcome"].help_text = "先方の支援で何が得られたか、事業者の受け止め"

    def clean(self):
        """The closing day as the domain sets it (today for 完了・見送り, none while open), so the model's
        own check sees the value that will be saved."""
        data = super().clean()
        if data.get("status") and "closed_on" not in self.errors:
            try:
                data["closed_on"] = referral_domain.closing_day(
                    data["status"], data.get("closed_on"), data.get("referred_on")
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return data
