"""Benchmark tables as versioned data: the shipped 2018 version, uploads, results that keep their version."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from banso.core.models import ActivityLog
from banso.diagnosis.domain.benchmarks import current_table, upload_table
from banso.diagnosis.domain.results import reevaluate_company
from banso.diagnosis.engines.benchmark_table import SHIPPED_CSV_PATH
from banso.diagnosis.models import BenchmarkTable, LocalBenchmarkResult
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def shipped_text() -> str:
    return SHIPPED_CSV_PATH.read_text(encoding="utf-8")


def newer_text() -> str:
    """The 2018 table with 0304 小規模's ② cut points made stricter (ⅱ 3.271 → 4.5, ⅰ 9.1849 → 12)."""
    text = shipped_text()
    assert text.count(",-10.2622,-1.4648,3.271,9.1849,") == 1
    return text.replace(",-10.2622,-1.4648,3.271,9.1849,", ",-10.2622,-1.4648,4.5,12,")


def test_migration_loads_the_shipped_2018_table_with_its_provenance():
    table = BenchmarkTable.objects.get()
    assert (table.version, table.organization, table.row_count) == ("2018", None, 54)
    assert "経済産業省" in table.source and "2018年データ" in table.source
    assert table.csv_text == shipped_text()
    assert len(table.parsed()) == 54


def test_upload_becomes_the_organizations_current_version_only(org, foreign_org, admin_user):
    table = upload_table(
        membership=admin_user.memberships.get(),
        by=admin_user,
        version="2024",
        source="METI 2024",
        csv_text=newer_text(),
    )
    assert current_table(org.pk) == table
    assert current_table(foreign_org.pk).version == "2018"
    assert ActivityLog.objects.get(code="diagnosis.benchmark_table.uploaded").organization_id == org.pk


def test_upload_does_not_change_past_results_and_reevaluation_adds_one(company, admin_user):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    before = LocalBenchmarkResult.objects.get(fiscal_year=2025)
    upload_table(
        membership=admin_user.memberships.get(),
        by=admin_user,
        version="2024",
        source="METI",
        csv_text=newer_text(),
    )
    assert LocalBenchmarkResult.objects.get(fiscal_year=2025).computed_at == before.computed_at
    reevaluate_company(company, by=admin_user)
    old, new = (
        LocalBenchmarkResult.objects.get(fiscal_year=2025, benchmark_version="2018"),
        LocalBenchmarkResult.objects.get(fiscal_year=2025, benchmark_version="2024"),
    )
    # ② 4 %: 2018 row ⅱ 3.271 ≤ 4 → 4 points; newer row ⅲ −1.4648 ≤ 4 < ⅱ 4.5 → 3 points
    assert (old.scores[1], new.scores[1]) == (4, 3)
    assert (old.total_score, old.rank, new.total_score, new.rank) == (21, "B", 20, "B")
    assert old.computed_at == before.computed_at


def test_editing_a_statement_recomputes_each_version_it_was_scored_with(company, admin_user):
    make_statement(company, 2025)
    upload_table(
        membership=admin_user.memberships.get(),
        by=admin_user,
        version="2024",
        source="METI",
        csv_text=newer_text(),
    )
    reevaluate_company(company, by=admin_user)
    make_statement(company, 2025, operating_income=10_500_000, sga=49_500_000)  # 5 % margin
    versions = dict(
        LocalBenchmarkResult.objects.filter(fiscal_year=2025).values_list("benchmark_version", "indicators")
    )
    assert versions["2018"][1]["value"] == versions["2024"][1]["value"] == "5"


def test_upload_with_a_missing_industry_row_writes_nothing(org, admin_user):
    text = "\n".join(
        line for line in shipped_text().splitlines() if "0304_金属製品製造業,小規模事業者" not in line
    )
    with pytest.raises(ValidationError) as info:
        upload_table(
            membership=admin_user.memberships.get(),
            by=admin_user,
            version="2024",
            source="METI",
            csv_text=text,
        )
    assert info.value.message_dict["csv_file"] == [
        "業種「0304 金属製品製造業」小規模事業者の行がありません。"
    ]
    assert BenchmarkTable.objects.count() == 1


def test_version_label_must_be_new_and_source_given(org, admin_user):
    with pytest.raises(ValidationError) as info:
        upload_table(
            membership=admin_user.memberships.get(),
            by=admin_user,
            version="2018",
            source="",
            csv_text=shipped_text(),
        )
    assert info.value.message_dict == {
        "version": ["版「2018」はすでに登録されています。別の名前にしてください。"],
        "source": ["出典（どこから入手した基準値か）を入力してください。"],
    }


def test_admin_page_uploads_and_lists_versions(login, admin_user, org):
    client = login(admin_user)
    url = reverse("benchmarks:tables", kwargs={"org": org.slug})
    upload = io.BytesIO(newer_text().encode("cp932"))
    upload.name = "2024.csv"
    response = client.post(url, {"version": "2024", "source": "METI 2024年度版", "csv_file": upload})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "2024年版" in page and "現在の版" in page and "2018年版" in page


def test_admin_page_shows_every_problem_of_a_bad_upload(login, admin_user, org):
    lines = shipped_text().splitlines()
    lines[2] = lines[2].replace(",-1.2681,", ",abc,")
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = "bad.csv"
    response = login(admin_user).post(
        reverse("benchmarks:tables", kwargs={"org": org.slug}),
        {"version": "2024", "source": "METI", "csv_file": upload},
    )
    assert response.status_code == 400
    assert "3行目「op_margin_pct_median」の値「abc」が数値ではありません。" in response.content.decode()
    assert BenchmarkTable.objects.count() == 1


def test_supporter_cannot_upload(login, supporter, org):
    upload = io.BytesIO(shipped_text().encode())
    upload.name = "x.csv"
    response = login(supporter).post(
        reverse("benchmarks:tables", kwargs={"org": org.slug}),
        {"version": "x", "source": "x", "csv_file": upload},
    )
    assert response.status_code == 403
    assert BenchmarkTable.objects.count() == 1


def test_csv_of_a_version_downloads_and_another_organizations_version_is_404(
    login, admin_user, org, foreign_org
):
    foreign = upload_table(
        membership=MembershipFactory(organization=foreign_org, role="org_admin"),
        by=None,
        version="x",
        source="x",
        csv_text=shipped_text(),
    )
    client = login(admin_user)
    shipped = BenchmarkTable.objects.get(version="2018")
    response = client.get(reverse("benchmarks:table_csv", kwargs={"org": org.slug, "pk": shipped.pk}))
    assert response.content.decode("utf-8-sig") == shipped_text()
    missing = client.get(reverse("benchmarks:table_csv", kwargs={"org": org.slug, "pk": foreign.pk}))
    assert missing.status_code == 404


def test_command_adds_a_system_wide_version(tmp_path, foreign_org):
    path = tmp_path / "2024.csv"
    path.write_text(newer_text(), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "load_benchmark_table", str(path), "--table-version", "2024", "--source", "METI 2024", stdout=out
    )
    assert "基準値「2024年版」（54行）を登録しました。" in out.getvalue()
    assert current_table(foreign_org.pk).version == "2024"


def test_command_refuses_a_bad_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("major,minor\n", encoding="utf-8")
    with pytest.raises(CommandError, match="何も登録していません"):
        call_command("load_benchmark_table", str(path), "--table-version", "2024", "--source", "x")
    assert BenchmarkTable.objects.count() == 1


def test_shipped_table_is_reloaded_if_the_database_lost_it(company):
    BenchmarkTable.objects.all().delete()
    make_statement(company, 2025)
    assert LocalBenchmarkResult.objects.get().benchmark_version == "2018"
    assert BenchmarkTable.objects.get().csv_text == shipped_text()


def test_versions_page_query_count_does_not_grow_with_versions(login, admin_user, org):
    from tests.helpers import count_queries

    client = login(admin_user)
    counts = []
    for labels in (("a",), ("b", "c", "d", "e")):
        for label in labels:
            upload_table(
                membership=admin_user.memberships.get(),
                by=admin_user,
                version=label,
                source="x",
                csv_text=shipped_text(),
            )
        counts.append(count_queries(client, reverse("benchmarks:tables", kwargs={"org": org.slug})))
    assert counts[0] == counts[1]


def test_only_an_admin_uploads_a_table(supporter):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="管理者だけ"):
        upload_table(
            membership=supporter.memberships.get(),
            by=supporter,
            version="2030",
            source="x",
            csv_text=shipped_text(),
        )
    assert not BenchmarkTable.objects.filter(version="2030").exists()


def test_a_change_of_industry_or_size_recomputes_every_result_with_its_own_table(company, admin_user):
    """No stale results waiting for 再評価: update_company recomputes them, each against the table
    version it used."""
    from banso.companies.domain import update_company

    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    upload_table(
        membership=admin_user.memberships.get(),
        by=admin_user,
        version="2024",
        source="METI 2024",
        csv_text=newer_text(),
    )
    reevaluate_company(company, by=admin_user)
    membership = admin_user.memberships.get()
    update_company(company, membership=membership, by=admin_user, industry_code="0305")
    rows = sorted(
        LocalBenchmarkResult.objects.values_list("fiscal_year", "benchmark_version", "industry_code")
    )
    assert rows == [
        (2024, "2018", "0305"),
        (2024, "2024", "0305"),
        (2025, "2018", "0305"),
        (2025, "2024", "0305"),
    ]
    entry = ActivityLog.objects.get(code="diagnosis.local_benchmark.recomputed")
    assert (entry.company_id, entry.data) == (
        company.pk,
        {"fields": ["industry_code"], "fiscal_years": [2024, 2025]},
    )

    other_size = "small" if LocalBenchmarkResult.objects.first().size == "medium" else "medium"
    update_company(company, membership=membership, by=admin_user, size_override=other_size)
    assert set(LocalBenchmarkResult.objects.values_list("size", flat=True)) == {other_size}


def test_a_change_that_feeds_no_result_leaves_the_results_alone(company, admin_user):
    from banso.companies.domain import update_company

    make_statement(company, 2025)
    before = LocalBenchmarkResult.objects.get()
    update_company(company, membership=admin_user.memberships.get(), by=admin_user, representative="新社長")
    after = LocalBenchmarkResult.objects.get()
    assert after.computed_at == before.computed_at
    assert not ActivityLog.objects.filter(code="diagnosis.local_benchmark.recomputed").exists()
