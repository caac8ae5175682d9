"""The Japanese input fields every form uses: numbers and amounts as Japanese users type them
(full-width digits, commas, △, 万/億 units), dates and years incl. 和暦. The parsing itself is in
banso.core.numbers and banso.core.fiscal (pure functions)."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from banso.core.errors import DomainError
from banso.core.fiscal import DateFormatError, parse_japanese_date, parse_japanese_year
from banso.core.numbers import NumberFormatError, parse_amount, parse_decimal


def _parsed(parse, value, error_class):
    """`parse(value)`, its format error (NumberFormatError, DateFormatError) as the field's Japanese
    ValidationError."""
    try:
        return parse(value)
    except error_class as exc:
        raise ValidationError(str(exc), code="invalid") from exc


def _whole(number: Decimal | None, message: str) -> int | None:
    """A parsed number as an int, refused with `message` when it has a fraction."""
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValidationError(message, code="invalid")
    return int(number)


class _TypedNumberMixin:
    """A text input for numbers as Japanese users type them (full-width, commas, △), with the unit
    shown beside it; the browser's min/max/step are dropped so the field's own Japanese message wins."""

    widget = forms.TextInput
    inputmode = "numeric"

    def __init__(self, *args, unit: str = "", **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        attrs.update({"inputmode": self.inputmode, "autocomplete": "off", "class": "num"})
        return attrs


class JapaneseIntegerField(_TypedNumberMixin, forms.IntegerField):
    """Integer field accepting '１２３', '1,234', '△5'. `unit` is shown beside the input."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return _whole(_parsed(parse_decimal, value, NumberFormatError), "整数で入力してください。")


class AmountField(JapaneseIntegerField):
    """An amount in 円, typed in 円 or (with `in_thousands=True`) in 千円 and stored in 円. Amounts with
    units are in yen whatever the field's unit: 1000万, 1.5億, 3億2000万, 500千円."""

    def __init__(self, *args, in_thousands: bool = False, **kwargs):
        self.in_thousands = in_thousands
        kwargs.setdefault("unit", "千円" if in_thousands else "円")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        unit = 1000 if self.in_thousands else 1
        number = _parsed(lambda text: parse_amount(text, field_unit=unit), value, NumberFormatError)
        return _whole(number, "円未満の端数は入力できません。")

    def prepare_value(self, value):
        if isinstance(value, int) and self.in_thousands:
            return Decimal(value) / 1000
        return value


class GroupedAmountField(AmountField):
    """An amount typed in the unit chosen at the top of a grid form (千円 or 円), shown back with
    thousands separators — the plan grid and the 決算書 entry."""

    def prepare_value(self, value):
        if isinstance(value, int):
            number = Decimal(value) / 1000 if self.in_thousands else Decimal(value)
            number = (
                number.normalize() if number != number.to_integral_value() else number.quantize(Decimal(1))
            )
            return f"{number:,}"
        return value


class JapaneseDecimalField(_TypedNumberMixin, forms.DecimalField):
    """A number typed with full-width digits, commas or △ (e.g. 目標値 １，２００ or 2.5)."""

    inputmode = "decimal"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = _parsed(parse_decimal, value, NumberFormatError)
        return None if number is None else Decimal(number)


class DateInput(forms.DateInput):
    """A calendar picker (<input type="date">); what is typed or sent is read by JapaneseDateField."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class JapaneseDateField(forms.DateField):
    """A date picked from the calendar or typed as 2026/11/5, 2026-11-05, ２０２６年１１月５日 or in 和暦
    (令和8年11月5日, R8.11.5). Errors say why in Japanese (令和0年, 平成32年, 2月30日)."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return _parsed(parse_japanese_date, value, DateFormatError)


class JapaneseYearField(JapaneseIntegerField):
    """A year typed in 西暦 (1985, １９８５年) or 和暦 (昭和60, S60, 昭和60年, 令和元年), e.g. 設立年."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("unit", "年")
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "text"  # 和暦 needs letters
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return _parsed(parse_japanese_year, value, DateFormatError)


EMPTY_CHOICE_LABEL = "選んでください"
_DJANGO_EMPTY_LABEL = "---------"


def say_choose_in_japanese(form: forms.BaseForm) -> None:
    """Replace Django's empty choice 「---------」 by 「選んでください」 in every select of the form
    (model choices, ModelChoiceField's empty_label, and choices built from a model field)."""
    for field in form.fields.values():
        if getattr(field, "empty_label", None) == _DJANGO_EMPTY_LABEL:
            field.empty_label = EMPTY_CHOICE_LABEL
        if (
            isinstance(field, forms.ChoiceField)
            and not isinstance(field, forms.ModelChoiceField)
            and any(label == _DJANGO_EMPTY_LABEL for _, label in field.choices)
        ):
            field.choices = [
                (value, EMPTY_CHOICE_LABEL if label == _DJANGO_EMPTY_LABEL else label)
                for value, label in field.choices
            ]


class JapaneseChoicesMixin:
    """Every Banso form inherits this (through BansoForm / BansoModelForm): selects say 「選んでください」."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_choose_in_japanese(self)


class BansoForm(JapaneseChoicesMixin, forms.Form):
    """The base of every plain form in the app."""


class BansoModelForm(JapaneseChoicesMixin, forms.ModelForm):
    """The base of every model form in the app."""


MISSING_VERSION_MESSAGE = (
    "どの時点の内容を編集したかが確認できないため、保存していません。"
    "この画面を開き直してから、もう一度保存してください。"
)
VERSION_MAX = 2**53


def posted_version(text) -> int | None:
    """A record version sent by a page (a hidden field), or None when it is not a number in 1…2^53."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < VERSION_MAX else None


class VersionedFormMixin:
    """A form that changes an existing record carries the record's version in a hidden `version`
    field, and the save names it (so a stale save is refused with ConflictError, like the API's 409).

    Call `expect_version(record)` in `__init__` (model forms do it for `self.instance` on their own):
    with a saved record the field is required; without one (creating) the field is removed. A POST
    without a usable version is invalid, with MISSING_VERSION_MESSAGE at the top of the form (the
    field is hidden, so its error is not shown beside it), and nothing is written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self, forms.BaseModelForm):
            self.expect_version(self.instance)

    def expect_version(self, record) -> None:
        if record is None or getattr(record, "pk", None) is None:
            self.fields.pop("version", None)
            return
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, max_value=VERSION_MAX
        )
        self.initial.setdefault("version", record.version)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or "version" not in self.fields:
            return
        if self.empty_permitted and not self.has_changed():
            return
        refused = self._errors.pop("version", None) is not None
        if refused or self.cleaned_data.get("version") is None:
            self.cleaned_data.pop("version", None)
            self.add_error(None, MISSING_VERSION_MESSAGE)


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
