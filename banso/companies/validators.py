"""Field rules for companies, attached to the model so forms, the API and imports share them."""

import datetime as dt

from django.core.exceptions import ValidationError

from banso.companies import corporate_number


def validate_corporate_number(value: str) -> None:
    if value:
        message = corporate_number.validation_error(value)
        if message:
            raise ValidationError(message, code="corporate_number")


def validate_not_blank(value: str) -> None:
    if not (value or "").strip():
        raise ValidationError("空白だけの入力はできません。文字を入力してください。", code="blank")


def validate_non_negative(value) -> None:
    if value is not None and value < 0:
        raise ValidationError("0 以上の数を入力してください（マイナスは入力できません）。", code="negative")


def validate_founded_year(value) -> None:
    if value is not None and not (1600 <= value <= dt.date.today().year):
        raise ValidationError(
            f"設立年は西暦 1600〜{dt.date.today().year} 年の範囲で入力してください。", code="year"
        )
