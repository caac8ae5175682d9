"""売上構成比・粗利管理表の取込 through the domain: upload keeps the file and writes nothing, the preview
(new segments, totals, overwrites, the check against 売上高 / 売上総利益 actuals), commit all or nothing,
discard; stale and repeated commits refused."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.monitoring.domain import segment_imports as domain
from banso.monitoring.domain import segments as segments_domain
from banso.monitoring.domain.actuals import save_actuals
from banso.monitoring.domain.segments import create_segment, save_segment_months
from banso.monitoring.engines.imports import ImportProblem
from banso.monitoring.models import SalesSegment, SegmentImport, SegmentMonth
from tests.monitoring.engines.imports.builders import csv_bytes

pytestmark = pytest.mark.django_db

APR, MAY = dt.date(2025, 4, 1), dt.date(2025, 5, 1)

FILE = [
    ["区分", "計画/実績", "項目", "2025年4月", "2025年5月"],
    ["主力製品A", "実績", "売上高", "800,000", "900,000"],
    [None, None, "粗利", "240,000", "△10,000"],
    ["新サービスB", "実績", "売上高", "200,000", ""],
    [None, None, "粗利", "100,000", ""],
]


def upload(rows=FILE, name="売上構成.csv", encoding="cp932"):
    return SimpleUploadedFile(name, csv_bytes(rows, encoding=encoding), content_type="text/csv")


def stored(company):
    return {
        (row.segment.name, row.month): {
            f: getattr(row, f)
            for f in ("plan_sales", "plan_gross_profit", "actual_sales", "actual_gross_profit")
        }
        for row in SegmentMonth.objects.filter(segment__company=company).select_related("segment")
    }


def test_upload_keeps_the_file_and_writes_no_segment(company, supporter):
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    assert import_.status == "preview"
    assert import_.sha256 == hashlib.sha256(csv_bytes(FILE, encoding="cp932")).hexdigest()
    assert import_.parsed["encoding"] == "cp932"
    with import_.file.open("rb") as f:
        assert f.read() == csv_bytes(FILE, encoding="cp932")
    assert SalesSegment.objects.count() == 0 and SegmentMonth.objects.count() == 0
    assert ActivityLog.objects.filter(code="monitoring.segments.import_uploaded").exists()


def test_the_preview_names_new_segments_totals_and_the_check_against_the_actuals(company, supporter):
    existing = create_segment(company, by=supporter, name="主力製品A")
    save_segment_months(
        company,
        by=supporter,
        months=[APR],
        values={(existing.pk, APR): {"actual_sales": 1, "plan_sales": 700_000}},
        expected_sheet_version=0,
    )
    # April: 売上高 1,000,000 and 売上原価 660,000 → 売上総利益 340,000; May: only 売上高
    save_actuals(
        company,
        by=supporter,
        amounts={APR: {"net_sales": 1_000_000, "cost_of_sales": 660_000}, MAY: {"net_sales": 950_000}},
        expected_versions={},
    )
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    preview = domain.segment_import_preview(import_)
    assert [(s.name, s.is_new) for s in preview.segments] == [("主力製品A", False), ("新サービスB", True)]
    assert preview.fields == ["actual_sales", "actual_gross_profit"]
    assert preview.totals[APR] == {"actual_sales": 1_000_000, "actual_gross_profit": 340_000}
    assert preview.totals[MAY] == {"actual_sales": 900_000, "actual_gross_profit": -10_000}
    assert preview.grand_totals == {"actual_sales": 1_900_000, "actual_gross_profit": 330_000}
    assert preview.overwrites == 1  # 主力製品A April actual sales 1 → 800,000 (its plan is kept)
    checks = {(r.month, r.label): (r.segments_total, r.ledger, r.ok) for r in preview.reconciliations}
    assert checks == {
        (APR, "売上高"): (1_000_000, 1_000_000, True),
        (APR, "売上総利益"): (340_000, 340_000, True),
        (MAY, "売上高"): (900_000, 950_000, False),
    }
    assert [r.difference for r in preview.differences] == [-50_000]


def test_commit_creates_segments_and_writes_only_the_figures_of_the_file(company, supporter):
    existing = create_segment(company, by=supporter, name="主力製品A")
    save_segment_months(
        company,
        by=supporter,
        months=[APR],
        values={(existing.pk, APR): {"plan_sales": 700_000, "actual_sales": 1}},
        expected_sheet_version=0,
    )
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    outcome = domain.commit_segment_import(import_, by=supporter, expected_version=import_.version)
    assert [str(m) for m in outcome.months] == ["2025-04", "2025-05"]
    assert outcome.created_segments == 1 and outcome.changed_rows == 3
    assert stored(company) == {
        ("主力製品A", APR): {
            "plan_sales": 700_000,  # not in the file: kept
            "plan_gross_profit": None,
            "actual_sales": 800_000,
            "actual_gross_profit": 240_000,
        },
        ("主力製品A", MAY): {
            "plan_sales": None,
            "plan_gross_profit": None,
            "actual_sales": 900_000,
            "actual_gross_profit": -10_000,
        },
        ("新サービスB", APR): {
            "plan_sales": None,
            "plan_gross_profit": None,
            "actual_sales": 200_000,
            "actual_gross_profit": 100_000,
        },
    }
    new = SalesSegment.objects.get(name="新サービスB")
    assert new.kind == "product" and new.order == 1
    import_.refresh_from_db()
    assert import_.status == "committed" and import_.committed_by == supporter
    log = ActivityLog.objects.get(code="monitoring.segments.imported")
    assert log.data["created_segments"] == 1
    with pytest.raises(DomainError, match="すでに取込済み"):
        domain.commit_segment_import(import_, by=supporter, expected_version=import_.version)


def test_a_plan_file_with_its_kind_chosen_at_upload(company, supporter):
    rows = [["得意先名", "2025/04", "2025/05"], ["A社", "1,000", "2,000"]]
    import_ = domain.upload_segment_import(
        company, by=supporter, upload=upload(rows), side="plan", kind="channel", unit="thousand"
    )
    domain.commit_segment_import(import_, by=supporter, expected_version=import_.version)
    segment = SalesSegment.objects.get()
    assert (segment.name, segment.kind) == ("A社", "customer")  # the header 得意先 wins over the default
    assert stored(company)[("A社", APR)]["plan_sales"] == 1_000_000


def test_a_stale_commit_is_refused_and_writes_nothing(company, supporter):
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    with pytest.raises(ConflictError):
        domain.commit_segment_import(import_, by=supporter, expected_version=import_.version + 1)
    assert SalesSegment.objects.count() == 0 and SegmentMonth.objects.count() == 0


def test_a_failure_half_way_writes_nothing(company, supporter, monkeypatch):
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    calls = {"n": 0}
    original = domain.save_audited

    def failing(instance, **kwargs):
        calls["n"] += 1
        if isinstance(instance, SegmentMonth) and calls["n"] > 3:
            raise RuntimeError("disk full")
        return original(instance, **kwargs)

    monkeypatch.setattr(domain, "save_audited", failing)
    monkeypatch.setattr(segments_domain, "save_audited", failing)  # where a segment's month is written
    with pytest.raises(RuntimeError):
        domain.commit_segment_import(import_, by=supporter, expected_version=import_.version)
    assert SalesSegment.objects.count() == 0 and SegmentMonth.objects.count() == 0
    import_.refresh_from_db()
    assert import_.status == "preview"


def test_discard_writes_nothing(company, supporter):
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    domain.discard_segment_import(import_, by=supporter, expected_version=import_.version)
    assert import_.status == "discarded"
    with pytest.raises(DomainError):
        domain.commit_segment_import(import_, by=supporter, expected_version=import_.version)
    assert SegmentMonth.objects.count() == 0


def test_a_bad_file_keeps_nothing(company, supporter, settings):
    with pytest.raises(ImportProblem, match="3行目 D列"):
        domain.upload_segment_import(
            company, by=supporter, upload=upload([*FILE[:2], [None, None, "粗利", "abc", "1"]])
        )
    settings.BANSO_MAX_UPLOAD_BYTES = 100
    with pytest.raises(Exception) as refused:
        domain.upload_segment_import(company, by=supporter, upload=upload())
    assert refused.value.status == 413
    with pytest.raises(ImportProblem, match="取り込める範囲"):
        settings.BANSO_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
        domain.upload_segment_import(company, by=supporter, upload=upload([["区分", "1950/04"], ["A", "1"]]))
    assert SegmentImport.objects.count() == 0
