"""The grant form of the 共有（同意） page. Parsing only: every rule is in domain.grant_consent."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, JapaneseDateField
from banso.core.shared_scopes import scope_choices
from banso.orgs.models import Organization


class GrantForm(BansoForm):
    grantee_organization = forms.CharField(
        label="共有先の機関",
        max_length=50,
        widget=forms.Select(),
        help_text="Banso を使っている金融機関・協議会などから選びます。",
    )
    scopes = forms.MultipleChoiceField(
        label="共有する範囲", required=False, widget=forms.CheckboxSelectMultiple
    )
    expires_on = JapaneseDateField(label="共有の期限", help_text="この日まで閲覧できます（3年以内）。")
    consented_on = JapaneseDateField(
        label="経営者が同意した日", required=False, help_text="同意書に書かれた日付です。"
    )
    document = forms.FileField(
        label="同意書",
        required=False,
        help_text="経営者の署名・押印がある同意書の PDF か写真（JPEG・PNG・HEIC）。",
    )
    note = forms.CharField(label="メモ", max_length=500, required=False)

    def __init__(self, *args, company, documented: bool, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.exclude(pk=company.organization_id).order_by("name")
        self.fields["grantee_organization"].widget.choices = [("", "選んでください")] + [
            (org.slug, f"{org.name}（{org.get_kind_display()}）") for org in organizations
        ]
        self.fields["scopes"].choices = scope_choices()
        # The owner's own consent needs no document; a supporter records the documented one.
        if not documented:
            for name in ("consented_on", "document"):
                del self.fields[name]
        else:
            self.fields["consented_on"].required = True
            self.fields["consented_on"].error_messages["required"] = (
                "経営者が同意した日を入力してください（書面の日付）。"
            )
            self.fields["document"].required = True
            self.fields["document"].error_messages["required"] = (
                "経営者の同意を示す書面（同意書の PDF・写真）を添付してください。"
            )


class RevokeForm(BansoForm):
    version = forms.IntegerField(min_value=1, max_value=2**31, widget=forms.HiddenInput)
