from __future__ import annotations

from django import forms

from banso.comments.models import BODY_MAX
from banso.core.models import DigestFrequency


class CommentForm(forms.Form):
    body = forms.CharField(
        label="コメントを書く",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": BODY_MAX}),
        error_messages={
            "required": "コメントを入力してください。",
            "max_length": f"コメントは {BODY_MAX} 文字以内で入力してください。",
        },
    )


class DeleteForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31, required=False, widget=forms.HiddenInput)


class DigestPreferenceForm(forms.Form):
    digest = forms.ChoiceField(
        label="毎日のまとめメール",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "選択肢から選んでください。",
            "required": "選択肢から選んでください。",
        },
    )
    version = forms.IntegerField(min_value=1, max_value=2**31, required=False, widget=forms.HiddenInput)
