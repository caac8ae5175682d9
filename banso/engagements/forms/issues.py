"""In-place forms of the issue tree: add a 表課題 or a なぜ, edit, mark / unmark a 裏課題 with the
day the owner agreed, move under another node."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, JapaneseDateField, VersionedFormMixin
from banso.core.visibility import Visibility
from banso.engagements.models import Dialogue, IssueNode


class DialogueLinkField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj) if obj.title else f"{obj.held_on:%Y/%m/%d} {obj.get_form_display()}"


class IssueAddForm(BansoForm):
    # autofocus: the in-place form opens ready to type (htmx focuses it after the swap).
    text = forms.CharField(label="課題", max_length=500, widget=forms.TextInput(attrs={"autofocus": True}))
    parent = forms.ModelChoiceField(
        queryset=IssueNode.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = IssueNode.objects.filter(engagement=engagement)
        parent = self.initial.get("parent") or (self.data.get("parent") if self.is_bound else None)
        self.fields["text"].label = "なぜ？（原因）" if parent else "表課題（経営者が話した困りごと）"


class IssueEditForm(VersionedFormMixin, BansoForm):
    text = forms.CharField(label="課題", max_length=500, widget=forms.TextInput(attrs={"autofocus": True}))
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    dialogues = DialogueLinkField(
        label="話題に出た対話",
        queryset=Dialogue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chip-choices"}),
    )

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dialogues"].queryset = Dialogue.objects.filter(
            engagement_id=node.engagement_id
        ).order_by("-held_at", "-id")
        self.initial.setdefault("text", node.text)
        self.initial.setdefault("note", node.note)
        self.initial.setdefault("dialogues", [d.pk for d in node.dialogues.all()])
        self.expect_version(node)


class IssueRootForm(VersionedFormMixin, BansoForm):
    """Mark as 裏課題 (with the day the owner agreed, if they did), change that day, or unmark."""

    # Set by the pressed button (裏課題にする / 裏課題から外す); Enter in the date field means "mark".
    action = forms.ChoiceField(
        choices=[("mark", "裏課題にする"), ("unmark", "裏課題から外す")], required=False
    )
    agreed_on = JapaneseDateField(
        label="経営者が腹落ちした日", required=False, help_text="まだ腹落ちしていなければ空欄のままにします。"
    )

    visibility = forms.ChoiceField(
        label="事業者への公開",
        choices=Visibility.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="共有すると、腹落ちした裏課題が事業者ポータルに表示されます。",
    )

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("agreed_on", node.agreed_on)
        self.initial.setdefault("visibility", node.visibility)
        self._visibility_before = node.visibility
        self.expect_version(node)

    def clean_visibility(self):
        # Left unanswered, the node keeps its visibility.
        return self.cleaned_data.get("visibility") or self._visibility_before


class IssueMoveForm(VersionedFormMixin, BansoForm):
    parent = forms.TypedChoiceField(label="移動先（この課題の下へ）", coerce=int, choices=(), empty_value=0)

    def __init__(self, *args, node, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(0, "最上位（表課題として）")] + [
            (t.node.pk, f"{'　' * t.depth}{t.node.get_kind_display()}: {t.node.text}") for t in targets
        ]
        self.initial.setdefault("parent", node.parent_id or 0)
        self.expect_version(node)
