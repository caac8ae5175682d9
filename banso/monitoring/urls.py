from django.urls import path

from banso.monitoring.views import (
    actuals,
    cashflow,
    home,
    imports,
    kpis,
    next_month_actions,
    plans,
    review,
    segments,
)

app_name = "monitoring"

urlpatterns = [
    path("", home.home, name="home"),
    # 月次モニタリング表, 月次レビュー, 乖離分析, 月次ミーティング, 判定基準
    path("table/", review.table, name="table"),
    path("review/", review.review, name="review"),
    path("meetings/<str:month>/", review.meeting_edit, name="meeting_edit"),
    path("gaps/new/<str:line>/<str:month>/", review.gap_create, name="gap_create"),
    path("gaps/<int:gap_pk>/", review.gap_edit, name="gap_edit"),
    path("gaps/lines/<str:line>/", review.gap_history, name="gap_history"),
    path("thresholds/", review.thresholds, name="thresholds"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/versions/<int:number>/", plans.plan_detail, name="version_detail"),
    path("plans/<int:pk>/years/", plans.plan_years, name="plan_years"),
    path("plans/<int:pk>/years/<int:fiscal_year>/", plans.plan_months, name="plan_months"),
    path("plans/<int:pk>/revise/", plans.plan_revise, name="plan_revise"),
    path("plans/<int:pk>/measures/new/", plans.measure_edit, name="measure_create"),
    path("plans/<int:pk>/measures/<int:measure_pk>/", plans.measure_edit, name="measure_edit"),
    path("plans/<int:pk>/measures/<int:measure_pk>/delete/", plans.measure_delete, name="measure_delete"),
    path("plans/<int:pk>/engagement/", plans.plan_engagement, name="plan_engagement"),
    # 次月重点アクション
    path("actions/", next_month_actions.action_list, name="next_actions"),
    path("actions/new/", next_month_actions.action_create, name="next_action_create"),
    path("actions/<int:pk>/edit/", next_month_actions.action_edit, name="next_action_edit"),
    path("actions/<int:pk>/review/", next_month_actions.action_review, name="next_action_review"),
    path("actions/<int:pk>/delete/", next_month_actions.action_delete, name="next_action_delete"),
    # KPI管理シート
    path("kpis/", kpis.kpi_sheet, name="kpis"),
    path("kpis/new/", kpis.kpi_create, name="kpi_create"),
    path("kpis/<int:pk>/edit/", kpis.kpi_edit, name="kpi_edit"),
    # 売上構成比・粗利管理表
    path("sales-mix/", segments.sales_mix, name="segments"),
    path("sales-mix/new/", segments.segment_create, name="segment_create"),
    path("sales-mix/<int:pk>/edit/", segments.segment_edit, name="segment_edit"),
    path("actuals/", actuals.actuals, name="actuals"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("account-mapping/", imports.account_mapping, name="account_mapping"),
    path("cashflow/", cashflow.cashflow, name="cashflow"),
    path("cashflow/terms/", cashflow.cashflow_terms, name="cashflow_terms"),
    path("cashflow/lenders/new/", cashflow.lender_create, name="lender_create"),
    path("cashflow/lenders/<int:pk>/schedule/", cashflow.lender_schedule, name="lender_schedule"),
    path("cashflow/<str:month>/", cashflow.cashflow_month, name="cashflow_month"),
]
