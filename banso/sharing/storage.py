"""Where consent documents live: private files (core.private_files), never behind a public URL. They
are served only by the company-side view that loads through the access rule (core.downloads)."""

from __future__ import annotations

from django.utils.deconstruct import deconstructible

from banso.core import private_files


@deconstructible(path="banso.sharing.storage.PrivateFileStorage")
class PrivateFileStorage(private_files.PrivateFileStorage):
    """The sharing area's private storage (its migrations name this class)."""


private_storage = PrivateFileStorage()


def consent_document_upload_to(instance, filename: str) -> str:
    """`sharing/consents/<company>/<random>.<ext>` — the user's file name never reaches the disk."""
    return private_files.random_file_name(f"sharing/consents/{instance.company_id}", filename)
