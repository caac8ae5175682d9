"""/api/v1 routes of the monitoring area, one module per concept (api.md, Monitoring): plans
(versions, measures), actuals, imports and the account mapping, the monitoring table, gaps,
next-month actions, KPIs, the cash-flow table and the issued monitoring reports.

Same domain functions, permissions and loaders as the pages (banso.monitoring.permissions and
.queries): a foreign object is 404, a read-only role 403, a stale `version` 409, a field rule 422
and a business rule 400, each with a Japanese `detail`."""

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
