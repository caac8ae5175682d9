"""支援経過報告書: the story of one engagement on A4 — summary, step history, the issue tree, the five
walls (chart and latest ratings), dialogues, the action plan with its PDCA reviews, referrals, and
follow-ups with the before / after figures. Company and period on every page (banso.core.pdf)."""

from __future__ import annotations

from django.utils import timezone

from banso.core import formatting
from banso.core.exporters import PDF, Exporter, ExportFile, safe_filename
from banso.core.fiscal import fiscal_year_label
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.engines import guideline as g
from banso.engagements.engines.charts import wall_chart
from banso.engagements.exports._common import month_label, period_label
from banso.engagements.models import (
    Action,
    ActionReview,
    Dialogue,
    FollowUp,
    IssueNode,
    Referral,
    StepTransition,
    WallAssessment,
)
from banso.engagements.outcome_display import display_rows

TITLE = "支援経過報告書"
MAX_DIALOGUES = 40
# The latest reviews of each action; the rest are counted (「ほかN件」) — every review is in the
# action-plan Excel. Without a bound a long engagement's report ran to ~50 pages and seconds.
MAX_REVIEWS_PER_ACTION = 3


def latest_reviews(history: list, limit: int = MAX_REVIEWS_PER_ACTION) -> tuple[list, int]:
    """The last `limit` reviews of an action's history (oldest first) and how many are left out."""
    shown = history[-limit:] if limit > 0 else []
    return shown, len(history) - len(shown)


def _latest_reviews_by_action(engagement) -> tuple[dict[int, list], dict[int, int]]:
    """The latest MAX_REVIEWS_PER_ACTION reviews of each action of the engagement (oldest first)
    and each action's number of reviews — read by the database (a window per action), so a long
    history is never loaded to be cut in Python."""
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    ranked = (
        ActionReview.objects.filter(action__engagement=engagement)
        .annotate(
            newest=Window(
                RowNumber(), partition_by=[F("action_id")], order_by=[F("reviewed_on").desc(), F("id").desc()]
            ),
            total=Window(Count("id"), partition_by=[F("action_id")]),
        )
        .filter(newest__lte=MAX_REVIEWS_PER_ACTION)
        .order_by("action_id", "reviewed_on", "id")
    )
    reviews: dict[int, list] = {}
    totals: dict[int, int] = {}
    for review in ranked:
        reviews.setdefault(review.action_id, []).append(review)
        totals[review.action_id] = review.total
    return reviews, totals


def _p(text, style):
    """A paragraph of user text: escaped (never markup), line breaks kept."""
    from banso.core.pdf import paragraph

    return paragraph(text, style)


def _cell(flowable):
    """A table cell's paragraph, laid out once per column width (see `_laid_out_once`)."""
    return _laid_out_once()(flowable)


_ONCE_CLASS = None


def _laid_out_once():
    """A Flowable holding one cell paragraph that lays it out once per width. platypus splits a
    long table at each page break and measures every remaining row again — each paragraph of the
    action plan was broken into lines ~4 times (Japanese text is measured character by character),
    most of the report's cost. Drawing is the paragraph's own, so the page looks the same."""
    global _ONCE_CLASS
    if _ONCE_CLASS is None:
        from reportlab.platypus.flowables import Flowable

        class LaidOutOnce(Flowable):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner
                self._for_width = None
                self._size = (0, 0)

            def wrap(self, available_width, available_height):
                if self._for_width != available_width:
                    self._size = self.inner.wrap(available_width, available_height)
                    self._for_width = available_width
                self.width, self.height = self._size
                return self._size

            def split(self, available_width, available_height):
                return []

            def getSpaceBefore(self):
                return self.inner.getSpaceBefore()

            def getSpaceAfter(self):
                return self.inner.getSpaceAfter()

            def draw(self):
                self.inner.drawOn(self.canv, 0, 0)

        _ONCE_CLASS = LaidOutOnce
    return _ONCE_CLASS


def _d(day) -> str:
    return f"{day:%Y/%m/%d}" if day else "—"


def _target(value) -> str:
    """A target value without trailing zeros: 2.00 → 2, 1200.50 → 1,200.5."""
    text = formatting.group(value, 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


class ProgressReportPdf(Exporter):
    content_type = PDF

    def render(self, *, engagement, organization=None, today=None) -> ExportFile:
        from reportlab.lib.units import mm
        from reportlab.platypus import KeepTogether, Spacer, Table

        from banso.core import pdf

        self.st = pdf.styles()
        self.table_style = pdf.table_style
        self.Table, self.Spacer, self.KeepTogether, self.mm = Table, Spacer, KeepTogether, mm
        today = today or timezone.localdate()
        company = engagement.company
        self.era = formatting.document_era(company.organization)
        self.width = 180 * mm
        story = [
            _p(TITLE, self.st["title"]),
            _p(f"{company.name}　{engagement}", self.st["h2"]),
            _p(
                f"対象期間: {period_label(engagement, today)}　作成日: {self._date(today)}"
                + (f"　作成: {organization.name}" if organization else ""),
                self.st["muted"],
            ),
            Spacer(1, 4 * mm),
        ]
        story += self._summary(engagement, today)
        story += self._steps(engagement)
        story += self._tree(engagement)
        story += self._walls(engagement)
        story += self._dialogues(engagement)
        story += self._actions(engagement, today)
        story += self._referrals(engagement)
        story += self._follow_ups(engagement)
        content = pdf.build_pdf(
            pdf.PageInfo(
                title=TITLE,
                company_name=company.name,
                period=period_label(engagement, today),
                organization_name=organization.name if organization else "",
            ),
            story,
        )
        filename = safe_filename(TITLE, company.name, month_label(today), extension="pdf")
        return ExportFile(filename=filename, content_type=PDF, content=content)

    # --- building blocks -------------------------------------------------------------------------

    def _date(self, day) -> str:
        return formatting.document_date(day, era=self.era)

    def _h1(self, text):
        # A section title never stays alone at the foot of a page (the house h1 keeps with next).
        return _p(text, self.st["h1"])

    def _h2(self, text):
        return _p(text, self.st["h2"])

    def _empty(self, text):
        return _p(text, self.st["muted"])

    def _table(self, header, rows, widths, *, extra_styles=(), right_columns=()):
        cell, right = self.st["cell"], self.st["cell_right"]
        data = [[_cell(_p(h, right if i in right_columns else cell)) for i, h in enumerate(header)]]
        for row in rows:
            data.append(
                [
                    _cell(_p(c, right if i in right_columns else cell))
                    if isinstance(c, str | int | float)
                    else c
                    for i, c in enumerate(row)
                ]
            )
        table = self.Table(data, colWidths=[w * self.mm for w in widths], repeatRows=1)
        style = self.table_style()
        for command in extra_styles:
            style.add(*command)
        table.setStyle(style)
        return table

    # --- sections ----------------------------------------------------------------------------------

    def _summary(self, engagement, today):
        actions = list(Action.objects.filter(engagement=engagement).only("status", "due_on"))
        done = sum(1 for a in actions if a.status == "done")
        overdue = sum(1 for a in actions if a.is_overdue(today))
        roots = list(IssueNode.objects.filter(engagement=engagement, kind="root").order_by("position", "id"))
        team = "、".join(u.display_name for u in engagement.team())
        facts = [
            (
                "事業者",
                f"{engagement.company.name}（{engagement.company.industry_label}・{engagement.company.fiscal_year_end_month}月決算）",
            ),
            ("支援の種類", engagement.get_kind_display()),
            (
                "状況",
                engagement.get_status_display()
                + (f"（{engagement.status_reason}）" if engagement.status_reason else ""),
            ),
            ("現在のステップ", engagement.step_info.label),
            (
                "支援期間",
                f"{self._date(engagement.started_on)}開始・予定{engagement.planned_months}か月"
                f"（{self._date(engagement.planned_end_on)}まで）"
                + (f"・{self._date(engagement.ended_on)}終了" if engagement.ended_on else ""),
            ),
            ("支援チーム", team),
            ("対話の回数", f"{Dialogue.objects.filter(engagement=engagement).count()}回"),
            ("アクション", f"{len(actions)}件（完了 {done}件・期限切れ {overdue}件）"),
            ("橋渡し", f"{Referral.objects.filter(engagement=engagement).count()}件"),
            (
                "裏課題（本質的課題）",
                "\n".join(
                    f"・{n.text}"
                    + (
                        f"（{self._date(n.agreed_on)} 経営者が腹落ち）"
                        if n.agreed_on
                        else "（腹落ちは未確認）"
                    )
                    for n in roots
                )
                or "まだ設定されていません",
            ),
        ]
        cell = self.st["cell"]
        rows = [[_cell(_p(label, cell)), _cell(_p(value, cell))] for label, value in facts]
        table = self.Table(rows, colWidths=[38 * self.mm, 142 * self.mm])
        style = self.table_style(header_rows=0)
        from reportlab.lib import colors

        style.add("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f3f6"))
        table.setStyle(style)
        return [self._h1("1. 案件の概要"), table]

    def _steps(self, engagement):
        transitions = list(
            StepTransition.objects.filter(engagement=engagement)
            .select_related("decided_by")
            .order_by("decided_on", "created_at", "id")
        )
        rows = []
        for t in transitions:
            if t.from_step is None:
                move = f"開始 → {g.step_label(t.to_step)}"
            else:
                move = f"{g.step_label(t.from_step)} → {g.step_label(t.to_step)}" + (
                    "（戻し）" if t.direction == "back" else ""
                )
            rows.append([_d(t.decided_on), move, t.reason, t.decided_by.display_name])
        return [
            self._h1("2. ステップの経過"),
            self._table(["判断した日", "ステップ", "理由", "判断した人"], rows, [23, 60, 73, 24]),
        ]

    def _tree(self, engagement):
        from reportlab.lib.styles import ParagraphStyle

        from banso.core.pdf import escape_text, markup_paragraph

        nodes = list(IssueNode.objects.filter(engagement=engagement).order_by("position", "id"))
        block = [self._h1("3. 課題ツリー（表課題 → なぜ → 裏課題）")]
        if not nodes:
            return [*block, self._empty("課題ツリーはまだありません。")]
        children: dict[int | None, list] = {}
        for node in nodes:
            children.setdefault(node.parent_id, []).append(node)

        tree_styles: dict[int, ParagraphStyle] = {}

        def tree_style(depth: int) -> ParagraphStyle:
            """One style per depth, created once."""
            if depth not in tree_styles:
                tree_styles[depth] = ParagraphStyle(
                    f"tree{depth}",
                    parent=self.st["body"],
                    leftIndent=depth * 7 * self.mm + 4 * self.mm,
                    firstLineIndent=-4 * self.mm,
                    spaceBefore=1.5,
                    fontSize=9.5 if depth else 10.5,
                )
            return tree_styles[depth]

        def walk(parent_id, depth):
            for node in children.get(parent_id, []):
                marker = "■" if node.kind == "root" else ("●" if depth == 0 else "└")
                agreed = f"（{self._date(node.agreed_on)} 腹落ち）" if node.agreed_on else ""
                text = escape_text(f"{marker} 【{node.get_kind_display()}】{node.text}{agreed}")
                if node.kind == "root":
                    text = f"<b>{text}</b>"
                block.append(markup_paragraph(text, tree_style(depth)))
                walk(node.pk, depth + 1)

        walk(None, 0)
        block.append(
            _p("■ は裏課題（本質的課題）。字下げは「なぜ」を掘り下げた深さを表します。", self.st["muted"])
        )
        return block

    def _walls(self, engagement):
        assessments = list(WallAssessment.objects.filter(engagement=engagement).order_by("assessed_on", "id"))
        block = [self._h1("4. 自己変革を妨げる5つの壁")]
        if not assessments:
            return [*block, self._empty("5つの壁の評価はまだありません。")]
        chart = wall_chart(assessments, width=380, height=190)  # the same chart as the walls page
        latest = assessments[-1]
        first = assessments[0]
        level = dict(g.WALL_LEVEL_CHOICES)
        rows = []
        for wall in g.WALLS:
            now, before = getattr(latest, wall.key), getattr(first, wall.key)
            move = (
                "—"
                if len(assessments) == 1
                else (
                    f"{before} → {now}"
                    + ("（改善）" if now < before else "（悪化）" if now > before else "（変化なし）")
                )
            )
            rows.append([wall.label, f"{now} {level[now]}", move, getattr(latest, f"{wall.key}_note")])
        table = self._table(
            [
                f"壁（最新: {self._date(latest.assessed_on)}）",
                "評価",
                f"初回（{_d(first.assessed_on)}）からの変化",
                "根拠",
            ],
            rows,
            [46, 24, 36, 74],
        )
        return [
            *block,
            chart,
            _p("0 = 乗り越えた … 3 = 強い壁（低いほど良い）", self.st["muted"]),
            self.Spacer(1, 2 * self.mm),
            table,
        ]

    def _dialogues(self, engagement):
        dialogues = list(
            Dialogue.objects.filter(engagement=engagement).order_by("-held_at", "-id")[:MAX_DIALOGUES]
        )
        block = [self._h1("5. 対話の経過")]
        if not dialogues:
            return [*block, self._empty("対話記録はまだありません。")]
        rows = []
        for d in reversed(dialogues):
            quotes = d.owner_quotes
            summary = d.insights or d.agreements or d.listening_notes
            if quotes:
                summary = f"「{quotes[0]}」\n{summary}".strip()
            rows.append([_d(d.held_on), d.get_form_display(), str(d), summary])
        total = Dialogue.objects.filter(engagement=engagement).count()
        note = f"直近{MAX_DIALOGUES}回を載せています（全{total}回）。" if total > MAX_DIALOGUES else ""
        return [
            *block,
            self._table(["日付", "形式", "件名", "経営者の言葉・気づき"], rows, [23, 24, 40, 93]),
            *([_p(note, self.st["muted"])] if note else []),
        ]

    def _actions(self, engagement, today):
        from reportlab.lib import colors

        from banso.core.pdf import escape_text, markup_paragraph

        actions = list(
            Action.objects.filter(engagement=engagement)
            .select_related("owner", "root_issue")
            .order_by("due_on", "position", "id")
        )
        block = [self._h1("6. アクションプラン（PDCA）")]
        if not actions:
            return [*block, self._empty("アクションはまだありません。")]
        reviews, totals = _latest_reviews_by_action(engagement)
        rows, styles = [], []
        cell = self.st["cell"]
        for index, a in enumerate(actions, start=1):
            status = a.get_status_display() + ("\n期限切れ" if a.is_overdue(today) else "")
            what = a.what
            details = "・".join(
                part
                for part in (a.how_much and f"どの程度: {a.how_much}", a.how and f"どのように: {a.how}")
                if part
            )
            effect = a.expected_effect
            if a.expected_value is not None:
                effect = f"{effect}（目標 {_target(a.expected_value)}{a.expected_unit}）".strip()
            rows.append(
                [
                    str(index),
                    _cell(_p(f"{what}\n{details}".strip(), cell)),
                    a.owner.name,
                    _d(a.due_on),
                    status,
                    effect,
                ]
            )
            history = reviews.get(a.pk, [])
            hidden = totals.get(a.pk, 0) - len(history)
            if history:
                lines = []
                if hidden:
                    lines.append(
                        escape_text(f"（ほか{hidden}件の振り返りはアクションプランのExcelに載っています）")
                    )
                for r in history:
                    line = f"<b>{escape_text(f'{_d(r.reviewed_on)} → {r.get_status_display()}')}</b>"
                    if r.small_success:
                        line += "　★小さな成功体験"
                    for label, text in (("結果", r.result), ("学び", r.learning), ("次の一歩", r.next_step)):
                        if text:
                            line += f"　<b>{escape_text(label)}</b>: {escape_text(text)}"
                    lines.append(line)
                rows.append(
                    [
                        "",
                        _cell(markup_paragraph("<br/>".join(["振り返り（PDCA）", *lines]), self.st["small"])),
                        "",
                        "",
                        "",
                        "",
                    ]
                )
                row_index = len(rows)
                styles.append(("SPAN", (1, row_index), (5, row_index)))
                styles.append(("BACKGROUND", (1, row_index), (5, row_index), colors.HexColor("#f7f9fb")))
        table = self._table(
            ["No.", "何を（どの程度・どのように）", "誰が", "いつまでに", "状況", "見込む効果"],
            rows,
            [9, 64, 22, 23, 17, 45],
            extra_styles=styles,
        )
        return [
            *block,
            table,
            _p("★ は事業者と確かめた小さな成功体験。状況・期限切れは作成日時点です。", self.st["muted"]),
        ]

    def _referrals(self, engagement):
        referrals = list(
            Referral.objects.filter(engagement=engagement)
            .select_related("support_body", "issue")
            .order_by("referred_on", "id")
        )
        block = [self._h1("7. 橋渡し（他の支援機関・専門家）")]
        if not referrals:
            return [*block, self._empty("橋渡しはまだありません。")]
        rows = []
        for r in referrals:
            reason = r.reason + (f"\n関係する課題: {r.issue.text}" if r.issue else "")
            status = r.get_status_display() + (f"\n{_d(r.closed_on)}" if r.closed_on else "")
            rows.append(
                [
                    f"{r.support_body.name}\n（{r.support_body.type_label}）",
                    reason,
                    _d(r.referred_on),
                    status,
                    r.outcome or "—",
                ]
            )
        return [
            *block,
            self._table(["橋渡し先", "理由", "橋渡しした日", "状況", "結果"], rows, [38, 48, 23, 23, 48]),
        ]

    def _follow_ups(self, engagement):
        follow_ups = list(FollowUp.objects.filter(engagement=engagement).order_by("scheduled_on", "id"))
        block = [self._h1("8. フォローアップ（自走化）と成果")]
        if follow_ups:
            rows = []
            for f in follow_ups:
                ratings = "\n".join(
                    f"{p.label}: {getattr(f, p.key)}/4"
                    for p in g.SELF_PROPULSION_POINTS
                    if getattr(f, p.key) is not None
                )
                rows.append(
                    [
                        _d(f.scheduled_on),
                        _d(f.done_on) if f.done_on else "予定",
                        ratings or "—",
                        f.evidence or "—",
                    ]
                )
            block.append(
                self._table(
                    ["予定日", "実施日", "自走化の評価（1〜4）", "自走化の様子"], rows, [23, 23, 56, 78]
                )
            )
            legend = "・".join(f"{value} {label}" for value, label in g.SELF_PROPULSION_RATING_CHOICES)
            block.append(_p(f"評価: {legend}", self.st["muted"]))
        else:
            block.append(self._empty("フォローアップはまだ予定されていません。"))
        baseline, done, comparisons = follow_up_domain.comparison(engagement, follow_ups)
        block.append(self._h2("支援開始時と現在の比較"))
        if baseline is None and not done:
            return [*block, self._empty("支援開始時の数値とフォローアップ時の数値がまだありません。")]
        end_month = engagement.company.fiscal_year_end_month

        def fy(figures) -> str:
            return (
                f"\n{fiscal_year_label(figures.fiscal_year, end_month)}"
                if figures and figures.fiscal_year
                else ""
            )

        header = ["指標", "支援開始時" + fy(baseline)]
        header += [f"{_d(f.done_on)}{fy(f)}" for f in done[-3:]]
        header += ["増減", "増減率"]
        rows = [
            [r.label, r.before, *r.afters, f"{r.difference}\n{r.direction}".strip(), r.change]
            for r in display_rows(comparisons, columns=3)
        ]
        middle = len(done[-3:])
        widths = [30, 30, *([min(30, 90 / max(middle, 1))] * middle), 28, 18]
        scale = 180 / sum(widths)
        right = range(1, len(header))
        table = self._table(header, rows, [w * scale for w in widths], right_columns=right)
        source = f"支援開始時の出典: {baseline.source}。" if baseline and baseline.source else ""
        return [
            *block,
            table,
            _p(
                f"{source}増減は支援開始時と直近のフォローアップとの差。"
                "営業利益が0以下からの変化は率では示さず、差で判断します。賃上げ率の増減はポイントです。",
                self.st["muted"],
            ),
        ]
