"""The form of the sales-mix import (売上構成比・粗利管理表): the file and what to assume where the file
does not say. The rules are in domain/segment_imports.py and engines/imports/sales_mix.py."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm
from banso.monitoring.domain.segment_imports import SIDE_CHOICES, UNIT_CHOICES
from banso.monitoring.models import SalesSegment


class SegmentImportForm(BansoForm):
    file = forms.FileField(
        label="売上構成表のファイル（CSV または .xlsx）",
        help_text="区分（商品・得意先・販路など）の列と月の列がある表。下の「取り込めるファイルの形」をご覧ください。",
    )
    side = forms.ChoiceField(
        label="計画か実績か（ファイルに「計画/実績」の列がないとき）",
        choices=list(SIDE_CHOICES.items()),
        initial="actual",
    )
    kind = forms.ChoiceField(
        label="区分の種類（ファイルに「種類」の列がなく、見出しからも分からないとき）",
        choices=SalesSegment.Kind.choices,
        initial=SalesSegment.Kind.PRODUCT,
    )
    unit = forms.ChoiceField(label="金額の単位", choices=list(UNIT_CHOICES.items()), required=False)
    fiscal_year = forms.IntegerField(
        label="会計年度（年のない「4月」「5月」…の列を読むとき）",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="決算期の年を西暦で（例: 2026年3月期なら 2026）。ファイルに期間の行があれば不要です。",
    )
