from django.urls import path

from banso.monitoring.views import home, plans

app_name = "monitoring"

urlpatterns = [
    path("", home.home, name="home"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/versions/<int:number>/", plans.plan_detail, name="version_detail"),
    path("plans/<int:pk>/years/", plans.plan_years, name="plan_years"),
    path("plans/<int:pk>/years/<int:fiscal_year>/", plans.plan_months, name="plan_months"),
    path("plans/<int:pk>/revise/", plans.plan_revise, name="plan_revise"),
    path("plans/<int:pk>/measures/new/", plans.measure_edit, name="measure_create"),
    path("plans/<int:pk>/measures/<int:measure_pk>/", plans.measure_edit, name="measure_edit"),
]
