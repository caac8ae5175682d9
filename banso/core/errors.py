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


def shown_message(exception: BaseException | None) -> str | None:
    """The exception's first argument when it is one of our Japanese messages, else None.

    Django's own exceptions (e.g. an Http404 raised by the URL resolver) carry English text meant for
    developers; pages show their generic Japanese message instead."""
    if exception is None or not exception.args:
        return None
    message = str(exception.args[0])
    return message if any("\u3040" <= ch <= "\u9fff" for ch in message) else None
