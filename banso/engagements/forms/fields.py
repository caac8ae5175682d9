"""Form fields and widgets shared by the engagement forms (tablet-friendly inputs, Japanese dates)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
DATE_FORMAT_MESSAGE = "日付は 2026/4/1 や 2026-04-01 の形で入力してください。"


class DateInput(forms.DateInput):
    """A calendar picker (<input type="date">); typed dates are read by JapaneseDateField."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class JapaneseDateField(forms.DateField):
    """A date typed as 2026/4/1, 2026-04-01, ２０２６年４月１日 or picked from the calendar."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        match = _DATE.match(unicodedata.normalize("NFKC", str(value)))
        if not match:
            raise ValidationError(DATE_FORMAT_MESSAGE, code="invalid")
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise ValidationError("存在しない日付です。日付を確かめてください。", code="invalid") from exc


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
