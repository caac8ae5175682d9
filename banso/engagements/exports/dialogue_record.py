"""面談記録: one dialogue on A4 — company, date and time, the form of the meeting, who took part,
what was discussed, the owner's words, what was agreed, the next steps, the issue-tree nodes it was
about, and the supporter who recorded it. The house PDF look (banso.core.pdf): every user text goes
through `paragraph`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.core import formatting
from banso.core.exporters import PDF, Exporter, ExportFile, safe_filename
from banso.engagements.domain.issues import KIND_LABELS
from banso.engagements.models import IssueNode

TITLE = "面談記録"
EMPTY = "—"


def _p(text, style, *, empty: str = ""):
    """A paragraph of user text: escaped (never markup), line breaks kept."""
    from banso.core.pdf import paragraph

    return paragraph(text, style, empty=empty)


def _time_range(dialogue) -> str:
    """'14:00〜15:00（60分）' in local time; only the start without a duration."""
    start = timezone.localtime(dialogue.held_at)
    if not dialogue.duration_minutes:
        return f"{start:%H:%M}〜"
    end = start + dt.timedelta(minutes=dialogue.duration_minutes)
    return f"{start:%H:%M}〜{end:%H:%M}（{dialogue.duration_minutes}分）"


def _path(node: IssueNode, by_pk: dict[int, IssueNode]) -> str:
    """The node with the nodes above it: '利益が出ない ＞ 値決めが属人的'."""
    parts, seen = [node.text], {node.pk}
    parent_id = node.parent_id
    while parent_id is not None and parent_id in by_pk and parent_id not in seen:
        seen.add(parent_id)
        parent = by_pk[parent_id]
        parts.append(parent.text)
        parent_id = parent.parent_id
    return " ＞ ".join(reversed(parts))


class DialogueRecordPdf(Exporter):
    content_type = PDF

    def render(self, *, dialogue, organization=None, today=None) -> ExportFile:
        from reportlab.lib import colors
        from reportlab.lib.units import mm
        from reportlab.platypus import KeepTogether, Spacer, Table

        from banso.core import pdf

        st = pdf.styles()
        engagement = dialogue.engagement
        company = engagement.company
        era = formatting.document_era(company.organization)
        today = today or timezone.localdate()
        held_on = formatting.document_date(dialogue.held_on, era=era)
        cell = st["cell"]

        def facts_table(rows):
            table = Table(
                [
                    [_p(label, cell), value if not isinstance(value, str) else _p(value, cell, empty=EMPTY)]
                    for label, value in rows
                ],
                colWidths=[32 * mm, 148 * mm],
            )
            # No header row: the labels (left column) are shaded instead.
            style = pdf.table_style()
            style.add("BACKGROUND", (0, 0), (-1, -1), colors.white)
            style.add("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e6edf3"))
            table.setStyle(style)
            return table

        def section(title, body_text, *, empty="記録なし"):
            return [_p(title, st["h2"]), _p(body_text, st["body"], empty=empty)]

        participants = "、".join(
            f"{p.name}（{p.title or p.get_role_display()}）" for p in dialogue.participants.all()
        )
        advisors = "、".join(a.display_name for a in dialogue.advisors.all())
        supporter = dialogue.recorded_by.display_name if dialogue.recorded_by_id else ""
        story = [
            _p(TITLE, st["title"]),
            _p(f"{company.name}　{held_on}", st["h2"]),
            _p(
                f"{engagement}　作成日: {formatting.document_date(today, era=era)}"
                + (f"　作成: {organization.name}" if organization else ""),
                st["muted"],
            ),
            Spacer(1, 3 * mm),
            facts_table(
                [
                    ("企業", company.name),
                    ("日時", f"{held_on}　{_time_range(dialogue)}"),
                    ("形式", dialogue.get_form_display()),
                    ("ステップ", dialogue.get_step_display()),
                    ("件名", dialogue.title),
                    ("参加者（事業者側）", participants),
                    ("参加した支援者", advisors),
                ]
            ),
            *section("話し合ったこと（傾聴メモ）", dialogue.listening_notes),
            _p("経営者の言葉", st["h2"]),
        ]
        quotes = dialogue.owner_quotes
        if quotes:
            story += [_p(f"「{quote.strip()}」", st["body"]) for quote in quotes]
        else:
            story.append(_p("", st["body"], empty="記録なし"))
        story += section("気づき", dialogue.insights)
        story += section("合意したこと", dialogue.agreements)
        story += section("次のステップ", dialogue.next_steps)
        story += self._issues(dialogue, st, pdf, Table, mm)
        story.append(Spacer(1, 5 * mm))
        story.append(
            KeepTogether(
                [
                    _p("記録", st["h2"]),
                    facts_table(
                        [
                            ("記録した支援者", supporter),
                            ("支援機関", organization.name if organization else company.organization.name),
                            ("最終更新", formatting.document_datetime(dialogue.updated_at, era=era)),
                        ]
                    ),
                ]
            )
        )
        content = pdf.build_pdf(
            pdf.PageInfo(
                title=TITLE,
                company_name=company.name,
                period=held_on,
                organization_name=organization.name if organization else "",
            ),
            story,
        )
        filename = safe_filename(TITLE, company.name, f"{dialogue.held_on:%Y%m%d}", extension="pdf")
        return ExportFile(filename=filename, content_type=PDF, content=content)

    def _issues(self, dialogue, st, pdf, Table, mm):
        block = [_p("話題にした課題（課題ツリー）", st["h2"])]
        nodes = list(dialogue.issue_nodes.order_by("position", "id"))
        if not nodes:
            return [*block, _p("", st["body"], empty="この対話に結びつけた課題はありません。")]
        by_pk = {n.pk: n for n in IssueNode.objects.filter(engagement_id=dialogue.engagement_id)}
        cell = st["cell"]
        rows = [[_p("種類", cell), _p("課題", cell)]]
        rows += [[_p(KIND_LABELS[n.kind], cell), _p(_path(n, by_pk), cell)] for n in nodes]
        table = Table(rows, colWidths=[22 * mm, 158 * mm], repeatRows=1)
        table.setStyle(pdf.table_style())
        return [*block, table]
