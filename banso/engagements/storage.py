"""Where dialogue attachments live: private files (core.private_files), never behind a public URL.
Files are served only by a view that applies the access rule; `url()` refuses on purpose."""

from __future__ import annotations

from django.utils.deconstruct import deconstructible

from banso.core import private_files


@deconstructible(path="banso.engagements.storage.PrivateFileStorage")
class PrivateFileStorage(private_files.PrivateFileStorage):
    """The engagements area's private storage (its migrations name this class)."""


def attachment_upload_to(instance, filename: str) -> str:
    """`dialogues/<company>/<engagement>/<random>.<ext>` — the user's file name never reaches the disk."""
    engagement = instance.dialogue.engagement
    return private_files.random_file_name(f"dialogues/{engagement.company_id}/{engagement.pk}", filename)
