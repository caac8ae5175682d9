"""The dialogue form (quick to fill on a tablet), attachments and the advisor's reflection."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone

from banso.core.forms import BansoForm, DateTimeLocalInput, JapaneseIntegerField, VersionedFormMixin
from banso.core.visibility import Visibility
from banso.engagements import queries
from banso.engagements.domain.dialogues import DEFAULT_DURATION_MINUTES, NEW_ISSUE_ROWS, NewIssue
from banso.engagements.engines import guideline as g
from banso.engagements.forms.fields import (
    ChipCheckboxes,
    ChipRadioSelect,
    MultipleFileField,
    UsersChoiceField,
)
from banso.engagements.models import IssueNode, Stakeholder
from banso.engagements.validators import ATTACHMENT_EXTENSIONS, ATTACHMENT_TYPES_LABEL

QUICK_DURATIONS = (30, 60, 90, 120)
FIELDS = (
    "held_at",
    "duration_minutes",
    "form",
    "step",
    "title",
    "participants",
    "advisors",
    "listening_notes",
    "owner_words",
    "insights",
    "agreements",
    "next_steps",
    "visibility",
)


class StakeholderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.title or obj.get_role_display()}）"


def _tree_label(item) -> str:
    """A node as one line of the tree: indented by depth, its kind, its text."""
    return f"{'　' * item.depth}{item.node.get_kind_display()}: {item.node.text}"


def now_rounded() -> dt.datetime:
    """Now, on the five minutes, in local time (the default for a dialogue just held)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    return now - dt.timedelta(minutes=now.minute % 5)


class DialogueForm(VersionedFormMixin, BansoForm):
    held_at = forms.DateTimeField(label="日時", widget=DateTimeLocalInput)
    duration_minutes = JapaneseIntegerField(label="所要時間", unit="分", required=False)
    form = forms.ChoiceField(label="形式", choices=g.DIALOGUE_FORM_CHOICES, widget=ChipRadioSelect)
    step = forms.TypedChoiceField(label="ステップ", coerce=int, choices=g.STEP_CHOICES)
    title = forms.CharField(
        label="件名",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "例: 第3回 社長面談"}),
    )
    participants = StakeholderChoiceField(
        label="参加者（事業者側）", queryset=Stakeholder.objects.none(), required=False, widget=ChipCheckboxes
    )
    advisors = UsersChoiceField(label="参加した支援者", queryset=None, required=False, widget=ChipCheckboxes)
    listening_notes = forms.CharField(
        label="傾聴メモ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "経営者が話したこと、その様子"}),
    )
    owner_words = forms.CharField(
        label="経営者の言葉（言語化）",
        required=False,
        strip=False,
        help_text="話された言葉のまま、1行に1つ書き残します。",
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "「結局、全部自分で決めてしまっているんですよね」"}
        ),
    )
    insights = forms.CharField(
        label="気づき",
        required=False,
        help_text="経営者が自ら気づいたこと",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreements = forms.CharField(
        label="合意したこと", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label="次のステップ", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    visibility = forms.ChoiceField(
        label="合意したこと・次のステップの事業者への公開",
        choices=Visibility.choices,
        initial=Visibility.SHARED,
        required=False,
        widget=forms.RadioSelect,
        help_text="共有すると、日時・件名・合意したこと・次のステップが事業者ポータルに表示されます（傾聴メモ・経営者の言葉・気づきは表示されません）。",
    )
    attachments = MultipleFileField(
        label="添付ファイル",
        help_text=f"{ATTACHMENT_TYPES_LABEL}。複数選べます。",
    )
    issue_nodes = forms.TypedMultipleChoiceField(
        label="この対話で話題にした課題",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "issue-choices"}),
        help_text="課題ツリーの課題から選びます。新しい課題は下の欄で追加できます。",
    )

    def __init__(self, *args, engagement, team, dialogue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        self.fields["participants"].queryset = Stakeholder.objects.filter(engagement=engagement).order_by(
            "position", "id"
        )
        tree = queries.flatten(queries.issue_tree(engagement))
        self.fields["issue_nodes"].choices = [(item.node.pk, _tree_label(item)) for item in tree]
        # The parent's text first, so a narrow select still shows which node it is.
        parent_choices = [
            (item.node.pk, f"{'　' * item.depth}「{item.node.text}」の下（なぜ）") for item in tree
        ]
        for row in range(1, NEW_ISSUE_ROWS + 1):
            self.fields[f"new_issue_parent_{row}"] = forms.TypedChoiceField(
                label=f"新しい課題{row}を置く場所",
                coerce=int,
                empty_value=None,
                required=False,
                choices=[("", "最上位（表課題として）"), *parent_choices],
            )
            self.fields[f"new_issue_text_{row}"] = forms.CharField(
                label=f"新しい課題{row}",
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "例: 若手が定着しない"}),
            )
        self.fields["advisors"].queryset = team
        self.fields["attachments"].widget.attrs.update(_file_attrs())
        self.expect_version(dialogue)
        # Left unanswered, a new dialogue is shared and an edited one keeps its visibility.
        self._visibility_before = dialogue.visibility if dialogue is not None else Visibility.SHARED
        if dialogue is None:
            self.initial.setdefault("held_at", now_rounded())
            self.initial.setdefault("duration_minutes", DEFAULT_DURATION_MINUTES)
            self.initial.setdefault("form", "meeting")
            self.initial.setdefault("step", engagement.step)
            if user is not None:
                self.initial.setdefault("advisors", [user.pk])
        else:
            for name in (*FIELDS, "issue_nodes"):
                if name in ("participants", "advisors", "issue_nodes"):
                    self.initial.setdefault(name, [obj.pk for obj in getattr(dialogue, name).all()])
                else:
                    value = getattr(dialogue, name)
                    if name == "held_at":
                        value = timezone.localtime(value)
                    self.initial.setdefault(name, value)

    def new_issue_rows(self):
        """(parent field, text field) per row, for the template."""
        return [
            (self[f"new_issue_parent_{row}"], self[f"new_issue_text_{row}"])
            for row in range(1, NEW_ISSUE_ROWS + 1)
        ]

    def clean_visibility(self):
        return self.cleaned_data.get("visibility") or self._visibility_before

    def domain_fields(self) -> dict:
        """The keyword arguments of record_dialogue / update_dialogue (attachments aside)."""
        data = {name: self.cleaned_data[name] for name in FIELDS}
        data["participants"] = list(data["participants"])
        data["advisors"] = list(data["advisors"])
        nodes = IssueNode.objects.filter(engagement=self.engagement).in_bulk()
        data["issue_nodes"] = [nodes[pk] for pk in self.cleaned_data["issue_nodes"] if pk in nodes]
        data["new_issues"] = []
        for row in range(1, NEW_ISSUE_ROWS + 1):
            text = (self.cleaned_data.get(f"new_issue_text_{row}") or "").strip()
            if text:
                parent = self.cleaned_data.get(f"new_issue_parent_{row}")
                data["new_issues"].append(NewIssue(text=text, parent=nodes.get(parent)))
        return data


def _file_attrs() -> dict:
    """What the browser checks before uploading (the server checks again): types and the size limit."""
    limit = settings.BANSO_MAX_UPLOAD_BYTES
    return {
        "accept": ",".join(f".{ext}" for ext in ATTACHMENT_EXTENSIONS),
        "multiple": True,
        "data-max-bytes": limit,
        "data-max-label": f"{limit / 1024 / 1024:.0f}MB",
    }


class AttachmentForm(BansoForm):
    attachments = MultipleFileField(
        label="添付ファイル", help_text=f"{ATTACHMENT_TYPES_LABEL}。複数選べます。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs.update(_file_attrs())


class ReflectionForm(BansoForm):
    """Three clicks and an optional note: the advisor's self-rating on the three elements."""

    note = forms.CharField(
        label="振り返りメモ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "うまくいった問いかけ、次に試したいこと"}),
    )

    def __init__(self, *args, reflection=None, **kwargs):
        super().__init__(*args, **kwargs)
        for element in g.ELEMENTS:
            self.fields[element.key] = forms.TypedChoiceField(
                label=element.label,
                coerce=int,
                choices=g.REFLECTION_RATING_CHOICES,
                widget=ChipRadioSelect,
                help_text=element.question,
                error_messages={"required": f"「{element.short_label}」を4段階から選んでください。"},
            )
            if reflection is not None:
                self.initial.setdefault(element.key, getattr(reflection, element.key))
        self.order_fields([*g.ELEMENT_KEYS, "note"])
        if reflection is not None:
            self.initial.setdefault("note", reflection.note)

    def ratings(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in g.ELEMENT_KEYS}
