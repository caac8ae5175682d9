"""モニタリング報告書 as Excel: the same sections as the PDF, from the same figures snapshot, with real
numbers (yen values shown in 千円 by the cell format, so a sum in Excel is exact to the yen) and every
text cell through core.xlsx (safe_text / neutralise_formulas), so an imported account name such as
``=cmd|' /C calc'!A0`` stays text."""

from __future__ import annotations

from decimal import Decimal

from banso.core import formatting
from banso.core.exporters import XLSX, Exporter, ExportFile
from banso.monitoring.exports._report_common import (
    TITLE,
    column,
    export_filename,
    line_judgement,
    measure_period,
    meets_label,
    month_label,
    period_label,
    report_lines,
    sentence_items,
    status_label,
    target_value,
)


def _ratio(value):
    return None if value is None else float(Decimal(value))


def _number(value):
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _issued_text(issued_at, issued_by, era) -> str:
    if not issued_at:
        return "下書き（未発行）"
    who = issued_by.display_name if issued_by else ""
    return f"{formatting.document_date(issued_at, era=era)} {who}".strip()


class MonitoringReportXlsx(Exporter):
    content_type = XLSX

    def render(self, *, report, figures: dict, issued_at=None, issued_by=None) -> ExportFile:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        from banso.core.xlsx import PERCENT_FORMAT, THOUSAND_YEN_FORMAT, safe_text, workbook_bytes

        self.safe_text, self.yen_format, self.pct_format = safe_text, THOUSAND_YEN_FORMAT, PERCENT_FORMAT
        self.bold, self.header_fill = Font(bold=True), PatternFill("solid", fgColor="E6EDF3")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        fills = {
            "amber": PatternFill("solid", fgColor="FFF3CD"),
            "red": PatternFill("solid", fgColor="F8D7DA"),
        }
        self.fills = fills
        era = formatting.document_era(report.company.organization)
        workbook = Workbook()
        plan = figures["plan"]

        # 概要
        sheet = workbook.active
        sheet.title = "概要"
        rows = [
            (TITLE, ""),
            ("事業者", figures["company"]["name"]),
            ("対象期間", period_label(figures)),
            ("比較した計画", f"{plan['plan_title']} {plan['label']}（{plan['period_label']}）"),
            ("計画の修正の理由", plan.get("reason") or ""),
            ("作成", figures.get("organization", "")),
            ("発行", _issued_text(issued_at, issued_by, era)),
            ("金額の単位", "千円（セルの値は円）"),
            ("", ""),
            ("所見", ""),
        ]
        rows += [(label, text) for _, label, text in sentence_items(report) if text.strip()]
        rows += [("", ""), ("金融機関の皆さまへのお願い", report.lender_request or "")]
        for row in rows:
            sheet.append([safe_text(v) for v in row])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 36
        sheet.column_dimensions["B"].width = 100
        for row in sheet.iter_rows(min_row=2):
            row[0].font = self.bold
            row[1].alignment = self.wrap

        self._table_sheet(workbook.create_sheet("月次モニタリング表"), figures)
        self._comparison_sheet(workbook.create_sheet("当月・累計"), figures)
        end_month = figures["fiscal_year_end_month"]
        self._list_sheet(
            workbook.create_sheet("数値目標"),
            ["目標", "計画上の値", "数値", "目安", "判定", "備考"],
            [
                [
                    t["label"],
                    target_value(t, end_month),
                    _number(t["value"]) if t["kind"] == "ratio" else t.get("fiscal_year"),
                    t["yardstick"],
                    meets_label(t["meets"]),
                    t["note"],
                ]
                for t in figures["targets"]
            ],
            widths=[26, 30, 12, 14, 12, 50],
        )
        self._list_sheet(
            workbook.create_sheet("施策"),
            ["施策", "担当", "時期", "見込む効果（千円/年）", "科目", "状況", "進捗"],
            [
                [
                    m["title"],
                    m["owner"],
                    measure_period(m),
                    m["expected_effect"],
                    m["line_label"],
                    m["status_label"],
                    m["progress_note"],
                ]
                for m in figures["measures"]
            ],
            yen_columns=(3,),
            widths=[36, 14, 22, 18, 18, 10, 50],
        )
        self._list_sheet(
            workbook.create_sheet("乖離と対応"),
            [
                "月",
                "科目",
                "連続",
                "原因の分類",
                "なぜなぜ",
                "対応",
                "担当",
                "期限",
                "状況",
                "効果",
                "効果の所見",
            ],
            [
                [
                    month_label(g["month"]),
                    g["line_label"],
                    "連続" if g["repeating"] else "",
                    g["cause_label"],
                    g["why_chain"],
                    g["response"],
                    g["owner"],
                    g["due_on"],
                    g["status_label"],
                    g["effect_label"],
                    g["effect_note"],
                ]
                for g in figures["gaps"]
            ],
            widths=[12, 16, 6, 16, 40, 40, 12, 16, 10, 10, 30],
        )
        actions = [
            [
                month_label(a["month"]),
                a["title"],
                a["owner"],
                a["measure"],
                a["review_label"],
                a["review_note"],
            ]
            for a in figures["reviewed_actions"] + figures["next_actions"]
        ]
        self._list_sheet(
            workbook.create_sheet("重点アクション"),
            ["対象月", "アクション", "担当", "測定基準", "振り返り", "振り返りの所見"],
            actions,
            widths=[12, 40, 14, 24, 10, 40],
        )
        self._list_sheet(
            workbook.create_sheet("KPI"),
            ["KPI", "単位", "方向", "目標", "実績", "達成率", "判定", "前月比"],
            [
                [
                    k["name"],
                    k["unit"],
                    k["direction_label"],
                    _number(k["target"]),
                    _number(k["actual"]),
                    _ratio(k["achievement"]),
                    status_label(k["status"]),
                    k["trend_label"],
                ]
                for k in figures["kpis"]
            ],
            percent_columns=(5,),
            widths=[28, 8, 14, 12, 12, 10, 12, 10],
        )
        cash = figures["cash"]
        self._list_sheet(
            workbook.create_sheet("資金繰り"),
            ["月", "区分", "前月繰越", "経常収支", "経常外収支", "財務収支", "翌月繰越"],
            [
                [
                    month_label(c["month"]),
                    "予測" if c["projected"] else "実績",
                    c["opening"],
                    c["operating_balance"],
                    c["non_operating_balance"],
                    c["financial_balance"],
                    c["closing"],
                ]
                for c in cash["months"]
            ]
            + ([["注意", cash["warning"]]] if cash["warning"] else []),
            yen_columns=(2, 3, 4, 5, 6),
            widths=[14, 8, 14, 14, 14, 14, 14],
        )
        self._list_sheet(
            workbook.create_sheet("実績の修正"),
            ["月", "科目", "修正前", "修正後", "理由", "修正日", "修正者"],
            [
                [
                    month_label(c["month"]),
                    c["line_label"],
                    c["old_amount"],
                    c["new_amount"],
                    c["reason"],
                    c["at"],
                    c["by"],
                ]
                for c in figures["corrections"]
            ],
            yen_columns=(2, 3),
            widths=[12, 16, 14, 14, 50, 18, 14],
        )
        content = workbook_bytes(workbook)
        return ExportFile(filename=export_filename(figures, "xlsx"), content_type=XLSX, content=content)

    # --- sheets ------------------------------------------------------------------------------------------

    def _header(self, sheet, header):
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = self.bold, self.header_fill
        sheet.freeze_panes = f"A{sheet.max_row + 1}"

    def _list_sheet(self, sheet, header, rows, *, yen_columns=(), percent_columns=(), widths=()):
        self._header(sheet, header)
        for row in rows:
            sheet.append([self.safe_text(v) if isinstance(v, str) else v for v in row])
            for index, cell in enumerate(sheet[sheet.max_row]):
                if index in yen_columns:
                    cell.number_format = self.yen_format
                elif index in percent_columns:
                    cell.number_format = self.pct_format
                elif isinstance(cell.value, str):
                    cell.alignment = self.wrap
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width

    def _table_sheet(self, sheet, figures):
        """Every line × month: 計画, 実績, 差異, 達成率, 前年実績, 判定 and the year to date (累計)."""
        header = ["科目", "月", "計画", "実績", "差異", "達成率", "前年実績", "判定"]
        header += ["累計 計画", "累計 実績", "累計 差異", "累計 達成率", "累計 判定"]
        self._header(sheet, header)
        for row in figures["lines"]:
            for c in row["months"]:
                ytd = c["ytd"]
                sheet.append(
                    [
                        row["label"],
                        month_label(c["month"]),
                        c["plan"],
                        c["actual"],
                        c["variance"],
                        _ratio(c["achievement"]),
                        c["prior_year"],
                        line_judgement(row["key"], c),
                        ytd["plan"],
                        ytd["actual"],
                        ytd["variance"],
                        _ratio(ytd["achievement"]),
                        line_judgement(row["key"], ytd),
                    ]
                )
                cells = sheet[sheet.max_row]
                for index in (2, 3, 4, 6, 8, 9, 10):
                    cells[index].number_format = self.yen_format
                for index in (5, 11):
                    cells[index].number_format = self.pct_format
                for index, status in ((7, c["status"]), (12, ytd["status"])):
                    if status in self.fills:
                        cells[index].fill = self.fills[status]
        for letter, width in zip("ABCDEFGHIJKLM", [22, 12] + [13] * 11, strict=True):
            sheet.column_dimensions[letter].width = width

    def _comparison_sheet(self, sheet, figures):
        month = figures["to_month"]
        header = ["科目", "当月 計画", "当月 実績", "当月 差異", "当月 達成率", "当月 前年実績", "当月 判定"]
        header += ["累計 計画", "累計 実績", "累計 差異", "累計 達成率", "累計 前年実績", "累計 判定"]
        sheet.append([f"当月: {month_label(month)}　累計: {figures['ytd_label']}　（金額の単位: 千円）"])
        self._header(sheet, header)
        for row in report_lines(figures):
            c = column(row, month)
            values = [row["label"]]
            for cell in (c, c["ytd"]):
                values += [
                    cell["plan"],
                    cell["actual"],
                    cell["variance"],
                    _ratio(cell["achievement"]),
                    cell["prior_year"],
                    line_judgement(row["key"], cell),
                ]
            sheet.append(values)
            cells = sheet[sheet.max_row]
            for index in (1, 2, 3, 5, 7, 8, 9, 11):
                cells[index].number_format = self.yen_format
            for index in (4, 10):
                cells[index].number_format = self.pct_format
        sheet.column_dimensions["A"].width = 22
        for letter in "BCDEFGHIJKLM":
            sheet.column_dimensions[letter].width = 13
