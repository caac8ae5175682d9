"""Form fields, widgets and the versioned base form shared by the engagement forms (tablet-friendly
inputs, choices of this engagement's people and issues). The Japanese date and number fields are
core's (banso.core.forms)."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoModelForm, VersionedFormMixin


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ChipRadioSelect(forms.RadioSelect):
    """Radio buttons drawn as large chips (touch targets on a tablet)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "chip-choices", **(attrs or {})}, choices=choices)


class ChipCheckboxes(forms.CheckboxSelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "chip-choices", **(attrs or {})}, choices=choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input. Type, size and content are checked by the domain before anything
    is stored (banso.engagements.domain.dialogues.check_upload)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class StakeholderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_role_display()}{'・' + obj.title if obj.title else ''}）"


class IssueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()}: {obj.text}"


class VersionedForm(VersionedFormMixin, BansoModelForm):
    """Carries the version the user started from, so a stale save is refused (ConflictError)."""

    def domain_fields(self) -> dict:
        """The model fields this form shows, as keyword arguments for the domain function."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
