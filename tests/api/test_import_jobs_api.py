"""The upload routes' asynchronous option (`Prefer: respond-async`): 202 with {job_id, status_url} and
a Location to GET /api/v1/jobs/{id}, whose result names the import; the same job the pages start.
Without the header the documented synchronous 201 stays. (The tests' task backend runs a job at once.)"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from banso.core.models import Job
from banso.monitoring import jobs as monitoring_jobs
from banso.monitoring.models import AccountingImport, MonthlyActual, SegmentImport
from tests.api.test_companies_api import Api, token_for
from tests.api.test_sales_mix_import_api import ROWS
from tests.monitoring.engines.imports.builders import csv_bytes, freee_trial

pytestmark = pytest.mark.django_db
ASYNC = {"HTTP_PREFER": "respond-async"}


def post_file(api, path, content: bytes, name: str, *, prefer: dict | None = None, **form):
    data = {"file": SimpleUploadedFile(name, content), **form}
    return api.client.post(path, data, **api.headers, **(prefer or {}))


def accounting(api, company, content=None, **kw):
    content = freee_trial() if content is None else content
    return post_file(api, f"/api/v1/companies/{company.pk}/imports", content, "freee.csv", **kw)


def sales_mix(api, company, rows=ROWS, **kw):
    content = csv_bytes(rows, encoding="cp932")
    return post_file(api, f"/api/v1/companies/{company.pk}/sales-mix/imports", content, "構成.csv", **kw)


def test_accounting_upload_with_respond_async_is_a_job_whose_result_names_the_import(company, supporter):
    api = Api(token_for(supporter))
    response = accounting(api, company, prefer=ASYNC)
    assert response.status_code == 202, response.content
    body = response.json()
    job = Job.objects.get()
    assert body == {"job_id": job.pk, "status_url": f"/api/v1/jobs/{job.pk}"}
    assert response["Location"] == body["status_url"]
    assert response["Preference-Applied"] == "respond-async"
    assert job.kind == monitoring_jobs.ACCOUNTING_IMPORT  # the same job the upload page starts
    status = api.get(body["status_url"]).json()
    record = AccountingImport.objects.get()
    assert (status["status"], status["import_id"]) == ("succeeded", record.pk)
    assert status["import_url"] == f"/api/v1/imports/{record.pk}"
    preview = api.get(status["import_url"]).json()
    assert preview["status"] == "preview" and preview["layout"] == "freee_trial"
    assert not MonthlyActual.objects.exists()  # a preview writes nothing


def test_sales_mix_upload_with_respond_async_names_the_sales_mix_import(company, supporter):
    api = Api(token_for(supporter))
    response = sales_mix(api, company, prefer={"HTTP_PREFER": "return=minimal, respond-async"})
    assert response.status_code == 202, response.content
    status = api.get(response["Location"]).json()
    record = SegmentImport.objects.get()
    assert (status["status"], status["kind"]) == ("succeeded", monitoring_jobs.SEGMENT_IMPORT)
    assert status["import_id"] == record.pk
    assert api.get(status["import_url"]).json()["id"] == record.pk


def test_without_the_header_the_upload_answers_201_with_the_preview_and_no_job(company, supporter):
    api = Api(token_for(supporter))
    response = accounting(api, company)
    assert response.status_code == 201 and response.json()["status"] == "preview"
    assert "Location" not in response
    assert sales_mix(api, company).status_code == 201
    assert not Job.objects.exists()


def test_a_refused_file_fails_the_job_with_the_japanese_message_and_keeps_nothing(company, supporter):
    api = Api(token_for(supporter))
    response = accounting(api, company, "これは会計データではありません".encode(), prefer=ASYNC)
    assert response.status_code == 202
    status = api.get(response["Location"]).json()
    assert status["status"] == "failed" and status["import_id"] is None
    assert status["error"] and "ファイル" in status["error"]
    bad_cell = sales_mix(api, company, [*ROWS[:4], ["A社", "実績", "九百", ""]], prefer=ASYNC)
    failed = api.get(bad_cell["Location"]).json()
    assert failed["status"] == "failed" and "九百" in failed["error"]
    assert not AccountingImport.objects.exists() and not SegmentImport.objects.exists()


def test_a_file_over_the_limit_is_refused_at_once_without_a_job(company, supporter, settings):
    settings.BANSO_MAX_UPLOAD_BYTES = 100
    response = accounting(Api(token_for(supporter)), company, b"x" * 500, prefer=ASYNC)
    assert response.status_code == 413 and "大きすぎ" in response.json()["detail"]
    assert not Job.objects.exists()


def test_another_organizations_job_and_company_are_404(company, supporter, outsider, foreign_company):
    api = Api(token_for(supporter))
    location = accounting(api, company, prefer=ASYNC)["Location"]
    outsider_api = Api(token_for(outsider))
    assert outsider_api.get(location).status_code == 404
    assert accounting(api, foreign_company, prefer=ASYNC).status_code == 404
    assert sales_mix(api, foreign_company, prefer=ASYNC).status_code == 404
    assert Job.objects.count() == 1


def test_a_read_only_member_cannot_start_the_job(company, viewer):
    assert accounting(Api(token_for(viewer)), company, prefer=ASYNC).status_code == 403
    assert not Job.objects.exists()


def test_the_openapi_documents_both_answers_and_the_prefer_header(supporter):
    schema = Api(token_for(supporter)).get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/companies/{company_id}/imports",
        "/api/v1/companies/{company_id}/sales-mix/imports",
    ):
        operation = schema["paths"][path]["post"]
        assert {"201", "202"} <= set(operation["responses"])
        assert any(p["name"] == "Prefer" and p["in"] == "header" for p in operation["parameters"])
        accepted = operation["responses"]["202"]["content"]["application/json"]["schema"]["$ref"]
        assert accepted.endswith("/JobAcceptedOut")
    job = schema["components"]["schemas"]["JobOut"]["properties"]
    assert {"import_id", "import_url"} <= set(job)
