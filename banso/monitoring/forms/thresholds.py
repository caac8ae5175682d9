"""The form of the organization's thresholds: the achievement rates below which a line is amber or red."""

from __future__ import annotations

from decimal import Decimal

from banso.core.forms import BansoForm, JapaneseDecimalField, VersionedFormMixin


class ThresholdsForm(VersionedFormMixin, BansoForm):
    amber = JapaneseDecimalField(
        label="注意（黄）: 達成率がこの％未満",
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        decimal_places=1,
        unit="％",
    )
    red = JapaneseDecimalField(
        label="要対応（赤）: 達成率がこの％未満",
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        decimal_places=1,
        unit="％",
    )

    def __init__(self, *args, thresholds=None, amber=None, red=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("amber", (amber * 100).normalize())
        self.initial.setdefault("red", (red * 100).normalize())
        self.expect_version(thresholds)

    def clean(self):
        data = super().clean()
        amber, red = data.get("amber"), data.get("red")
        if amber is not None and red is not None and red >= amber:
            self.add_error("red", "要対応（赤）の基準は、注意（黄）の基準より小さくしてください。")
        return data
