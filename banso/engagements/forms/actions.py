"""The action plan (step ⑥): an action, its review, and the monthly review of several actions."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, JapaneseDateField, JapaneseDecimalField, VersionedFormMixin
from banso.engagements.engines import guideline as g
from banso.engagements.forms.fields import IssueChoiceField, StakeholderChoiceField, VersionedForm
from banso.engagements.models import Action


class ActionForm(VersionedForm):
    owner = StakeholderChoiceField(
        label="誰が",
        queryset=None,
        empty_label="選んでください",
        help_text="事業者の社内の方から選びます（取組の主体は事業者です）。",
        error_messages={"required": "担当する方（誰が）を選んでください。"},
    )
    due_on = JapaneseDateField(label="いつまでに")
    expected_value = JapaneseDecimalField(
        label="効果の目標値",
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text="数値で表せる場合（例: 2、15、1,200）",
    )
    root_issue = IssueChoiceField(
        label="取り組む裏課題", queryset=None, required=False, empty_label="（紐づけない）"
    )

    class Meta:
        model = Action
        fields = [
            "what",
            "owner",
            "due_on",
            "how_much",
            "how",
            "expected_effect",
            "expected_value",
            "expected_unit",
            "root_issue",
            "status",
            "visibility",
        ]
        widgets = {
            "how_much": forms.Textarea(attrs={"rows": 2}),
            "how": forms.Textarea(attrs={"rows": 2}),
            "expected_effect": forms.Textarea(attrs={"rows": 2}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.engagement = engagement
        internal = engagement.stakeholders.filter(role__in=g.INTERNAL_STAKEHOLDER_ROLES)
        self.fields["owner"].queryset = internal
        self.fields["root_issue"].queryset = engagement.issue_nodes.filter(kind="root")
        # Left unanswered, a new action is shared and an edited one keeps its visibility.
        self.fields["visibility"].required = False
        self._visibility_before = self.instance.visibility
        self.fields[
            "what"
        ].help_text = "すぐに始められる小さな一歩で書きます（例: 朝礼で前日の不良件数を共有する）"
        self.fields["how_much"].help_text = "例: 毎朝5分、主要10品目"
        self.fields["expected_effect"].help_text = "例: 不良率を3%から2%へ"
        if not self.instance.pk:
            del self.fields["status"]

    def clean_visibility(self):
        return self.cleaned_data.get("visibility") or self._visibility_before


class ActionReviewForm(VersionedFormMixin, BansoForm):
    reviewed_on = JapaneseDateField(label="振り返った日")
    status = forms.ChoiceField(label="振り返り後の状況", choices=g.ACTION_STATUS_CHOICES)
    result = forms.CharField(
        label="結果（やったこと・できたこと）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    learning = forms.CharField(label="学び", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label="次の一歩", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    small_success = forms.BooleanField(label="小さな成功体験として事業者と確かめた", required=False)
    dialogue = forms.ModelChoiceField(
        label="振り返った対話", queryset=None, required=False, empty_label="（なし）"
    )

    def __init__(self, *args, engagement, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dialogue"].queryset = engagement.dialogues.order_by("-held_at")
        self.expect_version(action)


class MonthlyReviewHeadForm(BansoForm):
    reviewed_on = JapaneseDateField(label="振り返った日")
    dialogue = forms.ModelChoiceField(
        label="振り返った対話（月次の面談など）", queryset=None, required=False, empty_label="（なし）"
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dialogue"].queryset = engagement.dialogues.order_by("-held_at")


class MonthlyReviewRowForm(VersionedFormMixin, BansoForm):
    """One action's row on the monthly review page (prefix = the action's id)."""

    status = forms.ChoiceField(label="振り返り後の状況", choices=g.ACTION_STATUS_CHOICES)
    result = forms.CharField(label="結果", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    learning = forms.CharField(label="学び", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label="次の一歩", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    small_success = forms.BooleanField(label="小さな成功体験", required=False)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(action)
