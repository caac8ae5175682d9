from django.urls import path

from banso.monitoring.views import home, review

app_name = "monitoring"

urlpatterns = [
    path("", home.home, name="home"),
    path("table/", review.table, name="table"),
    path("review/", review.review, name="review"),
    path("meetings/<str:month>/", review.meeting_edit, name="meeting_edit"),
    path("gaps/new/<str:line>/<str:month>/", review.gap_create, name="gap_create"),
    path("gaps/<int:gap_pk>/", review.gap_edit, name="gap_edit"),
    path("gaps/lines/<str:line>/", review.gap_history, name="gap_history"),
    path("thresholds/", review.thresholds, name="thresholds"),
]
