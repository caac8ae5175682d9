"""Forms of consultations (相談): asking, answering, commenting, hiding."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm
from banso.knowledge.models import consultations as m


class AskForm(BansoForm):
    title = forms.CharField(
        label="件名",
        max_length=m.MAX_TITLE,
        widget=forms.TextInput(attrs={"placeholder": "例: 数字を見ようとしない社長との対話の進め方"}),
    )
    body = forms.CharField(
        label="相談内容",
        max_length=m.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "困っていること、試したこと、聞きたいこと"}),
        help_text="事業者や人の名前は書かず、「A社」「社長」「工場長」などに置き換えてください。",
    )
    audience = forms.ChoiceField(label="相談先", choices=m.AUDIENCE_CHOICES, widget=forms.RadioSelect)
    network = forms.TypedChoiceField(
        label="相談先のネットワーク", coerce=int, required=False, empty_value=None
    )
    context = forms.CharField(
        label="背景（任意・匿名化済み）",
        max_length=m.MAX_CONTEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="伴走支援案件から下書きできます。事業者名・代表者名などが残っていると投稿できません。",
    )

    def __init__(self, *args, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n.pk, n.name) for n in networks]
        self.fields["network"].choices = [("", "選んでください"), *choices]
        if not choices:
            self.fields["audience"].choices = [c for c in m.AUDIENCE_CHOICES if c[0] == m.ORGANIZATION]
            self.fields["network"].widget = forms.HiddenInput()
        self.fields["audience"].initial = m.ORGANIZATION


class AnswerForm(BansoForm):
    body = forms.CharField(
        label="回答",
        max_length=m.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "ご自身の経験や、試してよかった問いかけ"}),
    )


class CommentForm(BansoForm):
    body = forms.CharField(label="コメント", max_length=m.MAX_COMMENT, widget=forms.TextInput())
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**53)


class HideForm(BansoForm):
    reason = forms.CharField(label="理由", max_length=200, required=False)
    hidden = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)
