from __future__ import annotations

from django import forms

from banso.comments.models import BODY_MAX
from banso.core.forms import BansoForm, VersionedFormMixin
from banso.core.models import DigestFrequency


class CommentForm(BansoForm):
    body = forms.CharField(
        label="コメントを書く",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": BODY_MAX}),
        error_messages={
            "required": "コメントを入力してください。",
            "max_length": f"コメントは {BODY_MAX} 文字以内で入力してください。",
        },
    )


class DeleteForm(VersionedFormMixin, BansoForm):
    """Deleting names the comment's version (a stale or missing one writes nothing)."""

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(comment)


class DigestPreferenceForm(VersionedFormMixin, BansoForm):
    digest = forms.ChoiceField(
        label="毎日のまとめメール",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "選択肢から選んでください。",
            "required": "選択肢から選んでください。",
        },
    )

    def __init__(self, *args, preference, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(preference)
