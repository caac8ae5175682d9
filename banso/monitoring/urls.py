from django.urls import path

from banso.monitoring.views import home

app_name = "monitoring"

urlpatterns = [
    path("", home.home, name="home"),
]
