from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from banso.core.forms import BansoForm, JapaneseChoicesMixin, VersionedFormMixin
from banso.orgs.models import DocumentEra
from banso.orgs.queries import usable_tokens_of_user


class LoginForm(JapaneseChoicesMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "ユーザー名またはパスワードが正しくありません。大文字・小文字の違いにもご注意ください。"
        ),
        "inactive": "このアカウントは無効になっています。管理者にお問い合わせください。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "ユーザー名"
        self.fields["password"].label = "パスワード"


class ApiTokenForm(BansoForm):
    name = forms.CharField(label="用途（名前）", max_length=100, help_text="例: 融資管理システム連携")
    expires_in_days = forms.TypedChoiceField(
        label="有効期限",
        coerce=int,
        choices=[(30, "30日"), (90, "90日"), (365, "1年"), (0, "無期限")],
        initial=90,
    )


class PasswordChangeWithTokensForm(JapaneseChoicesMixin, PasswordChangeForm):
    """Django's password change, plus the choice (checked by default) to revoke the user's API
    tokens, shown with how many there are; hidden when they have none."""

    revoke_api_tokens = forms.BooleanField(required=False, initial=True)

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.token_count = usable_tokens_of_user(user).count()
        if self.token_count:
            self.fields[
                "revoke_api_tokens"
            ].label = f"有効な API トークン（{self.token_count}件）をすべて失効させる"
            self.fields["revoke_api_tokens"].help_text = (
                "パスワードを変えても API トークンはそのまま使えます。"
                "漏れた心配があるときは失効させてください。"
                "連携システムには新しいトークンの設定が必要になります。"
            )
        else:
            del self.fields["revoke_api_tokens"]


class OrganizationSettingsForm(VersionedFormMixin, BansoForm):
    """The organization's settings a 管理者 may change: 西暦 or 和暦 in documents, two-factor sign-in."""

    document_era = forms.ChoiceField(
        label="帳票の日付",
        choices=DocumentEra.choices,
        widget=forms.RadioSelect,
        help_text="支援経過報告書・ローカルベンチマークなどの PDF と Excel の日付の書き方です。"
        "画面の日付は西暦（2026/11/05）のままです。",
    )

    require_two_factor = forms.BooleanField(
        label="二段階認証を必須にする",
        required=False,
        help_text="管理者・支援者・閲覧者は、次のログインから認証アプリの設定とコードの入力が必要になります。"
        "経営者・従業員は任意です。",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("document_era", organization.document_era)
        self.initial.setdefault("require_two_factor", organization.require_two_factor)
        self.expect_version(organization)
