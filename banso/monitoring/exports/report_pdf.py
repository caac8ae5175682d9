"""モニタリング報告書 as an A4 portrait PDF (docs/domain.md §5.2; ux.md Output): company and period; the
plan version; the findings (variance sentences); plan vs actual for the month and year to date; the
monthly trend with charts; the plan's numeric targets; each measure's progress; the gaps with their causes
and responses; the actions; KPIs; cash position and projection; the continued support asked of the
lenders; corrections disclosed.

Built from the report's figures snapshot only (banso/monitoring/domain/report_figures.py), so an issued
report's file matches its stored figures. Every user text goes through banso.core.pdf.paragraph; the
company name and period are on every page (core.pdf.build_pdf); table headers repeat on each page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from banso.core import formatting
from banso.core.exporters import PDF, Exporter, ExportFile
from banso.monitoring.exports._report_common import (
    TITLE,
    TREND_KEYS,
    column,
    export_filename,
    kpi_number,
    kyen,
    line_judgement,
    measure_period,
    meets_label,
    month_label,
    pct,
    period_label,
    report_lines,
    sentence_items,
    status_label,
    target_value,
)


class MonitoringReportPdf(Exporter):
    content_type = PDF

    def render(self, *, report, figures: dict, issued_at=None, issued_by=None) -> ExportFile:
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer, Table

        from banso.core import pdf

        self.pdf, self.st, self.Table, self.mm = pdf, pdf.styles(), Table, mm
        self.figures = figures
        self.negative = "△" if formatting.group(-1).startswith("△") else "-"
        era = formatting.document_era(report.company.organization)
        company_name = figures["company"]["name"]
        period = period_label(figures)
        plan = figures["plan"]
        if issued_at:
            stamp = f"発行日: {formatting.document_date(issued_at, era=era)}" + (
                f"（{issued_by.display_name}）" if issued_by else ""
            )
        else:
            stamp = "下書き（未発行）"
        story = [
            self._p(TITLE, "title"),
            self._p(company_name, "h2"),
            self._facts(
                [
                    ("事業者", company_name),
                    ("対象期間", period),
                    (
                        "比較した計画",
                        f"{plan['plan_title']} {plan['label']}（{plan['period_label']}）"
                        + (f"\n修正の理由: {plan['reason']}" if plan.get("reason") else ""),
                    ),
                    ("作成", f"{figures.get('organization', '')}　{stamp}"),
                ]
            ),
            Spacer(1, 3 * mm),
        ]
        story += self._findings(sentence_items(report))
        story += self._plan_vs_actual()
        story += self._trend()
        story += self._targets()
        story += self._measures()
        story += self._gaps()
        story += self._actions()
        story += self._kpis()
        story += self._cash()
        story += self._lender_request(report.lender_request)
        story += self._corrections()
        content = pdf.build_pdf(
            pdf.PageInfo(
                title=TITLE,
                company_name=company_name,
                period=period,
                organization_name=figures.get("organization", ""),
            ),
            story,
        )
        return ExportFile(filename=export_filename(figures, "pdf"), content_type=PDF, content=content)

    # --- building blocks ------------------------------------------------------------------------------

    def _p(self, text, style="body"):
        return self.pdf.paragraph(text, self.st[style])

    def _h1(self, text):
        return self._p(text, "h1")

    def _empty(self, text):
        return self._p(text, "muted")

    def _facts(self, facts):
        from reportlab.lib import colors

        rows = [[self._p(label, "cell"), self._p(value, "cell")] for label, value in facts]
        table = self.Table(rows, colWidths=[32 * self.mm, 148 * self.mm])
        style = self.pdf.table_style(header_rows=0)
        style.add("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f3f6"))
        table.setStyle(style)
        return table

    def _table(self, header, rows, widths, *, right=(), extra=()):
        cell, cell_right = self.st["cell"], self.st["cell_right"]

        def para(i, value):
            if not isinstance(value, str):
                return value
            return self.pdf.paragraph(value, cell_right if i in right else cell)

        data = [[para(i, h) for i, h in enumerate(header)]]
        data += [[para(i, v) for i, v in enumerate(row)] for row in rows]
        table = self.Table(data, colWidths=[w * self.mm for w in widths], repeatRows=1)
        style = self.pdf.table_style()
        for command in extra:
            style.add(*command)
        table.setStyle(style)
        return table

    # --- sections --------------------------------------------------------------------------------------

    def _findings(self, items):
        block = [self._h1("1. 業績の状況（所見）")]
        texts = [text for _, _, text in items if text.strip()]
        if not texts:
            return [*block, self._empty("所見の文章はありません。")]
        return block + [self._p(f"・{text}") for text in texts]

    def _status_styles(self, rows_status, first_col):
        from reportlab.lib import colors

        fills = {"amber": "#fff3cd", "red": "#f8d7da"}
        commands = []
        for index, status in enumerate(rows_status, start=1):
            if status in fills:
                commands.append(
                    ("BACKGROUND", (first_col, index), (first_col, index), colors.HexColor(fills[status]))
                )
        return commands

    def _comparison(self, title, key):
        month = self.figures["to_month"]
        rows, statuses = [], []
        for row in report_lines(self.figures):
            cell = column(row, month)
            cell = cell if key == "month" else cell["ytd"]
            rows.append(
                [
                    row["label"],
                    kyen(cell["plan"]),
                    kyen(cell["actual"]),
                    kyen(cell["variance"]),
                    pct(cell["achievement"]),
                    kyen(cell["prior_year"]),
                    line_judgement(row["key"], cell),
                ]
            )
            statuses.append(cell["status"])
        table = self._table(
            ["科目（千円）", "計画", "実績", "差異（実績−計画）", "達成率", "前年実績", "判定"],
            rows,
            [38, 24, 24, 28, 18, 24, 24],
            right=(1, 2, 3, 4, 5),
            extra=self._status_styles(statuses, 6),
        )
        return [self.pdf.paragraph(title, self.st["h2"]), table]

    def _plan_vs_actual(self):
        month = month_label(self.figures["to_month"])
        block = [self._h1("2. 計画と実績")]
        block += self._comparison(f"当月（{month}）", "month")
        block += self._comparison(f"累計（{self.figures['ytd_label']}）", "ytd")
        block.append(
            self._p(
                "判定: 達成率が注意の基準"
                f"（{pct(self.figures['thresholds']['amber'])}）未満は「注意」、"
                f"警告の基準（{pct(self.figures['thresholds']['red'])}）未満は「要対応」。"
                "費用の科目は計画を上回ると悪い方向、計画が0以下の利益は金額で判定しています。",
                "muted",
            )
        )
        return block

    def _trend(self):
        from banso.monitoring.engines.charts import trend_charts

        by_key = {row["key"]: row for row in self.figures["lines"]}
        months = self.figures["months"]
        block = [self._h1("3. 月次の推移")]
        rows = []
        for month in months:
            sales, operating = column(by_key["net_sales"], month), column(by_key["operating_income"], month)
            rows.append(
                [
                    month_label(month),
                    kyen(sales["plan"]),
                    kyen(sales["actual"]),
                    pct(sales["achievement"]),
                    kyen(operating["plan"]),
                    kyen(operating["actual"]),
                    kyen(operating["variance"]),
                ]
            )
        block.append(
            self._table(
                [
                    "月",
                    "売上高 計画",
                    "売上高 実績",
                    "達成率",
                    "営業利益 計画",
                    "営業利益 実績",
                    "営業利益 差異",
                ],
                rows,
                [26, 26, 26, 20, 28, 28, 26],
                right=(1, 2, 3, 4, 5, 6),
            )
        )
        block.append(self._p("単位: 千円", "muted"))
        dates = [dt.date(int(m[:4]), int(m[5:7]), 1) for m in months]

        def series(key, field):
            return [None if c[field] is None else Decimal(c[field]) for c in by_key[key]["months"]]

        plans = {key: series(key, "plan") for key in TREND_KEYS}
        actuals = {key: series(key, "actual") for key in TREND_KEYS}
        # A line needs two known points (reportlab draws no line through fewer).
        if any(sum(v is not None for v in values) < 2 for values in [*plans.values(), *actuals.values()]):
            block.append(self._empty("グラフは、2か月以上の計画と実績がそろうと載ります。"))
            return block
        charts = trend_charts(
            dates,
            plans,
            actuals,
            negative_mark=self.negative,
            plan_label=f"計画（{self.figures['plan']['label']}）",
            width=370,
            height=150,
        )
        block += [chart.drawing for chart in charts]
        return block

    def _targets(self):
        end_month = self.figures["fiscal_year_end_month"]
        rows = [
            [
                t["label"],
                target_value(t, end_month),
                t["yardstick"] or "—",
                meets_label(t["meets"]),
                t["note"],
            ]
            for t in self.figures["targets"]
        ]
        return [
            self._h1("4. 計画の数値目標"),
            self._table(["目標", "計画上の値", "目安", "判定", "備考"], rows, [36, 44, 22, 20, 58]),
        ]

    def _measures(self):
        block = [self._h1("5. 改善施策の進捗")]
        measures = self.figures["measures"]
        if not measures:
            return [*block, self._empty("施策は登録されていません。")]
        rows = [
            [
                m["title"],
                m["owner"] or "—",
                measure_period(m),
                "—" if m["expected_effect"] is None else kyen(m["expected_effect"]),
                m["status_label"],
                m["progress_note"] or "—",
            ]
            for m in measures
        ]
        return [
            *block,
            self._table(
                ["施策", "担当", "時期", "効果（千円/年）", "状況", "進捗"],
                rows,
                [44, 20, 28, 22, 16, 50],
                right=(3,),
            ),
        ]

    def _gaps(self):
        block = [self._h1("6. 計画との乖離 — 原因と対応")]
        gaps = self.figures["gaps"]
        if not gaps:
            return [*block, self._empty("対象期間に記録された乖離はありません。")]
        rows = []
        for g in gaps:
            what = f"{month_label(g['month'])}\n{g['line_label']}" + ("\n（連続）" if g["repeating"] else "")
            cause = g["cause_label"] or "—"
            if g["why_chain"]:
                cause += f"\n{g['why_chain']}"
            response = g["response"] or "—"
            follow = "・".join(p for p in (g["owner"], g["due_on"] and f"{g['due_on']}まで") if p) or "—"
            result = f"{g['status_label']}／{g['effect_label']}" + (
                f"\n{g['effect_note']}" if g["effect_note"] else ""
            )
            rows.append([what, cause, response, follow, result])
        return [
            *block,
            self._table(
                ["月・科目", "原因", "対応（実施済み・予定）", "担当・期限", "状況・効果"],
                rows,
                [26, 44, 54, 26, 30],
            ),
            self._p("（連続）は同じ科目で2か月以上続けて乖離が記録されたものです。", "muted"),
        ]

    def _action_table(self, actions, *, reviewed):
        if reviewed:
            rows = [
                [
                    a["title"],
                    a["owner"] or "—",
                    a["measure"] or "—",
                    a["review_label"],
                    a["review_note"] or "—",
                ]
                for a in actions
            ]
            return self._table(
                ["アクション", "担当", "測定基準", "結果", "振り返り"], rows, [50, 22, 32, 20, 56]
            )
        rows = [[a["title"], a["owner"] or "—", a["measure"] or "—"] for a in actions]
        return self._table(["アクション", "担当", "測定基準"], rows, [90, 34, 56])

    def _actions(self):
        block = [self._h1("7. 重点アクション")]
        month, following = month_label(self.figures["to_month"]), month_label(self.figures["next_month"])
        block.append(self.pdf.paragraph(f"{month}の重点アクションの振り返り", self.st["h2"]))
        reviewed = self.figures["reviewed_actions"]
        block.append(
            self._action_table(reviewed, reviewed=True)
            if reviewed
            else self._empty(f"{month}の重点アクションは記録されていません。")
        )
        block.append(self.pdf.paragraph(f"次月（{following}）の重点アクション", self.st["h2"]))
        upcoming = self.figures["next_actions"]
        block.append(
            self._action_table(upcoming, reviewed=False)
            if upcoming
            else self._empty(f"{following}の重点アクションはまだ決まっていません。")
        )
        return block

    def _kpis(self):
        block = [self._h1(f"8. KPI（{month_label(self.figures['to_month'])}）")]
        kpis = self.figures["kpis"]
        if not kpis:
            return [*block, self._empty("KPI は登録されていません。")]
        rows, statuses = [], []
        for k in kpis:
            unit = f"（{k['unit']}）" if k["unit"] else ""
            rows.append(
                [
                    f"{k['name']}{unit}",
                    k["direction_label"],
                    kpi_number(k["target"]),
                    kpi_number(k["actual"]),
                    pct(k["achievement"]),
                    status_label(k["status"]),
                    k["trend_label"],
                ]
            )
            statuses.append(k["status"])
        return [
            *block,
            self._table(
                ["KPI", "方向", "目標", "実績", "達成率", "判定", "前月比"],
                rows,
                [48, 24, 22, 22, 18, 24, 22],
                right=(2, 3, 4),
                extra=self._status_styles(statuses, 5),
            ),
        ]

    def _cash(self):
        from banso.monitoring.engines import cashflow as cf
        from banso.monitoring.engines.charts import cash_balance_chart

        cash = self.figures["cash"]
        block = [self._h1("9. 資金繰り（月末残高と今後12か月の予測）")]
        if not cash["months"]:
            return [*block, self._empty(cash.get("note") or "資金繰りの情報はありません。")]
        if cash["warning"]:
            block.append(self._p(f"【注意】{cash['warning']}", "body"))
        rows = [
            [
                month_label(c["month"]),
                "予測" if c["projected"] else "実績",
                kyen(c["opening"]),
                kyen(c["operating_balance"]),
                kyen(c["non_operating_balance"]),
                kyen(c["financial_balance"]),
                kyen(c["closing"]),
            ]
            for c in cash["months"]
        ]
        block.append(
            self._table(
                ["月", "区分", "前月繰越", "経常収支", "経常外収支", "財務収支", "翌月繰越"],
                rows,
                [26, 16, 28, 28, 28, 26, 28],
                right=(2, 3, 4, 5, 6),
            )
        )
        threshold = cash.get("threshold")
        block.append(
            self._p(
                "単位: 千円。予測は"
                + (f"{cash['plan_label']}の" if cash.get("plan_label") else "")
                + "計画・回収支払サイト・返済予定から算出しています（資金繰り表の画面と同じ計算）。"
                + (f"必要残高: {kyen(threshold)}千円。" if threshold is not None else "")
                + "".join(cash.get("notes") or ()),
                "muted",
            )
        )
        table = cf.CashFlowTable(
            tuple(
                cf.CashFlowMonth(
                    dt.date(int(c["month"][:4]), int(c["month"][5:7]), 1),
                    c["projected"],
                    Decimal(c["closing"]),
                )
                for c in cash["months"]
            )
        )
        warning = None
        if cash.get("warning_month"):
            month = cash["warning_month"]
            warning = cf.ShortfallWarning(
                dt.date(int(month[:4]), int(month[5:7]), 1),
                Decimal(cash["warning_balance"]),
                Decimal(threshold or 0),
                cash["below_zero"],
                cash["warning"],
            )
        if len(table.months) < 2:
            return block
        block.append(
            cash_balance_chart(
                table,
                threshold=threshold,
                warning=warning,
                negative_mark=self.negative,
                width=370,
                height=200,
            )
        )
        return block

    def _lender_request(self, text):
        return [
            self._h1("10. 金融機関の皆さまへのお願い（継続支援）"),
            self._p(text) if text.strip() else self._empty("記載はありません。"),
        ]

    def _corrections(self):
        block = [self._h1("11. 実績の修正の開示")]
        corrections = self.figures["corrections"]
        if not corrections:
            return [*block, self._empty("前回の報告書の発行以降、発行済みの月の実績の修正はありません。")]
        rows = [
            [
                month_label(c["month"]),
                c["line_label"],
                kyen(c["old_amount"]),
                kyen(c["new_amount"]),
                c["reason"],
                f"{c['at']}\n{c['by']}",
            ]
            for c in corrections
        ]
        return [
            *block,
            self._p("前回までに発行した報告書の対象月について、次の実績を修正しました。", "body"),
            self._table(
                ["月", "科目", "修正前（千円）", "修正後（千円）", "理由", "修正日・修正者"],
                rows,
                [22, 28, 24, 24, 52, 30],
                right=(2, 3),
            ),
        ]
