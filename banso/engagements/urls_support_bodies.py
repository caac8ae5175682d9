"""The organization's directory of support bodies (橋渡し先), at /o/<org>/support-bodies/."""

from django.urls import path

from banso.engagements.views import support_bodies

app_name = "support_bodies"

urlpatterns = [
    path("", support_bodies.support_body_list, name="list"),
    path("new/", support_bodies.support_body_create, name="create"),
    path("standard/", support_bodies.support_body_add_standard, name="add_standard"),
    path("<int:pk>/edit/", support_bodies.support_body_edit, name="edit"),
]
