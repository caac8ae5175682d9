"""Private files: uploads and issued documents kept under settings.PRIVATE_FILES_ROOT, never behind a
public URL. They are served only by views that load through the access rule (core.downloads), so
`url()` refuses on purpose. Each area that stores files subclasses PrivateFileStorage in its own
`storage.py` (its migrations name that class) and names its files with `random_file_name`.

The location is read from settings at each use (not frozen at import) so a test or a deployment that
sets PRIVATE_FILES_ROOT late still gets its files in the right place."""

from __future__ import annotations

import os
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="banso.core.private_files.PrivateFileStorage")
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


def random_file_name(folder: str, filename: str) -> str:
    """`<folder>/<random>.<ext>`: the user's file name never reaches the disk, only its extension."""
    suffix = PurePosixPath(filename or "").suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"
