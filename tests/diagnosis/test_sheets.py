"""4つの視点・商流 and 経営デザインシート: dated versions, copying, editing, comparing, exports, API."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from banso.core.errors import ConflictError
from banso.core.models import ActivityLog
from banso.diagnosis.domain.sheets import (
    create_design_sheet,
    create_non_financial_sheet,
    update_design_sheet,
    update_non_financial_sheet,
)
from banso.diagnosis.engines.compare import compare_design, compare_non_financial
from banso.diagnosis.engines.flow_diagram import PartyBox, StepBox, flow_drawing, wrap
from banso.diagnosis.models import BusinessStep, Counterparty, DesignSheet, NonFinancialSheet
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.diagnosis.factories import make_design_sheet, make_non_financial_sheet
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def url(name, company, **kwargs):
    return reverse(
        f"diagnosis:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


# --- domain --------------------------------------------------------------------------------------------


def test_sheet_keeps_answers_with_their_dialogue_and_the_flow_in_order(company, supporter):
    sheet = create_non_financial_sheet(
        company,
        by=supporter,
        as_of=dt.date(2026, 4, 10),
        answers={
            "vision": {"text": "  地域を支える  ", "source": "4/10 社長面談"},
            "weaknesses": {"text": "", "source": ""},
        },
        steps=[
            {"name": "仕入", "activity": "材料を買う", "differentiation": ""},
            {"name": "", "activity": "", "differentiation": ""},  # blank row: skipped
            {"name": "製造", "activity": "加工する", "differentiation": "高精度"},
        ],
        counterparties=[{"kind": "supplier", "name": "浜松鋼材", "reason": "即納"}],
    )
    assert sheet.answers == {"vision": {"text": "地域を支える", "source": "4/10 社長面談"}}
    assert sheet.answer("weaknesses") == {"text": "", "source": ""}
    assert [(s.order, s.name) for s in sheet.steps.all()] == [(1, "仕入"), (2, "製造")]
    assert BusinessStep.history.filter(history_type="+").count() == 2
    assert ActivityLog.objects.get(code="diagnosis.non_financial_sheet.created").company_id == company.pk


def test_new_version_copies_the_latest_and_leaves_it_unchanged(company):
    first = make_non_financial_sheet(company)
    second = create_non_financial_sheet(company, by=None, as_of=dt.date(2027, 4, 10), copy_from=first)
    update_non_financial_sheet(
        second, by=None, answers={**second.answers, "vision": {"text": "医療分野を柱に", "source": ""}}
    )
    first.refresh_from_db()
    assert first.answer("vision")["text"] == "地域のものづくりを支える"
    assert [s.name for s in second.steps.all()] == ["受注"]
    rows = {
        row.label: row for row in compare_non_financial(first, NonFinancialSheet.objects.get(pk=second.pk))
    }
    assert rows["経営理念・ビジョン"].changed
    assert not rows["業務フロー"].changed


def test_one_version_per_date(company):
    make_non_financial_sheet(company)
    with pytest.raises(ValidationError) as info:
        make_non_financial_sheet(company)
    assert "この日付の非財務シートはすでにあります" in info.value.messages[0]


def test_bad_rows_are_named_and_nothing_is_written(company):
    with pytest.raises(ValidationError) as info:
        make_non_financial_sheet(
            company,
            steps=[{"name": "", "activity": "名前のない工程", "differentiation": ""}],
            counterparties=[{"kind": "", "name": "A社", "reason": ""}],
        )
    assert info.value.message_dict["steps"] == [
        "業務フローの1行目: 工程の名前を入力してください（例: 仕入、製造、販売）。"
    ]
    assert not NonFinancialSheet.objects.exists()


def test_counterparty_rows_are_named_and_counted(company):
    with pytest.raises(ValidationError) as info:
        make_non_financial_sheet(
            company,
            counterparties=[
                {"kind": "", "name": "A社", "reason": ""},
                {"kind": "", "name": "", "reason": ""},
                {"kind": "supplier", "name": "", "reason": "安定供給"},
                *[{"kind": "customer", "name": f"得意先{n}", "reason": ""} for n in range(31)],
            ],
        )
    assert info.value.message_dict["counterparties"] == [
        "商流の1行目: 区分を仕入先・協力先・外注先・得意先・エンドユーザーから選んでください。",
        "商流の3行目: 取引先の名前（または「地元の個人客」などの呼び方）を入力してください。",
        "商流の取引先は30件までです。",
    ]
    assert not NonFinancialSheet.objects.exists()


def test_replacing_steps_keeps_history_of_the_old_ones(company):
    sheet = make_non_financial_sheet(company)
    update_non_financial_sheet(sheet, by=None, steps=[{"name": "設計"}, {"name": "製造"}], counterparties=[])
    assert [s.name for s in sheet.steps.all()] == ["設計", "製造"]
    assert not Counterparty.objects.exists()
    assert BusinessStep.history.filter(history_type="-", name="受注").exists()


def test_stale_sheet_edit_is_refused(company):
    sheet = make_non_financial_sheet(company)
    update_non_financial_sheet(sheet, by=None, as_of=dt.date(2026, 4, 11))
    with pytest.raises(ConflictError):
        update_non_financial_sheet(sheet, by=None, expected_version=1, as_of=dt.date(2026, 4, 12))


def test_design_sheet_versions_and_comparison(company):
    first = make_design_sheet(company, title="A社依存からの脱却", c_value="医療機器メーカーへ")
    second = create_design_sheet(
        company, by=None, as_of=dt.date(2027, 4, 20), copy_from=first, title="承継の準備"
    )
    update_design_sheet(second, by=None, d_timeline="2030年 承継")
    second.refresh_from_db()
    assert (second.a_purpose, second.c_value, second.version) == (
        "精密加工で地域の雇用を守る",
        "医療機器メーカーへ",
        2,
    )
    changed = [row.label for row in compare_design(first, second) if row.changed]
    assert changed == ["表題", "時間軸（いつまでに）"]


# --- flow diagram --------------------------------------------------------------------------------------


def test_wrap_breaks_japanese_text_by_width_and_marks_cut_text():
    from banso.core.fonts import register_japanese_font

    font = register_japanese_font()
    lines = wrap("あ" * 30, font=font, size=10, width=100)
    assert [len(line) for line in lines] == [10, 10, 10]
    cut = wrap("あ" * 100, font=font, size=10, width=100, max_lines=2)
    assert cut == ["あ" * 10, "あ" * 9 + "…"]


def test_diagram_draws_every_step_and_party_and_says_what_is_missing():
    from reportlab.graphics import renderSVG

    drawing = flow_drawing(
        [StepBox("仕入", "材料を買う", "即納"), StepBox("製造", "加工", "")],
        [PartyBox("supplier", "浜松鋼材", "少量でも即納"), PartyBox("customer", "A社", "短納期")],
        company_name="有限会社丸山精工",
    )
    svg = renderSVG.drawToString(drawing)
    for text in (
        "① 仕入",
        "② 製造",
        "差別化ポイント",
        "［仕入先］",
        "浜松鋼材",
        "有限会社丸山精工",
        "［得意先］",
        "未入力",
    ):
        assert text in svg
    empty = renderSVG.drawToString(flow_drawing([], [], company_name="X"))
    assert "業務フローはまだ入力されていません。" in empty


# --- pages ---------------------------------------------------------------------------------------------


def sheet_post(**overrides) -> dict:
    data = {
        "as_of": "2026/5/1",
        "vision": "地域のものづくりを支える",
        "vision__source": "5/1 社長面談",
        "issues": "A社依存",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-0-name": "受注",
        "steps-0-activity": "図面を受け取る",
        "steps-0-differentiation": "即日見積",
        "steps-1-name": "",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-0-kind": "customer",
        "parties-0-name": "A社",
        "parties-0-reason": "短納期",
    }
    data.update(overrides)
    return data


def test_advisor_creates_a_sheet_from_the_page(login, supporter, company):
    response = login(supporter).post(url("sheet_create", company), sheet_post())
    sheet = NonFinancialSheet.objects.get()
    assert response["Location"] == url("sheet_detail", company, pk=sheet.pk)
    assert sheet.as_of == dt.date(2026, 5, 1)
    assert sheet.answer("vision") == {"text": "地域のものづくりを支える", "source": "5/1 社長面談"}
    assert [(s.name, s.differentiation) for s in sheet.steps.all()] == [("受注", "即日見積")]
    assert [(c.kind, c.name) for c in sheet.counterparties.all()] == [("customer", "A社")]


def test_row_errors_are_shown_and_the_input_kept(login, supporter, company):
    response = login(supporter).post(url("sheet_create", company), sheet_post(**{"steps-0-name": ""}))
    body = response.content.decode()
    assert "業務フローの1行目: 工程の名前を入力してください" in body
    assert "図面を受け取る" in body
    assert not NonFinancialSheet.objects.exists()


def test_new_version_form_starts_from_the_latest(login, supporter, company):
    make_non_financial_sheet(company)
    response = login(supporter).get(url("sheet_create", company))
    body = response.content.decode()
    assert "2026/04/10付けの版の内容から始めます" in body
    assert "地域のものづくりを支える" in body
    assert response.context["form"].initial["as_of"] == dt.date.today()


def test_sheet_page_shows_the_diagram_answers_sources_and_versions(login, viewer, company):
    older = make_non_financial_sheet(company, as_of=dt.date(2025, 4, 10))
    latest = make_non_financial_sheet(company)
    response = login(viewer).get(url("sheets", company))
    body = response.content.decode()
    assert response.context["sheet"] == latest
    assert 'src="data:image/svg+xml;base64,' in body
    assert "出典: 4/10 社長面談" in body
    assert "2025/04/10" in body and "2つの版を比べる" in body
    assert "編集" not in body  # the viewer reads only
    compare = login(viewer).get(url("sheet_compare", company), {"a": older.pk, "b": latest.pk})
    assert [row.changed for row in compare.context["rows"]] == [False] * len(compare.context["rows"])


def test_sheet_and_design_exports(login, viewer, company):
    sheet = make_non_financial_sheet(company)
    design = make_design_sheet(company)
    client = login(viewer)
    pdf = client.get(url("sheet_pdf", company, pk=sheet.pk))
    assert (
        pdf.content.startswith(b"%PDF") and b"/MediaBox [ 0 0 841.8898 595.2756 ]" in pdf.content
    )  # A4 landscape
    workbook = load_workbook(io.BytesIO(client.get(url("sheet_xlsx", company, pk=sheet.pk)).content))
    assert workbook.sheetnames == ["商流・業務フロー", "4つの視点"]
    views = [[c.value for c in row] for row in workbook["4つの視点"].iter_rows(min_row=4)]
    assert ["① 経営者", "経営理念・ビジョン", "地域のものづくりを支える", "4/10 社長面談"] in views
    design_pdf = client.get(url("design_pdf", company, pk=design.pk))
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in design_pdf.content
    design_book = load_workbook(io.BytesIO(client.get(url("design_xlsx", company, pk=design.pk)).content))
    cells = [c.value for row in design_book.active.iter_rows() for c in row if c.value]
    assert "A 企業理念・存在意義" in cells and "精密加工で地域の雇用を守る" in cells


def test_user_text_that_looks_like_a_formula_stays_text_in_excel(login, supporter, company):
    sheet = make_non_financial_sheet(company, answers={"vision": {"text": '=HYPERLINK("x")', "source": ""}})
    workbook = load_workbook(
        io.BytesIO(login(supporter).get(url("sheet_xlsx", company, pk=sheet.pk)).content)
    )
    cells = [c for row in workbook["4つの視点"].iter_rows() for c in row if c.value == '=HYPERLINK("x")']
    assert len(cells) == 1
    assert (cells[0].data_type, cells[0].quotePrefix) == ("s", True)  # text shown as typed, never a formula


def test_design_sheet_page_create_and_edit(login, supporter, company):
    client = login(supporter)
    data = {
        "as_of": "2026-05-15",
        "title": "承継の準備",
        "a_purpose": "地域の雇用を守る",
        "d_timeline": "2030年",
    }
    response = client.post(url("design_create", company), data)
    sheet = DesignSheet.objects.get()
    assert response["Location"] == url("design_detail", company, pk=sheet.pk)
    edit = client.post(
        url("design_edit", company, pk=sheet.pk), {**data, "c_value": "医療機器へ", "version": "1"}
    )
    assert edit.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.c_value, sheet.version) == ("医療機器へ", 2)
    stale = client.post(url("design_edit", company, pk=sheet.pk), {**data, "version": "1"})
    assert "他の方が更新しました" in stale.content.decode()
    body = client.get(url("designs", company)).content.decode()
    for box in ("A 企業理念・存在意義", "B これまで", "C これから", "D 移行戦略"):
        assert box in body


def test_sheet_from_another_company_is_404(login, supporter, company, org):
    from tests.factories import CompanyFactory

    other = CompanyFactory(organization=org, supporters=[supporter])
    sheet = make_non_financial_sheet(other)
    assert login(supporter).get(url("sheet_detail", company, pk=sheet.pk)).status_code == 404


def test_sheet_page_query_count_does_not_grow_with_versions(login, supporter, company):
    client = login(supporter)
    counts = []
    for days in ((1, 2), (3, 4, 5, 6, 7)):
        for day in days:
            make_non_financial_sheet(company, as_of=dt.date(2026, 1, day))
            make_design_sheet(company, as_of=dt.date(2026, 1, day))
        counts.append(count_queries(client, url("sheets", company)))
        counts.append(count_queries(client, url("designs", company)))
    assert counts[0] == counts[2]  # 4つの視点・商流 at 2 and 7 versions
    assert counts[1] == counts[3]  # 経営デザインシート at 2 and 7 versions


# --- API -----------------------------------------------------------------------------------------------


@pytest.fixture
def api(supporter):
    _, raw = create_api_token(Membership.objects.get(user=supporter), name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def call(method, path, body=None):
        response = client.generic(
            method,
            f"/api/v1{path}",
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
        )
        return response.status_code, (response.json() if response.content else None)

    return call


def test_api_sheet_create_patch_and_copy(api, company):
    status, created = api(
        "POST",
        f"/companies/{company.pk}/non-financial-sheets",
        {
            "as_of": "2026-04-10",
            "answers": {"vision": {"text": "地域を支える", "source": "4/10 面談"}},
            "steps": [{"name": "受注", "activity": "図面を受け取る"}],
            "counterparties": [{"kind": "end_user", "name": "病院"}],
        },
    )
    assert status == 201
    assert created["answers"]["vision"] == {"text": "地域を支える", "source": "4/10 面談"}
    assert created["answers"]["measures"] == {"text": "", "source": ""}
    assert created["counterparties"][0]["kind_label"] == "エンドユーザー"
    status, patched = api(
        "PATCH",
        f"/companies/{company.pk}/non-financial-sheets/{created['id']}",
        {"answers": {"issues": {"text": "承継", "source": ""}}, "version": created["version"]},
    )
    assert status == 200
    assert (patched["answers"]["vision"]["text"], patched["answers"]["issues"]["text"]) == (
        "地域を支える",
        "承継",
    )
    assert patched["steps"] == created["steps"]
    status, copy = api(
        "POST",
        f"/companies/{company.pk}/non-financial-sheets",
        {"as_of": "2027-04-10", "copy_from": created["id"]},
    )
    assert (status, copy["answers"]["issues"]["text"], len(copy["steps"])) == (201, "承継", 1)


def test_api_refuses_unknown_items_and_foreign_copies(api, company, org, supporter):
    status, error = api(
        "POST",
        f"/companies/{company.pk}/non-financial-sheets",
        {"as_of": "2026-04-10", "answers": {"mood": {"text": "x"}}},
    )
    assert (status, error["detail"]) == (400, "「mood」は4つの視点の項目にありません。")
    from tests.factories import CompanyFactory

    other = make_non_financial_sheet(CompanyFactory(organization=org, supporters=[supporter]))
    status, _ = api(
        "POST",
        f"/companies/{company.pk}/non-financial-sheets",
        {"as_of": "2026-04-10", "copy_from": other.pk},
    )
    assert status == 404


def test_api_design_sheet(api, company):
    status, created = api(
        "POST",
        f"/companies/{company.pk}/design-sheets",
        {"as_of": "2026-05-15", "title": "承継", "a_purpose": "雇用を守る"},
    )
    assert (status, created["a_purpose"], created["b_value"]) == (201, "雇用を守る", "")
    status, patched = api(
        "PATCH", f"/companies/{company.pk}/design-sheets/{created['id']}", {"c_value": "医療へ", "version": 1}
    )
    assert (status, patched["a_purpose"], patched["c_value"], patched["version"]) == (
        200,
        "雇用を守る",
        "医療へ",
        2,
    )
    status, listed = api("GET", f"/companies/{company.pk}/design-sheets")
    assert (listed["count"], [r["id"] for r in listed["results"]]) == (1, [created["id"]])
    status, _ = api("DELETE", f"/companies/{company.pk}/design-sheets/{created['id']}")
    assert status == 204 and not DesignSheet.objects.exists()
