from django.urls import path

from banso.home import views

app_name = "home"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/refresh/", views.portfolio_refresh, name="portfolio_refresh"),
    path("portfolio/outcomes/", views.portfolio_outcomes, name="outcomes"),
    path("portfolio/statistics/", views.portfolio_statistics, name="statistics"),
    path("settings/alerts/", views.alert_settings, name="settings"),
]
