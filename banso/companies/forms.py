"""Company forms. Field rules live on the model (validators), so the form and the API agree."""

from django import forms

from banso.companies.corporate_number import normalize
from banso.companies.models import Company
from banso.companies.queries import assignable_supporters
from banso.core.forms import (
    AmountField,
    BansoModelForm,
    JapaneseIntegerField,
    JapaneseYearField,
    VersionedFormMixin,
)


class SupporterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CompanyForm(VersionedFormMixin, BansoModelForm):
    employees = JapaneseIntegerField(label="従業員数", unit="人", help_text="期末の常時雇用者数")
    capital = AmountField(label="資本金", required=False, help_text="例: 1000万、3,000,000")
    founded_year = JapaneseYearField(label="設立年", required=False, help_text="例: 1987、昭和62")
    supporters = SupporterChoiceField(
        label="担当支援者", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "name_kana",
            "corporate_number",
            "industry_code",
            "fiscal_year_end_month",
            "employees",
            "capital",
            "representative",
            "address",
            "founded_year",
            "size_override",
        ]
        widgets = {
            "corporate_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, organization, can_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        if can_assign:
            self.fields["supporters"].queryset = assignable_supporters(organization)
            if self.instance.pk:
                self.initial.setdefault("supporters", list(self.instance.supporters.all()))
        else:
            del self.fields["supporters"]
        self.fields["fiscal_year_end_month"].error_messages["invalid_choice"] = (
            "決算月は1〜12月から選んでください。"
        )
        self.fields["industry_code"].error_messages["invalid_choice"] = (
            "業種は一覧（ロカベン業種）から選んでください。"
        )
        self.fields["name"].error_messages["required"] = "商号を入力してください。"
        self.fields[
            "corporate_number"
        ].max_length = 20  # hyphens and spaces are removed before the 13-digit check
        self.fields["corporate_number"].widget.attrs["maxlength"] = 20
        self.fields["size_override"].choices = [
            ("", "自動判定（従業員数と業種から）"),
            *self.fields["size_override"].choices[1:],
        ]
        self.fields["name_kana"].help_text = "カタカナ・ひらがなどちらでも検索できます。"

    def clean_corporate_number(self):
        return normalize(self.cleaned_data.get("corporate_number"))

    def differences_from(self, current: Company) -> list[tuple[str, str, str]]:
        """(label, saved by someone else, typed here) for fields where the two now differ."""
        rows = []
        for name in self.Meta.fields:
            saved, typed = getattr(current, name), self.cleaned_data.get(name)
            if name == "corporate_number":
                typed = normalize(typed)
            if (saved or None) != (typed or None):
                field = self.fields[name]
                rows.append((str(field.label), _shown(field, saved), _shown(field, typed)))
        return rows

    def rebound_to_version(self, version: int) -> "CompanyForm":
        data = self.data.copy()
        data["version"] = str(version)
        return type(self)(
            data,
            instance=self.instance,
            organization=self.instance.organization,
            can_assign="supporters" in self.fields,
        )

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _shown(field, value) -> str:
    if value in (None, ""):
        return "（なし）"
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, choices.get(str(value), value)))
