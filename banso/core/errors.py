"""Errors that domain functions raise and every caller (views, API, commands) understands."""


class DomainError(Exception):
    """A business rule refused the action. `message` is Japanese and shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConflictError(DomainError):
    """Someone else changed the record first, or the record would duplicate another (HTTP 409)."""


STALE_EDIT_MESSAGE = (
    "この内容は、編集を始めた後に他の方が更新しました。上書きを防ぐため保存していません。"
    "最新の内容を確認してから、もう一度入力してください。"
)

# ValidationError code of unique constraints, so the API can answer 409 instead of 422.
DUPLICATE_CODE = "duplicate"
