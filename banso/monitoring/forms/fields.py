"""Fields and small forms shared by the monitoring pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from banso.core.forms import BansoForm, VersionedFormMixin
from banso.monitoring.engines import months as m


class MonthField(forms.CharField):
    """'2026-04' (a month picker in browsers that have one)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-04", "inputmode": "numeric"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return m.Month.parse(value.strip())
        except m.MonthError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def prepare_value(self, value):
        return str(value) if isinstance(value, m.Month) else value


def long_text(label: str, rows: int = 3, placeholder: str = "") -> forms.CharField:
    """An optional free text of at most 4,000 characters, typed in a textarea."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows, "placeholder": placeholder}),
    )


class VersionOnlyForm(VersionedFormMixin, BansoForm):
    """A confirmation (delete) that names the version it confirms."""

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(record)
