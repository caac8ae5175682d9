"""Form fields and widgets shared by the engagement forms (tablet-friendly inputs). The Japanese date
and number fields are core's (banso.core.forms)."""

from __future__ import annotations

from django import forms


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
