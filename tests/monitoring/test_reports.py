"""モニタリング報告書: the numbers equal the monitoring table to the yen (Excel cells, PDF text), issuing
is an immutable snapshot with SHA-256, version conflicts, a correction after an issue is disclosed in
the next report, figures that changed since the draft, the period rule, and tenancy on the pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.monitoring.domain import reports
from banso.monitoring.domain.report_figures import load_table
from banso.monitoring.engines.months import Month
from banso.monitoring.models import ActualCorrection, MonitoringReport, MonthlyActual
from tests.monitoring import report_world

pytestmark = pytest.mark.django_db

LAST = report_world.LAST_ACTUAL


@pytest.fixture
def version(company, supporter):
    return report_world.build(company, by=supporter)


@pytest.fixture
def draft(company, supporter, version):
    return reports.draft_report(company, by=supporter, from_month="2025-04", to_month=str(LAST))


def _workbook(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_excel_numbers_equal_the_monitoring_table_to_the_yen(company, version, draft):
    table = load_table(company, version, Month(2025, 4), LAST)
    _, xlsx = reports.render_files(draft)
    sheet = _workbook(xlsx.content)["月次モニタリング表"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(table.rows) * 6
    checked = 0
    for row in table.rows:
        for column in row.months:
            label, month, plan, actual, variance, achievement, prior, _, ytd_plan, ytd_actual, *_ = rows[
                checked
            ]
            assert (label, month) == (row.label, column.month.label)
            cell, ytd = column.cell, column.ytd
            assert (plan, actual, variance, prior) == (cell.plan, cell.actual, cell.variance, cell.prior_year)
            assert (ytd_plan, ytd_actual) == (ytd.plan, ytd.actual)
            if cell.achievement is None:
                assert achievement is None
            else:
                assert Decimal(str(achievement)) == cell.achievement.quantize(Decimal("0.000001"))
            checked += 1
    # An exact figure, worked by hand: September's sales are 82 % of plan, plus the month number.
    september = next(r for r in rows if r[0] == "売上高" and r[1] == "2025年9月")
    assert september[2:5] == (10_000_123, int(10_000_123 * Decimal("0.82")) + 9, 8_200_109 - 10_000_123)
    # Money cells are numbers shown in 千円, not text.
    assert sheet["C2"].data_type == "n"
    assert sheet["C2"].number_format == '#,##0,;"△"#,##0,'


def test_pdf_shows_the_tables_month_and_year_to_date_in_thousand_yen(company, version, draft):
    table = load_table(company, version, Month(2025, 4), LAST)
    pdf, _ = reports.render_files(draft)
    text = _pdf_text(pdf.content)
    sales = table.row("net_sales").at(LAST)
    # 10,000,123 → 10,000; 8,200,109 → 8,200; variance △1,800,014 → △1,800; year to date too.
    assert "売上高10,0008,200△1,80082.0%" in text
    ytd = sales.ytd
    assert f"{ytd.plan / 1000:,.0f}" == "60,001"
    assert "売上高60,00156,701△3,30094.5%" in text
    for page_marker in ("1/", "有限会社丸山精工", "2025年4月〜2025年9月"):
        assert page_marker in text
    assert "経営改善計画第1版" in text
    assert "主因は受注・客数減です。対応：新規見込み先へ提案を始めました。" in text


def test_draft_sentences_come_from_the_table_and_the_months_gap(draft):
    assert draft.sentences["month.net_sales"] == (
        "売上高は計画比82.0％（△1,800千円）でした。主因は受注・客数減です。対応：新規見込み先へ提案を始めました。"
    )
    assert draft.sentences["ytd.net_sales"].startswith("4月〜9月の累計では、売上高は計画比94.5％")
    keys = [key for key, _, _ in reports.sentence_items(draft)]
    assert keys[0] == "month.net_sales" and keys[-1] == "ytd.ordinary_income"


def test_issue_stores_files_with_sha256_and_then_refuses_every_change(company, supporter, draft):
    draft = reports.edit_report(
        draft,
        by=supporter,
        expected_version=draft.version,
        sentences={"month.net_sales": "売上高は計画を下回りました。"},
        lender_request="返済条件の継続をお願いします。",
    )
    issued = reports.issue_report(draft, by=supporter, expected_version=draft.version)
    issued.refresh_from_db()
    assert issued.status == MonitoringReport.Status.ISSUED
    assert (issued.issued_by, issued.plan_version_id) == (supporter, draft.plan_version_id)
    with issued.pdf.open("rb") as handle:
        pdf = handle.read()
    with issued.xlsx.open("rb") as handle:
        xlsx = handle.read()
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(xlsx).hexdigest() == issued.xlsx_sha256
    assert "売上高は計画を下回りました。" in _pdf_text(pdf)
    log = ActivityLog.objects.get(code="monitoring.report.issued")
    assert log.data["pdf_sha256"] == issued.pdf_sha256
    before = (issued.version, issued.sentences, issued.pdf_sha256)
    with pytest.raises(DomainError, match="発行済み"):
        reports.edit_report(
            issued, by=supporter, expected_version=issued.version, sentences={}, lender_request="x"
        )
    with pytest.raises(DomainError, match="発行済み"):
        reports.issue_report(issued, by=supporter, expected_version=issued.version)
    with pytest.raises(DomainError, match="発行済み"):
        reports.refresh_report(issued, by=supporter, expected_version=issued.version)
    issued.refresh_from_db()
    assert (issued.version, issued.sentences, issued.pdf_sha256) == before


def test_a_stale_version_is_a_conflict_and_changes_nothing(supporter, draft):
    stale = draft.version
    reports.edit_report(draft, by=supporter, expected_version=stale, sentences={}, lender_request="一回目")
    with pytest.raises(ConflictError):
        reports.edit_report(
            draft, by=supporter, expected_version=stale, sentences={}, lender_request="二回目"
        )
    with pytest.raises(ConflictError):
        reports.issue_report(draft, by=supporter, expected_version=stale)
    draft.refresh_from_db()
    assert (draft.lender_request, draft.status) == ("一回目", "draft")


def test_figures_changed_since_the_draft_must_be_refreshed_before_issue(company, supporter, draft):
    MonthlyActual.objects.filter(company=company, month=LAST.first_day, line="net_sales").update(
        amount=9_999_999
    )
    with pytest.raises(DomainError, match="最新の数値に更新"):
        reports.issue_report(draft, by=supporter, expected_version=draft.version)
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.pdf
    refreshed = reports.refresh_report(draft, by=supporter, expected_version=draft.version)
    assert refreshed.sentences["month.net_sales"].startswith("売上高は計画比100.0％（0千円）")
    issued = reports.issue_report(refreshed, by=supporter, expected_version=refreshed.version)
    assert issued.is_issued


def test_a_correction_after_an_issue_is_disclosed_in_the_next_report_once(company, supporter, draft):
    first = reports.issue_report(draft, by=supporter, expected_version=draft.version)
    assert first.disclosed_corrections == []
    correction = ActualCorrection.objects.create(
        company=company,
        month=dt.date(2025, 8, 1),
        line="net_sales",
        old_amount=9_700_131,
        new_amount=9_650_000,
        reason="返品の計上漏れ",
        by=supporter,
    )
    second = reports.draft_report(company, by=supporter, from_month="2025-04", to_month=str(LAST))
    assert [c["id"] for c in second.figures["corrections"]] == [correction.pk]
    second = reports.issue_report(second, by=supporter, expected_version=second.version)
    assert second.disclosed_corrections == [correction.pk]
    with second.pdf.open("rb") as handle:
        text = _pdf_text(handle.read())
    assert "11.実績の修正の開示" in text and "返品の計上漏れ" in text and "9,700" in text and "9,650" in text
    sheet = _workbook(second.xlsx.open("rb").read())["実績の修正"]
    second.xlsx.close()
    assert next(sheet.iter_rows(min_row=2, values_only=True))[:5] == (
        "2025年8月",
        "売上高",
        9_700_131,
        9_650_000,
        "返品の計上漏れ",
    )
    third = reports.draft_report(company, by=supporter, from_month="2025-04", to_month=str(LAST))
    assert third.figures["corrections"] == []


def test_period_outside_the_plan_or_reversed_is_refused(company, supporter, version):
    with pytest.raises(DomainError, match="計画（第1版）の期間"):
        reports.draft_report(company, by=supporter, from_month="2025-01", to_month="2025-06")
    with pytest.raises(DomainError, match="始まり以降"):
        reports.draft_report(company, by=supporter, from_month="2025-06", to_month="2025-04")
    assert not MonitoringReport.objects.exists()


def test_twelve_month_report_renders_both_files(company, supporter, version):
    MonthlyActual.objects.bulk_create(
        MonthlyActual(company=company, month=month.first_day, line=line, amount=amount)
        for month in (Month(2025, 10) + i for i in range(6))
        for line, amount in report_world.actual_for(month).items()
    )
    report = reports.draft_report(company, by=supporter, from_month="2025-04", to_month="2026-03")
    pdf, xlsx = reports.render_files(report)
    assert pdf.filename == "モニタリング報告書_有限会社丸山精工_2026年3月.pdf"
    assert xlsx.filename == "モニタリング報告書_有限会社丸山精工_2026年3月.xlsx"
    assert "2026年3月" in _pdf_text(pdf.content)


# ---- pages ------------------------------------------------------------------------------------------


def _url(name, company, **kwargs):
    return reverse(
        f"monitoring:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


def test_pages_create_edit_issue_and_download(login, company, supporter, version):
    client = login(supporter)
    response = client.post(
        _url("report_create", company),
        {"plan_version": version.pk, "from_month": "2025-04", "to_month": "2025-09"},
    )
    report = MonitoringReport.objects.get()
    assert response.status_code == 302
    page = client.get(_url("report_detail", company, pk=report.pk)).content.decode()
    assert "発行後は変更できません" in page and "売上高は計画比82.0％" in page
    data = {"version": report.version, "lender_request": "運転資金のご支援をお願いします。"}
    for index, (key, _, text) in enumerate(reports.sentence_items(report)):
        data[f"sentence_{index}"] = "売上は回復途上です。" if key == "month.net_sales" else text
    assert client.post(_url("report_detail", company, pk=report.pk), data).status_code == 302
    report.refresh_from_db()
    assert report.sentences["month.net_sales"] == "売上は回復途上です。"
    client.post(_url("report_issue", company, pk=report.pk), {"version": report.version})
    report.refresh_from_db()
    assert report.is_issued
    listing = client.get(_url("report_list", company)).content.decode()
    assert report.pdf_sha256 in listing
    response = client.get(_url("report_xlsx", company, pk=report.pk))
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == report.xlsx_sha256
    assert ActivityLog.objects.filter(code="download.monitoring.report.xlsx").count() == 1


def test_another_organizations_report_is_404(login, company, supporter, outsider, draft):
    client = login(outsider)
    for name in ("report_detail", "report_preview", "report_pdf"):
        assert client.get(_url(name, company, pk=draft.pk)).status_code == 404
    assert client.post(_url("report_issue", company, pk=draft.pk), {"version": 1}).status_code == 404


def test_plan_tab_on_the_report_pages_links_to_the_reports_plan(login, company, supporter, version, draft):
    client = login(supporter)
    plan_url = _url("plan_detail", company, pk=version.plan.pk)
    for page in (
        client.get(_url("report_detail", company, pk=draft.pk)),
        client.get(_url("report_list", company)),
        client.get(_url("report_create", company)),
    ):
        html = page.content.decode()
        assert f'href="{plan_url}"' in html
        assert "#plans" not in html


def test_charts_are_not_lazy_loaded_so_they_print(login, company, supporter, version):
    page = login(supporter).get(_url("table", company) + "?from=2025-04&to=2025-09").content.decode()
    assert page.count('<img src="data:image/svg+xml') == 6
    assert 'loading="lazy"' not in page


# ---- sentences and judgement of a line far above a small plan ------------------------------------------


def _engine_cell(key, plan, actual):
    from banso.monitoring.engines.variance import DEFAULT_THRESHOLDS, _cell

    return _cell(key, Decimal(plan), Decimal(actual), None, DEFAULT_THRESHOLDS)


def test_a_profit_far_above_a_small_plan_is_told_in_amounts_not_a_huge_rate():
    from banso.monitoring.engines.sentences import variance_sentence

    text = variance_sentence("operating_income", _engine_cell("operating_income", 1_000_000, 6_183_000))
    assert text == "営業利益は計画1,000千円に対し実績6,183千円で、計画を5,183千円上回りました。"
    # 150 % is still a rate; a cost line far above its plan is told in amounts too
    assert variance_sentence("net_sales", _engine_cell("net_sales", 1_000_000, 1_500_000)) == (
        "売上高は計画比150.0％（+500千円）でした。"
    )
    assert variance_sentence("sga", _engine_cell("sga", 100_000, 400_000)) == (
        "販管費は計画100千円に対し実績400千円で、計画を300千円上回りました。"
    )


def test_a_line_above_plan_is_judged_over_plan_not_as_planned():
    from banso.monitoring.engines.sentences import judgement_label

    def judge(key, plan, actual):
        cell = _engine_cell(key, plan, actual)
        return judgement_label(key, cell.plan, cell.actual, cell.status)

    assert judge("operating_income", 1_000_000, 6_183_000) == "計画超過"
    assert judge("net_sales", 1_000_000, 1_000_000) == "計画どおり"
    assert judge("net_sales", 1_000_000, 990_000) == "計画どおり"
    assert judge("sga", 1_000_000, 1_010_000) == "計画超過（要注意）"
    assert judge("sga", 1_000_000, 990_000) == "計画どおり"
    assert judge("sga", 1_000_000, 2_000_000) == "要対応"


def test_report_files_judge_a_cost_line_above_plan_as_over_plan(company, version, draft):
    _, xlsx = reports.render_files(draft)
    sheet = _workbook(xlsx.content)["当月・累計"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    # 販売費及び一般管理費: 3,100,026 against 3,000,011 (103.3 %) — within the threshold, but over plan
    sga = next(row for label, row in rows.items() if label and label.startswith("販売費"))
    assert sga[6] == "計画超過（要注意）"
    assert rows["売上高"][6] == "注意"  # 82 % of plan: a shortfall keeps its status


# ---- the cash section is the 資金繰り表 page's overview ------------------------------------------------


def test_report_cash_section_equals_the_cash_flow_pages_overview(company, supporter, version, draft):
    from banso.monitoring.domain.cashflow import cash_flow_overview

    overview = cash_flow_overview(company)
    cash = draft.figures["cash"]
    expected = [
        (str(Month.of(c.month)), c.projected, int(c.opening), int(c.closing)) for c in overview.table.months
    ]
    got = [(c["month"], c["projected"], c["opening"], c["closing"]) for c in cash["months"]]
    assert got == expected
    # the September actual, then twelve projected months from October
    assert [m for m, projected, *_ in got if not projected] == ["2025-09"]
    assert sum(1 for _, projected, *_ in got if projected) == 12
    assert got[0][2:] == (26_000_000, 26_000_000 + 8_000_000 - 1_600_000)
    assert cash["threshold"] == int(overview.threshold)
    assert cash["warning"] == (overview.warning.message if overview.warning else "")
    # a cash entry after the report's end month is not in the report (the page shows it)
    from banso.monitoring.models import CashFlowEntry

    CashFlowEntry.objects.create(company=company, month=dt.date(2025, 10, 1), item="cash_sales", amount=1)
    later = reports.draft_report(company, by=supporter, from_month="2025-04", to_month=str(LAST))
    assert later.figures["cash"]["months"] == cash["months"]
    # the files show the projection
    _, xlsx = reports.render_files(draft)
    kinds = [row[1] for row in _workbook(xlsx.content)["資金繰り"].iter_rows(min_row=2, values_only=True)]
    assert kinds.count("予測") == 12 and kinds.count("実績") == 1


# ---- over-long sentences ------------------------------------------------------------------------------


def test_sentence_textareas_have_a_maxlength_and_the_domain_refuses_longer_text(
    login, company, supporter, draft
):
    client = login(supporter)
    page = client.get(_url("report_detail", company, pk=draft.pk)).content.decode()
    count = len(reports.sentence_items(draft))
    assert count > 0
    assert page.count('maxlength="2000"') == count
    assert 'maxlength="4000"' in page
    assert "文章はそれぞれ2000文字まで入力できます。" in page
    key = next(iter(draft.sentences))
    with pytest.raises(DomainError) as error:
        reports.edit_report(
            draft,
            by=supporter,
            expected_version=draft.version,
            sentences={key: "あ" * 2001},
            lender_request="",
        )
    assert "2000文字以内にしてください（2001文字）" in str(error.value)
    # the page keeps the typed text and says why
    data = {"version": draft.version, "lender_request": ""}
    for index, (item_key, _, text) in enumerate(reports.sentence_items(draft)):
        data[f"sentence_{index}"] = "い" * 2001 if item_key == key else text
    response = client.post(_url("report_detail", company, pk=draft.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2000文字以内にしてください" in html and "い" * 2001 in html
    draft.refresh_from_db()
    assert "い" * 2001 not in draft.sentences[key]


def test_kpi_trend_without_two_actuals_is_a_dash_not_flat(company, supporter, version):
    from banso.monitoring.engines import kpi as kpi_engine
    from banso.monitoring.models import Kpi, KpiMonth

    assert kpi_engine.trend([], "higher") is None
    empty = Kpi.objects.create(company=company, name="成約件数", unit="件", direction="higher")
    KpiMonth.objects.create(kpi=empty, month=LAST.first_day, target=5, actual=None)
    KpiMonth.objects.create(kpi=empty, month=(LAST - 1).first_day, target=5, actual=None)
    single = Kpi.objects.create(company=company, name="見積件数", unit="件", direction="higher")
    KpiMonth.objects.create(kpi=single, month=LAST.first_day, target=5, actual=Decimal(5))
    report = reports.draft_report(company, by=supporter, from_month="2025-04", to_month=str(LAST))
    trends = {k["name"]: k["trend_label"] for k in report.figures["kpis"]}
    assert trends == {"訪問件数": "改善", "成約件数": "—", "見積件数": "—"}


def test_report_cash_keeps_the_projection_when_entries_end_before_the_reports_month(
    company, supporter, version
):
    from banso.monitoring.domain.cashflow import cash_flow_overview
    from banso.monitoring.models import CashFlowEntry

    # The 資金繰り表 was last entered for August and no month-end cash balance is on record:
    # the page projects from August's closing, and so must the September report.
    CashFlowEntry.objects.filter(company=company).update(month=(LAST - 1).first_day)
    MonthlyActual.objects.filter(company=company, line="cash_and_deposits").delete()
    report = reports.draft_report(company, by=supporter, from_month="2025-04", to_month=str(LAST))
    overview = cash_flow_overview(company)
    got = [(c["month"], c["projected"], c["closing"]) for c in report.figures["cash"]["months"]]
    assert got == [(str(Month.of(c.month)), c.projected, int(c.closing)) for c in overview.table.months]
    assert got[0] == ("2025-08", False, 32_400_000)
    assert [m for m, projected, _ in got if projected][:2] == ["2025-09", "2025-10"]
    assert len(got) == 13
