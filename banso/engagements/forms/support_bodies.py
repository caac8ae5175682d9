"""The organization's directory of support bodies (橋渡し先): one body, and the standard bodies of a
prefecture added at once."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm
from banso.engagements.domain.referrals import SUPPORT_BODY_FIELDS
from banso.engagements.engines import directory
from banso.engagements.forms.fields import VersionedForm
from banso.engagements.models import SupportBody


class SupportBodyForm(VersionedForm):
    url = forms.URLField(label="ウェブサイト", required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = SupportBody
        fields = list(SUPPORT_BODY_FIELDS)
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
