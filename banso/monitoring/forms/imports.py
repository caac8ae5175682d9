"""Forms of the accounting imports: the upload and the account-mapping table. The rules are in
domain/imports.py and engines/imports/; here only what the browser sends is read back into the domain's
arguments."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm
from banso.monitoring.engines.imports import LAYOUT_LABELS, LAYOUTS, MAPPABLE
from banso.monitoring.engines.lines import INPUT_LINES, LINES_BY_KEY

IGNORE_LABEL = "取り込まない"


class ImportUploadForm(BansoForm):
    file = forms.FileField(
        label="会計ソフトから出力したファイル（CSV または .xlsx）",
        help_text="freee・マネーフォワード クラウド会計・弥生会計の月次推移表／残高試算表、仕訳帳、"
        "または「勘定科目＋月ごとの列」の表。",
    )
    layout = forms.ChoiceField(
        label="ファイルの形式",
        required=False,
        choices=[("", "自動で判定する")] + [(key, LAYOUT_LABELS[key]) for key in LAYOUTS],
    )
    fiscal_year = forms.IntegerField(
        label="会計年度（年のない「4月」「5月」…の列を読むとき）",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="決算期の年を西暦で（例: 2026年3月期なら 2026）。ファイルに期間の行があれば不要です。",
    )
    cumulative_ok = forms.BooleanField(
        label="累計（期首からの合計）で出力したファイルとして読む", required=False
    )

    def clean_layout(self):
        return self.cleaned_data.get("layout") or None


def mapping_choices() -> list[tuple[str, str]]:
    """(value, label) of the lines an account can be mapped to, then 取り込まない."""
    choices = [(line.key, line.label) for line in INPUT_LINES if line.key in MAPPABLE]
    return [*choices, ("ignore", IGNORE_LABEL)]


def mapping_label(value: str) -> str:
    if value == "ignore":
        return IGNORE_LABEL
    line = LINES_BY_KEY.get(value)
    return line.label if line else value


def read_mapping_rows(data, *, prefix: str = "m") -> dict[str, str]:
    """{account name: line} from `<prefix>-name-<i>` / `<prefix>-line-<i>` pairs; a blank line or name
    drops the row (the mapping page's way to remove an entry)."""
    result: dict[str, str] = {}
    index = 0
    while f"{prefix}-name-{index}" in data and index < 10_000:
        name = (data.get(f"{prefix}-name-{index}") or "").strip()
        line = (data.get(f"{prefix}-line-{index}") or "").strip()
        if name and line:
            result[name] = line
        index += 1
    return result
