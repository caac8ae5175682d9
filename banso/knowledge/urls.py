from django.urls import path

from banso.knowledge.views import search

app_name = "knowledge"

# /o/<org>/knowledge/...
urlpatterns: list = [
    path("search/", search.search, name="search"),
    path("synonyms/", search.synonyms, name="synonyms"),
    path("synonyms/<int:pk>/delete/", search.synonym_delete, name="synonym_delete"),
]
