"""URL patterns of the process side of an engagement (included by urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
