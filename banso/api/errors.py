"""JSON errors with a Japanese `detail`, the same shape for every endpoint (api.md)."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from banso.core.access import NOT_ALLOWED_MESSAGE, NOT_FOUND_MESSAGE, NamedNotFound
from banso.core.errors import DUPLICATE_CODE, ConflictError, DomainError

UNAUTHORIZED_MESSAGE = (
    "認証が必要です。有効な API トークンを「Authorization: Bearer <トークン>」ヘッダーで送ってください。"
    "トークンが失効・期限切れの場合は、画面の「API トークン」から新しく作成してください。"
)
INVALID_MESSAGE = "入力内容に誤りがあります。errors の各項目をご確認ください。"

# pydantic error types → Japanese. Anything else falls back to a generic message.
_PYDANTIC_MESSAGES = {
    "missing": "必須項目です。",
    "int_parsing": "整数で入力してください。",
    "int_type": "整数で入力してください。",
    "int_from_float": "整数で入力してください。",
    "float_parsing": "数値で入力してください。",
    "decimal_parsing": "数値で入力してください。",
    "string_type": "文字列で入力してください。",
    "string_too_long": "文字数が多すぎます。",
    "bool_parsing": "true または false で入力してください。",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD 形式で入力してください。",
    "date_parsing": "日付は YYYY-MM-DD 形式で入力してください。",
    "datetime_parsing": "日時は ISO 8601 形式で入力してください。",
    "list_type": "配列で入力してください。",
    "literal_error": "指定できない値です。",
    "enum": "指定できない値です。",
    "extra_forbidden": "この項目は指定できません。",
    "greater_than_equal": "値が小さすぎます。",
    "less_than_equal": "値が大きすぎます。",
    "json_invalid": "JSON として読み取れません。",
    "model_attributes_type": "JSON オブジェクトで送ってください。",
}


def _field_path(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


def register(api) -> None:
    def respond(request, status, detail, **extra):
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(NinjaValidationError)
    def validation(request, exc):
        errors = [
            {
                "field": _field_path(err.get("loc", ())),
                "message": _PYDANTIC_MESSAGES.get(err.get("type"), "値が正しくありません。"),
            }
            for err in exc.errors
        ]
        return respond(request, 422, INVALID_MESSAGE, errors=errors)

    @api.exception_handler(DjangoValidationError)
    def model_validation(request, exc):
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": "body" if field == "__all__" else field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
            duplicates = [e for errs in exc.error_dict.values() for e in errs if e.code == DUPLICATE_CODE]
            if duplicates:
                return respond(request, 409, duplicates[0].messages[0], errors=errors)
        else:
            errors = [{"field": "body", "message": message} for message in exc.messages]
        return respond(request, 422, INVALID_MESSAGE, errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(request, 401, UNAUTHORIZED_MESSAGE)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400:
            return respond(request, 400, "リクエスト本文を JSON として読み取れません。形式をご確認ください。")
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, exc.message if isinstance(exc, NamedNotFound) else NOT_FOUND_MESSAGE)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or NOT_ALLOWED_MESSAGE)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return respond(request, 409, exc.message)

    @api.exception_handler(DomainError)
    def domain_error(request, exc):
        return respond(request, 400, exc.message)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(
            request, 413, "送信されたデータが大きすぎます。サイズを小さくしてからもう一度お試しください。"
        )
