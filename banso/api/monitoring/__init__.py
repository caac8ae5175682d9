"""/api/v1 routes of the monitoring area, one module per concept (api.md, Monitoring): plans
(versions, measures), actuals, imports and the account mapping, the monitoring table, gaps,
next-month actions, KPIs, the cash-flow table and the issued monitoring reports.

Same domain functions, permissions and loaders as the pages (banso.monitoring.permissions and
.queries): a foreign object is 404, a read-only role 403, a stale `version` 409, a field rule 422
and a business rule 400, each with a Japanese `detail`."""

from django.urls import reverse

from banso.api.jobs import register_result_record
from banso.api.monitoring import (
    actuals,
    cashflow,
    gaps,
    imports,
    kpis,
    next_month_actions,
    plans,
    reports,
    segment_imports,
    table,
)
from banso.monitoring import jobs as monitoring_jobs

# In the order the routes appear in the OpenAPI document.
ROUTERS = [
    plans.router,
    actuals.router,
    imports.router,
    table.router,
    gaps.router,
    next_month_actions.router,
    kpis.router,
    segment_imports.router,
    cashflow.router,
    reports.router,
]


def _import_record(name: str, key: str):
    def record(job):
        import_id = monitoring_jobs.upload_job_import_id(job)
        return None if import_id is None else (import_id, reverse(f"api:{name}", kwargs={key: import_id}))

    return record


# GET /api/v1/jobs/{id} of a finished upload job names the import (import_id, import_url).
register_result_record(monitoring_jobs.ACCOUNTING_IMPORT, _import_record("accounting_import", "import_id"))
register_result_record(
    monitoring_jobs.SEGMENT_IMPORT, _import_record("sales_mix_import", "segment_import_id")
)
