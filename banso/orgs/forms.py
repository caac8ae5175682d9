from django import forms
from django.contrib.auth.forms import AuthenticationForm

from banso.core.forms import BansoForm, JapaneseChoicesMixin


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
