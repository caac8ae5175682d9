"""Forms of the monitoring report pages: a new report (period and plan version) and the draft editor
(one textarea per drafted sentence, the lenders' request)."""

from __future__ import annotations

from django import forms

from banso.core.forms import BansoForm, VersionedFormMixin
from banso.monitoring.domain.reports import MAX_LENDER_REQUEST_LENGTH, MAX_SENTENCE_LENGTH
from banso.monitoring.forms.fields import MonthField
from banso.monitoring.models import PlanVersion


def _version_label(version) -> str:
    return f"{version.plan.title} {version.label}" + ("（現行版）" if version.is_current else "")


class ReportCreateForm(BansoForm):
    plan_version = forms.ModelChoiceField(queryset=PlanVersion.objects.none(), label="比較する計画の版")
    from_month = MonthField(label="対象期間（自）")
    to_month = MonthField(label="対象期間（至）")

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["plan_version"]
        field.queryset = PlanVersion.objects.filter(pk__in=[v.pk for v in versions]).select_related("plan")
        field.label_from_instance = _version_label
        field.empty_label = "選んでください"


class ReportEditForm(VersionedFormMixin, BansoForm):
    max_sentence_length = MAX_SENTENCE_LENGTH
    lender_request = forms.CharField(
        label="金融機関の皆さまへのお願い（継続支援）",
        required=False,
        # maxlength stops a huge paste in the browser (it would reach the request size limit and lose the
        # text); the domain checks the length again after normalizing line breaks.
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_LENDER_REQUEST_LENGTH}),
        help_text=(
            "例: 返済条件の継続、運転資金のご支援、次回のバンクミーティングの日程など。"
            f"{MAX_LENDER_REQUEST_LENGTH}文字まで入力できます。"
        ),
    )

    def __init__(self, *args, report, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(report)
        self.sentence_keys = []
        for index, (key, label, text) in enumerate(items):
            name = f"sentence_{index}"
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_SENTENCE_LENGTH}),
            )
            self.sentence_keys.append((name, key))
        self.fields["lender_request"].initial = report.lender_request
        # sentences first, then the request to the lenders
        self.order_fields([name for name, _ in self.sentence_keys] + ["lender_request"])

    def sentence_fields(self):
        return [self[name] for name, _ in self.sentence_keys]

    def sentences(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name) or "" for name, key in self.sentence_keys}
