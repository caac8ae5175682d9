from django.urls import path

from banso.monitoring.views import cashflow, home, schedules

app_name = "monitoring"

urlpatterns = [
    path("", home.home, name="home"),
    path("cashflow/", cashflow.cashflow, name="cashflow"),
    path("cashflow/terms/", cashflow.cashflow_terms, name="cashflow_terms"),
    path("cashflow/lenders/new/", cashflow.lender_create, name="lender_create"),
    path("cashflow/lenders/<int:pk>/schedule/", cashflow.lender_schedule, name="lender_schedule"),
    path("cashflow/<str:month>/", cashflow.cashflow_month, name="cashflow_month"),
    path("schedules/", schedules.schedule_list, name="schedules"),
    path("schedules/new/", schedules.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/edit/", schedules.schedule_edit, name="schedule_edit"),
    path("schedules/dues/<int:pk>/done/", schedules.due_done, name="due_done"),
]
