"""Where consent documents live: under settings.PRIVATE_FILES_ROOT, never behind a public URL. They
are served only by the company-side view that loads through the access rule (core.downloads)."""

from __future__ import annotations

import os
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="banso.sharing.storage.PrivateFileStorage")
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


def consent_document_upload_to(instance, filename: str) -> str:
    """`sharing/consents/<company>/<random>.<ext>` — the user's file name never reaches the disk."""
    suffix = PurePosixPath(filename or "").suffix.lower()[:10]
    return f"sharing/consents/{instance.company_id}/{uuid.uuid4().hex}{suffix}"
