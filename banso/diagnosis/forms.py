"""Diagnosis forms. Field rules live on the models and in the domain functions; forms read input."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings

from banso.core.forms import (
    BansoForm,
    BansoModelForm,
    DateInput,
    GroupedAmountField,
    JapaneseDateField,
    JapaneseIntegerField,
    JapaneseYearField,
    VersionedFormMixin,
)
from banso.core.spreadsheets import UploadError, read_upload
from banso.diagnosis.engines.benchmark_table import BENCHMARK_MAX_BYTES, read_benchmark_upload
from banso.diagnosis.engines.sheet_items import (
    ALL_SECTIONS,
    ANSWER_MAX_LENGTH,
    COUNTERPARTY_KINDS,
    DESIGN_BOXES,
    DESIGN_KEYS,
    SOURCE_MAX_LENGTH,
    VIEWPOINT_ITEMS,
)
from banso.diagnosis.engines.statement_lines import (
    EMPLOYEES_HELP,
    EMPLOYEES_LABEL,
    LINES,
    SECTION_LABELS,
    lines_in,
)
from banso.diagnosis.models import DesignSheet

UNIT_CHOICES = [("thousand", "千円"), ("yen", "円")]


class StatementForm(VersionedFormMixin, BansoForm):
    unit = forms.ChoiceField(
        label="金額の単位", choices=UNIT_CHOICES, initial="thousand", widget=forms.RadioSelect
    )
    fiscal_year = JapaneseYearField(
        label="決算年",
        help_text="決算月が属する西暦年（例: 2025年3月期なら 2025）",
    )
    employees = JapaneseIntegerField(
        label=EMPLOYEES_LABEL, unit="人", required=False, help_text=EMPLOYEES_HELP
    )
    source_note = forms.CharField(
        label="出典・メモ", max_length=200, required=False, help_text="例: 第45期 決算報告書（税理士作成）"
    )

    def __init__(self, *args, statement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = statement
        unit = self.data.get("unit") if self.is_bound else "thousand"
        in_thousands = unit != "yen"
        for line in LINES:
            self.fields[line.key] = GroupedAmountField(
                label=line.label,
                required=False,
                in_thousands=in_thousands,
                help_text=line.help,
            )
            self.fields[line.key].widget.attrs["data-line"] = line.key
        self.fields["employees"].widget.attrs["data-line"] = "employees"
        self.expect_version(statement)
        if statement is not None:
            del self.fields["fiscal_year"]
            self.initial.update({line.key: getattr(statement, line.key) for line in LINES})
            self.initial.update(employees=statement.employees, source_note=statement.source_note)

    def sections(self):
        """(title, bound fields) for the template, in the order of a Japanese 決算書."""
        return [(SECTION_LABELS[key], [self[line.key] for line in lines_in(key)]) for key in SECTION_LABELS]

    def values(self) -> dict[str, int | None]:
        return {line.key: self.cleaned_data.get(line.key) for line in LINES}


class StatementImportForm(BansoForm):
    file = forms.FileField(label="入力済みのテンプレート（.xlsx）")
    overwrite = forms.BooleanField(label="登録済みの決算期を上書きする", required=False)

    def clean_file(self):
        # The size, the zip and the sheet are checked by the safe reader (banso.core.spreadsheets).
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "Excel ブック（.xlsx）を選んでください。"
                ".xls や .csv の場合は Excel で .xlsx として保存し直してください。"
            )
        return upload


class BenchmarkUploadForm(BansoForm):
    version = forms.CharField(
        label="版の名前", max_length=40, help_text="例: 2024（結果に記録され、画面に表示されます）"
    )
    source = forms.CharField(
        label="出典",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 経済産業省 ローカルベンチマーク・ツール（2024年度版）から転記",
    )
    csv_file = forms.FileField(label="基準値の CSV（同梱版と同じ列構成）")

    def clean_csv_file(self):
        """The CSV text, read through the core safe reader (size, encoding, rows and columns capped);
        a file over the size limit is refused with code "too_large" (the view answers 413)."""
        upload = self.cleaned_data["csv_file"]
        limit = min(settings.BANSO_MAX_UPLOAD_BYTES, BENCHMARK_MAX_BYTES)
        try:
            return read_benchmark_upload(read_upload(upload, max_bytes=limit), max_bytes=limit)
        except UploadError as exc:
            code = "too_large" if exc.status == 413 else "unreadable"
            raise forms.ValidationError(exc.message, code=code) from exc


# --- 4つの視点 and 商流・業務フロー ---------------------------------------------------------------------


class NonFinancialSheetForm(VersionedFormMixin, BansoForm):
    as_of = JapaneseDateField(
        label="作成日",
        help_text="対話・ヒアリングをまとめた日",
    )

    def __init__(self, *args, sheet=None, source=None, **kwargs):
        """`sheet` is the version being edited (its version is required on save); a new version is
        prefilled from `source` (the latest one) and dated today."""
        super().__init__(*args, **kwargs)
        source = sheet or source
        for item in VIEWPOINT_ITEMS:
            self.fields[item.key] = forms.CharField(
                label=item.label,
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                help_text=item.prompt,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"{item.key}__source"] = forms.CharField(
                label="出典となった対話",
                required=False,
                max_length=SOURCE_MAX_LENGTH,
                widget=forms.TextInput(attrs={"placeholder": "例: 2026/04/10 社長面談（工場にて）"}),
            )
        self.expect_version(sheet)
        self.initial.setdefault("as_of", sheet.as_of if sheet is not None else dt.date.today())
        if source is not None:
            for item in VIEWPOINT_ITEMS:
                answer = source.answer(item.key)
                self.initial[item.key] = answer["text"]
                self.initial[f"{item.key}__source"] = answer["source"]

    def sections(self):
        return [
            (section.label, [(self[item.key], self[f"{item.key}__source"]) for item in section.items])
            for section in ALL_SECTIONS
        ]

    def answers(self) -> dict:
        return {
            item.key: {
                "text": self.cleaned_data.get(item.key, ""),
                "source": self.cleaned_data.get(f"{item.key}__source", ""),
            }
            for item in VIEWPOINT_ITEMS
        }


class StepForm(BansoForm):
    name = forms.CharField(label="工程", max_length=40, required=False)
    activity = forms.CharField(
        label="内容（何をしているか）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    differentiation = forms.CharField(
        label="差別化ポイント", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CounterpartyForm(BansoForm):
    kind = forms.ChoiceField(
        label="区分", choices=[("", "選択"), *COUNTERPARTY_KINDS.items()], required=False
    )
    name = forms.CharField(label="名称", max_length=100, required=False)
    reason = forms.CharField(
        label="取引の理由（選ばれている理由）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


BLANK_ROWS = 3
StepFormSet = forms.formset_factory(StepForm, extra=0, max_num=20, absolute_max=20)
CounterpartyFormSet = forms.formset_factory(CounterpartyForm, extra=0, max_num=40, absolute_max=40)


def step_formset(data=None, rows=()):
    initial = list(rows) + [{}] * BLANK_ROWS
    return StepFormSet(data, initial=None if data else initial, prefix="steps")


def counterparty_formset(data=None, rows=()):
    initial = list(rows) + [{}] * BLANK_ROWS
    return CounterpartyFormSet(data, initial=None if data else initial, prefix="parties")


def formset_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


# --- 経営デザインシート ----------------------------------------------------------------------------------


class DesignSheetForm(VersionedFormMixin, BansoModelForm):
    as_of = JapaneseDateField(label="作成日")

    class Meta:
        model = DesignSheet
        fields = ["as_of", "title", *DESIGN_KEYS]
        widgets = {
            "as_of": DateInput(),
            **{key: forms.Textarea(attrs={"rows": 3}) for key in DESIGN_KEYS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for box in DESIGN_BOXES:
            for item in box.fields:
                self.fields[item.key].label = item.label
                self.fields[item.key].help_text = item.prompt
        if not self.instance.pk:
            self.initial.setdefault("as_of", dt.date.today())

    def boxes(self):
        return [(box, [self[item.key] for item in box.fields]) for box in DESIGN_BOXES]

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ["title", *DESIGN_KEYS]}

    def validate_unique(self):
        # The domain function checks the date against the company's other versions.
        pass
