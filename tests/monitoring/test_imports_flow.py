"""会計データの取込: upload → preview → map → commit through the pages and the domain, with files built
here (freee 推移表 in Shift_JIS); bad files (too big, zip bomb, unreadable) write nothing; tenancy."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.monitoring.domain import imports as domain
from banso.monitoring.domain.actuals import save_actuals
from banso.monitoring.models import (
    AccountingImport,
    AccountMapping,
    ActualCorrection,
    MonitoringReport,
    MonthlyActual,
)
from tests.monitoring.engines.imports import builders as b
from tests.monitoring.factories import make_plan

pytestmark = pytest.mark.django_db

APR, MAY, JUN = dt.date(2025, 4, 1), dt.date(2025, 5, 1), dt.date(2025, 6, 1)


def url(name, company, **kwargs):
    return reverse(
        f"monitoring:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


def upload(content: bytes, name="推移表.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def freee_with_unknown_account(encoding="cp932") -> bytes:
    """The builders' freee 推移表 plus an account no seed knows (謎の費用) inside 販管費."""
    text = b.freee_trial(encoding="utf-8").decode("utf-8-sig")
    lines = text.split("\r\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("6140,"))
    lines.insert(at + 1, "6150,謎の費用,1000,2000,3000,6000")
    # keep the file's totals honest: 販管費合計 and the profits below it move with the new account
    honest = {
        ",販売費及び一般管理費合計,": '"",販売費及び一般管理費合計,"451,000","532,000","473,000","1,456,000"',
        ",営業利益,": '"",営業利益,"129,000","178,000","-8,000","299,000"',
        ",経常利益,": '"",経常利益,"121,010","170,000","-15,888","275,122"',
    }
    fixed = []
    for line in lines:
        prefix = next((p for p in honest if line.startswith(p)), None)
        fixed.append(honest[prefix] if prefix else line)
    return "\r\n".join(fixed).encode(encoding)


def actuals(company):
    return {(a.month, a.line): (a.amount, a.source) for a in MonthlyActual.objects.filter(company=company)}


# --- domain ---


def test_upload_keeps_the_file_with_checksum_and_stores_the_preview(company, supporter):
    content = b.freee_trial(encoding="cp932")
    import_ = domain.upload_import(company, by=supporter, upload=upload(content))
    assert import_.status == "preview"
    assert import_.layout == "freee_trial"
    assert import_.sha256 == hashlib.sha256(content).hexdigest()
    assert import_.size == len(content)
    with import_.file.open("rb") as f:
        assert f.read() == content
    assert "推移表" not in import_.file.name  # the user's file name never reaches the disk
    assert import_.preview["encoding"] == "cp932"
    assert import_.preview["months"] == ["2025-04", "2025-05", "2025-06"]
    assert import_.preview["totals"]["net_sales"] == {
        "2025-04": 1_180_000,
        "2025-05": 1_350_000,
        "2025-06": 965_000,
    }
    assert MonthlyActual.objects.count() == 0  # a preview writes no actual


def test_commit_writes_every_line_of_every_month_as_import(company, supporter):
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial(encoding="cp932")))
    outcome = domain.commit_import(import_, by=supporter, expected_version=import_.version)
    assert [str(m) for m in outcome.months] == ["2025-04", "2025-05", "2025-06"]
    rows = actuals(company)
    assert rows[(APR, "net_sales")] == (1_180_000, "import")
    assert rows[(MAY, "sga")] == (530_000, "import")
    assert rows[(JUN, "personnel_costs")] == (310_000, "import")
    assert rows[(APR, "non_operating_income")] == (10, "import")
    assert MonthlyActual.objects.filter(accounting_import=import_).count() == len(rows)
    import_.refresh_from_db()
    assert import_.status == "committed" and import_.committed_by == supporter and import_.committed_at
    log = ActivityLog.objects.get(code="monitoring.import.committed")
    assert log.data["months"] == ["2025-04", "2025-05", "2025-06"]
    with pytest.raises(DomainError, match="すでに取込済み"):
        domain.commit_import(import_, by=supporter)


def test_commit_refuses_while_accounts_are_unmapped_then_mapping_is_reused(company, supporter):
    import_ = domain.upload_import(company, by=supporter, upload=upload(freee_with_unknown_account()))
    assert [u["name"] for u in import_.preview["unmapped_accounts"]] == ["謎の費用"]
    with pytest.raises(DomainError, match="謎の費用"):
        domain.commit_import(import_, by=supporter)
    assert MonthlyActual.objects.count() == 0
    domain.map_import_accounts(import_, by=supporter, choices={"謎の費用": "sga"}, expected_version=None)
    import_.refresh_from_db()
    assert import_.preview["unmapped_accounts"] == []  # the waiting preview follows the mapping
    assert import_.preview["totals"]["sga"]["2025-04"] == 451_000
    domain.commit_import(import_, by=supporter)
    assert actuals(company)[(APR, "sga")] == (451_000, "import")
    # the next file of the same company needs no mapping
    again = domain.upload_import(company, by=supporter, upload=upload(freee_with_unknown_account()))
    assert again.preview["unmapped_accounts"] == []


def test_mapping_rules_first_without_version_then_with_it(company, supporter):
    mapping = domain.save_account_mapping(company, by=supporter, mapping={"ｻｰﾋﾞｽ収入": "net_sales"})
    assert mapping.mapping == {"サービス収入": "net_sales"}  # NFKC
    with pytest.raises(DomainError, match="版"):
        domain.save_account_mapping(company, by=supporter, mapping={"雑費": "sga"})
    with pytest.raises(ConflictError):
        domain.save_account_mapping(company, by=supporter, mapping={"雑費": "sga"}, expected_version=9)
    with pytest.raises(DomainError, match="取り込み先の行ではありません"):
        domain.save_account_mapping(
            company, by=supporter, mapping={"雑費": "gross_profit"}, expected_version=1
        )
    domain.save_account_mapping(company, by=supporter, mapping={"雑費": "ignore"}, expected_version=1)
    mapping.refresh_from_db()
    assert mapping.mapping == {"雑費": "ignore"} and mapping.version == 2


def test_commit_into_a_reported_month_needs_a_reason_and_records_corrections(company, supporter):
    save_actuals(company, by=supporter, amounts={MAY: {"net_sales": 1}}, expected_versions={})
    MonitoringReport.objects.create(
        company=company,
        from_month=APR,
        to_month=MAY,
        plan_version=make_plan(company, by=supporter),
        status="issued",
        issued_at=timezone.now(),
        issued_by=supporter,
    )
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial()))
    with pytest.raises(DomainError, match="発行済みのモニタリング報告書"):
        domain.commit_import(import_, by=supporter)
    assert actuals(company) == {(MAY, "net_sales"): (1, "manual")}
    domain.commit_import(import_, by=supporter, correction_reason="試算表の確定値に差し替え")
    assert actuals(company)[(MAY, "net_sales")] == (1_350_000, "import")
    corrections = ActualCorrection.objects.filter(company=company)
    assert corrections.filter(month=MAY, line="net_sales", old_amount=1, new_amount=1_350_000).exists()
    assert not corrections.filter(month=JUN).exists()  # June is not behind the report


def test_discard_writes_nothing(company, supporter):
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial()))
    domain.discard_import(import_, by=supporter, expected_version=1)
    assert import_.status == "discarded"
    with pytest.raises(DomainError):
        domain.commit_import(import_, by=supporter)
    assert MonthlyActual.objects.count() == 0


# --- bad files ---


def test_an_upload_over_the_limit_is_a_413_in_japanese_and_nothing_is_kept(company, supporter, settings):
    settings.BANSO_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(Exception) as refused:
        domain.upload_import(company, by=supporter, upload=upload(b"x" * 2048))
    assert refused.value.status == 413 and "ファイルが大きすぎます" in refused.value.message
    assert AccountingImport.objects.count() == 0


def test_a_50_mb_upload_through_the_page_is_refused_with_413(login, supporter, company):
    big = SimpleUploadedFile("big.csv", b"0" * (50 * 1024 * 1024), content_type="text/csv")
    response = login(supporter).post(url("imports", company), {"file": big})
    assert response.status_code == 413
    assert "上限" in response.content.decode()
    assert AccountingImport.objects.count() == 0


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * (40 * 1024 * 1024) + "</a>")
    return out.getvalue()


def test_a_zip_bomb_is_refused_with_a_japanese_message(login, supporter, company):
    response = login(supporter).post(
        url("imports", company), {"file": SimpleUploadedFile("bomb.xlsx", zip_bomb())}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "取り込めませんでした（何も書き込んでいません）" in page
    assert "展開すると非常に大きく" in page
    assert AccountingImport.objects.count() == 0


def test_text_in_a_number_cell_names_row_and_column(login, supporter, company):
    text = b.freee_trial(encoding="utf-8").decode("utf-8-sig").replace("1,350,000", "abc", 1)
    response = login(supporter).post(url("imports", company), {"file": upload(text.encode("cp932"))})
    assert response.status_code == 400
    problems = re.search(r'data-testid="import-problems">(.*?)</div>', response.content.decode(), re.S).group(
        1
    )
    assert "行目" in problems and "列" in problems and "abc" in problems
    assert AccountingImport.objects.count() == 0


# --- the pages ---


def test_upload_preview_map_commit_through_the_pages(login, supporter, company):
    client = login(supporter)
    assert client.get(url("imports", company)).status_code == 200
    response = client.post(
        url("imports", company), {"file": upload(freee_with_unknown_account(), "freee.csv")}
    )
    import_ = AccountingImport.objects.get()
    assert response.status_code == 302 and response.url == url("import_preview", company, pk=import_.pk)
    page = client.get(response.url).content.decode()
    assert "freee 推移表（cp932）" in page
    assert "2025年4月、2025年5月、2025年6月" in page
    assert "謎の費用" in page
    assert 'name="u-line-0" aria-label="謎の費用の入れる行"' in page
    assert "一致" in page
    # commit is refused while 謎の費用 is unmapped
    refused = client.post(url("import_commit", company, pk=import_.pk), {"version": "1"})
    assert refused.status_code == 400 and "謎の費用" in refused.content.decode()
    assert MonthlyActual.objects.count() == 0
    # map it on the preview
    mapped = client.post(
        url("import_preview", company, pk=import_.pk),
        {"mapping_version": "", "u-name-0": "謎の費用", "u-line-0": "sga"},
    )
    assert mapped.status_code == 302
    assert AccountMapping.objects.get(company=company).mapping == {"謎の費用": "sga"}
    page = client.get(url("import_preview", company, pk=import_.pk)).content.decode()
    assert 'data-testid="unmapped-accounts"' not in page
    assert "451" in page  # 販管費 April in 千円 now includes the mapped account
    committed = client.post(url("import_commit", company, pk=import_.pk), {"version": "1"})
    assert committed.status_code == 302 and "fy=2026" in committed.url
    assert actuals(company)[(APR, "sga")] == (451_000, "import")
    grid = client.get(committed.url).content.decode()
    assert 'name="a-2025-04-net_sales" value="1,180"' in grid


def test_checksum_differences_are_named_with_a_word_not_only_colour(login, supporter, company):
    wrong = b.freee_trial(total_override={"売上高合計": [1_180_000, 1_350_001, 965_000]})
    client = login(supporter)
    response = client.post(url("imports", company), {"file": upload(wrong)})
    page = client.get(response.url).content.decode()
    section = re.search(r'data-testid="checksums">(.*?)</section>', page, re.S).group(1)
    assert "不一致 1件" in section
    assert "売上高合計" in section and "2025年5月" in section and "<strong>不一致</strong>" in section


def test_disagreeing_totals_write_nothing_until_the_user_accepts_the_detail_lines(login, supporter, company):
    wrong = b.freee_trial(total_override={"売上高合計": [1_180_000, 1_350_001, 965_000]})
    client = login(supporter)
    response = client.post(url("imports", company), {"file": upload(wrong)})
    import_ = AccountingImport.objects.get(company=company)
    refused = client.post(url("import_commit", company, pk=import_.pk), {"version": str(import_.version)})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "合計行が明細の合計と合いません" in page and "売上高合計" in page and "1,350,001円" in page
    assert actuals(company) == {}
    import_.refresh_from_db()
    assert import_.status == AccountingImport.Status.PREVIEW
    accepted = client.post(
        url("import_commit", company, pk=import_.pk),
        {"version": str(import_.version), "accept_checksum_differences": "1"},
    )
    assert accepted.status_code == 302, response
    assert actuals(company)[(dt.date(2025, 5, 1), "net_sales")][0] == 1_350_000


def test_account_mapping_page_edits_removes_and_adds(login, supporter, viewer, company):
    domain.save_account_mapping(
        company, by=supporter, mapping={"雑収入": "non_operating_income", "雑費": "sga"}
    )
    client = login(supporter)
    page = client.get(url("account_mapping", company)).content.decode()
    assert "雑収入" in page and "雑費" in page
    response = client.post(
        url("account_mapping", company),
        {
            "version": "1",
            "m-name-0": "雑収入",
            "m-line-0": "ignore",
            "m-name-1": "雑費",
            "m-line-1": "",
            "n-name-0": "外注工賃",
            "n-line-0": "cost_of_sales",
        },
    )
    assert response.status_code == 302
    assert AccountMapping.objects.get(company=company).mapping == {
        "雑収入": "ignore",
        "外注工賃": "cost_of_sales",
    }
    stale = client.post(url("account_mapping", company), {"version": "1", "n-name-0": "x", "n-line-0": "sga"})
    assert stale.status_code == 409
    viewer_page = login(viewer).get(url("account_mapping", company)).content.decode()
    assert "外注工賃" in viewer_page and "<select" not in viewer_page


def test_viewer_cannot_upload_or_commit(login, viewer, supporter, company):
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial()))
    client = login(viewer)
    assert client.get(url("imports", company)).status_code == 403
    assert client.post(url("imports", company), {"file": upload(b.freee_trial())}).status_code == 403
    preview = client.get(url("import_preview", company, pk=import_.pk))
    assert preview.status_code == 200 and "commit-form" not in preview.content.decode()
    assert client.post(url("import_commit", company, pk=import_.pk), {"version": "1"}).status_code == 403
    assert MonthlyActual.objects.count() == 0
    assert AccountingImport.objects.count() == 1


def test_another_organizations_import_is_404(login, outsider, supporter, company):
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial()))
    client = login(outsider)
    assert client.get(url("import_preview", company, pk=import_.pk)).status_code == 404
    assert client.post(url("import_commit", company, pk=import_.pk), {"version": "1"}).status_code == 404
    own = reverse(
        "monitoring:import_preview",
        kwargs={
            "org": outsider.memberships.first().organization.slug,
            "company_pk": company.pk,
            "pk": import_.pk,
        },
    )
    assert client.get(own).status_code == 404
    assert MonthlyActual.objects.count() == 0
