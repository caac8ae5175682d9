"""Where dialogue attachments live: under settings.PRIVATE_FILES_ROOT, never behind a public URL.

The location is read from settings at each use (not frozen at import) so a test or a deployment
that sets PRIVATE_FILES_ROOT late still gets its files in the right place. Files are served only
by a view that applies the access rule; `url()` refuses on purpose.
"""

from __future__ import annotations

import os
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="banso.engagements.storage.PrivateFileStorage")
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


def attachment_upload_to(instance, filename: str) -> str:
    """`dialogues/<company>/<engagement>/<random>.<ext>` — the user's file name never reaches the disk."""
    suffix = PurePosixPath(filename or "").suffix.lower()[:10]
    engagement = instance.dialogue.engagement
    return f"dialogues/{engagement.company_id}/{engagement.pk}/{uuid.uuid4().hex}{suffix}"
