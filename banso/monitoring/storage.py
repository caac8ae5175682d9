"""Where monitoring files live (imported accounting files, issued reports): private files
(core.private_files), never behind a public URL; the user's file name never reaches the disk."""

from __future__ import annotations

from django.utils.deconstruct import deconstructible

from banso.core import private_files


@deconstructible(path="banso.monitoring.storage.PrivateFileStorage")
class PrivateFileStorage(private_files.PrivateFileStorage):
    """The monitoring area's private storage (its migrations name this class)."""


private_storage = PrivateFileStorage()


def import_upload_to(instance, filename: str) -> str:
    """`monitoring/imports/<company>/<random>.<ext>`."""
    return private_files.random_file_name(f"monitoring/imports/{instance.company_id}", filename)


def report_upload_to(instance, filename: str) -> str:
    """`monitoring/reports/<company>/<random>.<ext>`."""
    return private_files.random_file_name(f"monitoring/reports/{instance.company_id}", filename)
