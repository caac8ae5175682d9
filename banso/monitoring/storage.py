"""Where monitoring files live (imported accounting files, issued reports): under
settings.PRIVATE_FILES_ROOT, never behind a public URL. Served only by views that apply the access
rule (core.downloads); `url()` refuses on purpose. The user's file name never reaches the disk."""

from __future__ import annotations

import os
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="banso.monitoring.storage.PrivateFileStorage")
class PrivateFileStorage(FileSystemStorage):
    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


private_storage = PrivateFileStorage()


def _suffix(filename: str) -> str:
    return PurePosixPath(filename or "").suffix.lower()[:10]


def import_upload_to(instance, filename: str) -> str:
    """`monitoring/imports/<company>/<random>.<ext>`."""
    return f"monitoring/imports/{instance.company_id}/{uuid.uuid4().hex}{_suffix(filename)}"


def report_upload_to(instance, filename: str) -> str:
    """`monitoring/reports/<company>/<random>.<ext>`."""
    return f"monitoring/reports/{instance.company_id}/{uuid.uuid4().hex}{_suffix(filename)}"
