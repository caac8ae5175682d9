"""What a user may see of comments: a record's thread (after its record was loaded through the access
rule, comments.domain.load_target) and the counts per record. Shared by the pages and the API."""

from __future__ import annotations

from banso.comments.models import Comment


def thread(membership, target):
    """The thread of a record the membership may see, oldest first (deleted ones stay, without text)."""
    return Comment.objects.visible_to(membership).thread(target.kind, target.object_id)
