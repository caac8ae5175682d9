"""Forms of the execution side (actions and reviews, referrals and the directory, follow-ups).

Field rules live on the models and in the domain functions (so the API shares them); the forms only
read what people type — full-width digits, 2026/4/1 dates — and offer this engagement's choices.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from banso.core.forms import (
    AmountField,
    BansoForm,
    BansoModelForm,
    JapaneseDateField,
    JapaneseDecimalField,
    JapaneseIntegerField,
    JapaneseYearField,
    VersionedFormMixin,
)
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.engines import directory
from banso.engagements.engines import guideline as g
from banso.engagements.models import Action, FollowUp, OutcomeBaseline, Referral, SupportBody


class StakeholderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_role_display()}{'・' + obj.title if obj.title else ''}）"


class IssueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()}: {obj.text}"


class VersionedForm(VersionedFormMixin, BansoModelForm):
    """Carries the version the user started from, so a stale save is refused (ConflictError)."""

    def domain_fields(self) -> dict:
        """The model fields this form shows, as keyword arguments for the domain function."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


# --- Actions ----------------------------------------------------------------------------------------


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
        ]
        widgets = {
            "how_much": forms.Textarea(attrs={"rows": 2}),
            "how": forms.Textarea(attrs={"rows": 2}),
            "expected_effect": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.engagement = engagement
        internal = engagement.stakeholders.filter(role__in=g.INTERNAL_STAKEHOLDER_ROLES)
        self.fields["owner"].queryset = internal
        self.fields["root_issue"].queryset = engagement.issue_nodes.filter(kind="root")
        self.fields[
            "what"
        ].help_text = "すぐに始められる小さな一歩で書きます（例: 朝礼で前日の不良件数を共有する）"
        self.fields["how_much"].help_text = "例: 毎朝5分、主要10品目"
        self.fields["expected_effect"].help_text = "例: 不良率を3%から2%へ"
        if not self.instance.pk:
            del self.fields["status"]


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


# --- Referrals and the directory ---------------------------------------------------------------------


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
        fields = [
            "support_body",
            "contact_name",
            "issue",
            "reason",
            "referred_on",
            "status",
            "outcome",
            "closed_on",
        ]
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


class SupportBodyForm(VersionedForm):
    url = forms.URLField(label="ウェブサイト", required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = SupportBody
        fields = [
            "name",
            "body_type",
            "profession",
            "region",
            "contact_name",
            "phone",
            "email",
            "url",
            "specialties",
            "note",
            "is_active",
        ]
        widgets = {
            "specialties": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["profession"].help_text = "種別が「士業」のときに選びます。"
        if not self.instance.pk:
            del self.fields["is_active"]
        self.fields["email"].error_messages["invalid"] = "メールアドレスの形式で入力してください。"
        self.fields["url"].error_messages["invalid"] = "https:// から始まる URL を入力してください。"


class StandardBodiesForm(BansoForm):
    prefecture = forms.ChoiceField(
        label="都道府県", choices=[("", "選んでください")] + [(p, p) for p in directory.PREFECTURES]
    )
    body_types = forms.MultipleChoiceField(
        label="追加する支援機関",
        choices=[
            (b.body_type, b.name_pattern.format(prefecture="〇〇県", smrj_office="（地域本部）"))
            for b in directory.STANDARD_BODIES
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=list(directory.STANDARD_BODY_TYPES),
        error_messages={"required": "追加する支援機関を1つ以上選んでください。"},
    )


# --- Follow-ups ---------------------------------------------------------------------------------------

_RATING_CHOICES = [
    ("", "—（未評価）"),
    *[(str(v), f"{v} {label}") for v, label in g.SELF_PROPULSION_RATING_CHOICES],
]


class FiguresMixin(BansoModelForm):
    fiscal_year = JapaneseYearField(
        label="数値の決算期",
        required=False,
        help_text="決算期が終わる年（例: 2026年3月期なら 2026）",
    )
    net_sales = AmountField(label="売上高", in_thousands=True, required=False)
    operating_income = AmountField(
        label="営業利益", in_thousands=True, required=False, help_text="赤字は △ を付けて入力します"
    )
    employees = JapaneseIntegerField(label="従業員数", unit="人", required=False)
    average_salary = AmountField(label="平均給与（年額）", required=False)
    wage_increase_rate = JapaneseDecimalField(
        label="賃上げ率", unit="%", required=False, max_digits=5, decimal_places=2
    )


class FollowUpForm(VersionedForm, FiguresMixin):
    scheduled_on = JapaneseDateField(label="予定日")
    done_on = JapaneseDateField(
        label="実施日",
        required=False,
        help_text="実施したら入力します。評価・所見・数値は実施日とともに記録します。",
    )

    class Meta:
        model = FollowUp
        fields = [
            "scheduled_on",
            "done_on",
            *g.SELF_PROPULSION_KEYS,
            "evidence",
            "fiscal_year",
            "net_sales",
            "operating_income",
            "employees",
            "average_salary",
            "wage_increase_rate",
            "note",
        ]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.engagement = engagement
        for point in g.SELF_PROPULSION_POINTS:
            field = self.fields[point.key]
            field.widget = forms.RadioSelect(choices=_RATING_CHOICES)
            field.help_text = point.question
        self.fields[
            "evidence"
        ].help_text = "自走化の様子を具体的に（例: 月次会議を社長抜きで開き、次の課題を自分たちで決めている）"


class BaselineForm(VersionedForm, FiguresMixin):
    class Meta:
        model = OutcomeBaseline
        fields = [
            "source",
            "fiscal_year",
            "net_sales",
            "operating_income",
            "employees",
            "average_salary",
            "wage_increase_rate",
        ]
