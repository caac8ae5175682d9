"""Refuses oversized requests before any view reads them: a clear Japanese 413, nothing changed."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from banso.core.views import error_response

TOO_BIG_MESSAGE = (
    "送信されたデータが大きすぎます（上限 {limit}）。ファイルを小さくするか、入力内容を分けてお送りください。"
)


def _limit_label(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}MB"


class RequestSizeGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = self.limit_for(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return error_response(request, 413, TOO_BIG_MESSAGE.format(limit=_limit_label(limit)))
        return self.get_response(request)

    @staticmethod
    def limit_for(request) -> int:
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/form-data"):
            return settings.BANSO_MAX_UPLOAD_BYTES
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return error_response(request, 413, TOO_BIG_MESSAGE.format(limit=_limit_label(limit)))
        return None


class PrivatePagesMiddleware:
    """Signed-in pages hold client data (and once, a new API token): never store them in a cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
