"""Non-financial sheets, kept per date so next year's version can be compared with this one.

NonFinancialSheet holds the 4つの視点 answers (each with the dialogue it came from) and the
商流・業務フロー (BusinessStep rows and Counterparty rows). DesignSheet is the 経営デザインシート.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import company_field, optional_user_field, unique_check
from banso.core.records import AuditedThroughCompany, ClientRecord
from banso.diagnosis.engines.sheet_items import (
    ANSWER_MAX_LENGTH,
    COUNTERPARTY_KINDS,
    SOURCE_MAX_LENGTH,
    VIEWPOINT_ITEMS,
)

_LABELS = {item.key: item.label for item in VIEWPOINT_ITEMS}


def validate_answers(value) -> None:
    """{item key: {"text": str, "source": str}} with known keys and bounded lengths."""
    if not isinstance(value, dict):
        raise ValidationError("回答の形式が正しくありません。", code="answers")
    for key, answer in value.items():
        if key not in _LABELS:
            raise ValidationError(f"「{key}」は4つの視点の項目にありません。", code="answers")
        if not isinstance(answer, dict) or set(answer) - {"text", "source"}:
            raise ValidationError(f"「{_LABELS[key]}」の回答の形式が正しくありません。", code="answers")
        text, source = answer.get("text", ""), answer.get("source", "")
        if not isinstance(text, str) or not isinstance(source, str):
            raise ValidationError(f"「{_LABELS[key]}」の回答は文字で入力してください。", code="answers")
        if len(text) > ANSWER_MAX_LENGTH:
            raise ValidationError(
                f"「{_LABELS[key]}」は{ANSWER_MAX_LENGTH}文字以内で入力してください。", code="answers"
            )
        if len(source) > SOURCE_MAX_LENGTH:
            raise ValidationError(
                f"「{_LABELS[key]}」の出典は{SOURCE_MAX_LENGTH}文字以内で入力してください。", code="answers"
            )


def _unique_date(name: str, what: str):
    return unique_check(
        ["company", "as_of"],
        name,
        f"この日付の{what}はすでにあります。日付を変えるか、その版を編集してください。",
    )


class DatedSheet(ClientRecord):
    """A company's sheet as of a date, one per company and date (`_unique_date`): a later date is the
    next version, compared with this one. A subclass adds its company link, `as_of`, its boxes,
    `created_by`, its history and a Meta inheriting `DatedSheet.Meta` (the ordering)."""

    COMPANY_PATH = "company"

    objects = AccessQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["company", "-as_of", "-id"]

    def __str__(self):
        return f"{self.company} {self.as_of:%Y/%m/%d}"


class NonFinancialSheet(DatedSheet):
    company = company_field("non_financial_sheets")
    as_of = models.DateField("作成日", help_text="対話・ヒアリングをまとめた日")
    answers = models.JSONField("回答", default=dict, blank=True, validators=[validate_answers])
    created_by = optional_user_field()

    history = audited_history()

    class Meta(DatedSheet.Meta):
        verbose_name = "非財務シート（4つの視点・商流）"
        verbose_name_plural = "非財務シート（4つの視点・商流）"
        constraints = [_unique_date("nfs_unique_company_date", "非財務シート")]

    def answer(self, key: str) -> dict:
        value = self.answers.get(key) or {}
        return {"text": value.get("text", ""), "source": value.get("source", "")}


class SheetRow(AuditedThroughCompany, models.Model):
    """A row of a NonFinancialSheet (a step of the 業務フロー, a party of the 商流), kept in the order
    typed. A subclass adds its `sheet` link, its fields, its history and a Meta inheriting
    `SheetRow.Meta` (the ordering)."""

    COMPANY_PATH = "sheet__company"

    objects = AccessQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sheet", "order", "id"]

    def __str__(self):
        return self.name


class BusinessStep(SheetRow):
    """One step of the internal flow (e.g. 企画 → 仕入 → 製造 → 出荷 → 販売)."""

    sheet = models.ForeignKey(NonFinancialSheet, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("順番")
    name = models.CharField("工程", max_length=40)
    activity = models.TextField("内容（何をしているか）", max_length=1000, blank=True)
    differentiation = models.TextField("差別化ポイント", max_length=1000, blank=True)

    history = audited_history()

    class Meta(SheetRow.Meta):
        verbose_name = "業務フローの工程"
        verbose_name_plural = "業務フローの工程"


class Counterparty(SheetRow):
    """One party of the 商流, with why they deal with the company."""

    sheet = models.ForeignKey(NonFinancialSheet, on_delete=models.CASCADE, related_name="counterparties")
    kind = models.CharField("区分", max_length=20, choices=list(COUNTERPARTY_KINDS.items()))
    order = models.PositiveSmallIntegerField("順番")
    name = models.CharField("名称", max_length=100)
    reason = models.TextField("取引の理由（選ばれている理由）", max_length=1000, blank=True)

    history = audited_history()

    class Meta(SheetRow.Meta):
        verbose_name = "商流の取引先"
        verbose_name_plural = "商流の取引先"


def _box_text(label: str):
    return models.TextField(label, max_length=ANSWER_MAX_LENGTH, blank=True)


class DesignSheet(DatedSheet):
    """経営デザインシート (docs/domain.md §4): boxes A–D. Field names follow sheet_items.DESIGN_BOXES."""

    company = company_field("design_sheets")
    as_of = models.DateField("作成日")
    title = models.CharField("表題", max_length=100, blank=True, help_text="例: 2026年 事業承継に向けて")
    a_purpose = _box_text("企業理念・存在意義")
    a_concept = _box_text("事業コンセプト")
    b_value = _box_text("これまで：提供してきた価値")
    b_business_model = _box_text("これまで：ビジネスモデル")
    b_resources = _box_text("これまで：経営資源")
    c_environment = _box_text("これから：予想される環境変化")
    c_value = _box_text("これから：提供する価値")
    c_business_model = _box_text("これから：ビジネスモデル")
    c_resources = _box_text("これから：必要な経営資源")
    d_actions = _box_text("移行戦略：今から取り組むこと")
    d_resources_to_acquire = _box_text("移行戦略：獲得・強化すべき資源")
    d_timeline = _box_text("移行戦略：時間軸")
    created_by = optional_user_field()

    history = audited_history()

    class Meta(DatedSheet.Meta):
        verbose_name = "経営デザインシート"
        verbose_name_plural = "経営デザインシート"
        constraints = [_unique_date("design_unique_company_date", "経営デザインシート")]
