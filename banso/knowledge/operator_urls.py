from django.urls import path

from banso.knowledge.views import networks

app_name = "operator"

# /operator/... : the system operator's own pages (superusers; 404 for everyone else).
urlpatterns = [
    path("networks/", networks.operator_networks, name="networks"),
    path("networks/<int:pk>/", networks.operator_network, name="network"),
]
