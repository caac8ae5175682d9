"""Form fields that read numbers as Japanese users type them (full-width digits, commas, △)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from banso.core.errors import DomainError
from banso.core.numbers import NumberFormatError, parse_decimal


class JapaneseIntegerField(forms.IntegerField):
    """Integer field accepting '１２３', '1,234', '△5'. `unit` is shown beside the input."""

    widget = forms.TextInput

    def __init__(self, *args, unit: str = "", **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs.pop("step", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "class": "num"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except NumberFormatError as exc:
            raise ValidationError(str(exc), code="invalid") from exc
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError("整数で入力してください。", code="invalid")
        return int(number)


class AmountField(JapaneseIntegerField):
    """An amount in 円, typed in 円 or (with `in_thousands=True`) in 千円 and stored in 円."""

    def __init__(self, *args, in_thousands: bool = False, **kwargs):
        self.in_thousands = in_thousands
        kwargs.setdefault("unit", "千円" if in_thousands else "円")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except NumberFormatError as exc:
            raise ValidationError(str(exc), code="invalid") from exc
        if number is None:
            return None
        if self.in_thousands:
            number = number * Decimal(1000)
        if number != number.to_integral_value():
            raise ValidationError("円未満の端数は入力できません。", code="invalid")
        return int(number)

    def prepare_value(self, value):
        if isinstance(value, int) and self.in_thousands:
            return Decimal(value) / 1000
        return value


def add_domain_errors(form: forms.BaseForm, error: ValidationError | DomainError) -> None:
    """Show what a domain function refused on the form: a ValidationError per field where the form
    has the field, otherwise (and a DomainError's message always) at the top of the form."""
    if isinstance(error, DomainError):
        form.add_error(None, error.message)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
