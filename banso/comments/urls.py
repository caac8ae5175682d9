from django.urls import path

from banso.comments import views

app_name = "comments"

urlpatterns = [
    path("comments/<slug:kind>/<int:object_id>/", views.thread, name="thread"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
]
