"""JSON errors with a Japanese `detail`, the same shape for every endpoint (api.md)."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
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
        if any(tuple(err.get("loc", ()))[:1] == ("path",) for err in exc.errors):
            # A path id that cannot exist (not a number, 0, beyond MAX_ID) names no object: 404.
            return respond(request, 404, NOT_FOUND_MESSAGE)
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
        response = respond(request, 401, UNAUTHORIZED_MESSAGE)
        response["WWW-Authenticate"] = 'Bearer realm="banso"'
        return response

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

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def out_of_range(request, exc):
        # The last line of defence: a number the database cannot hold is the client's error.
        return respond(request, 422, "数値が大きすぎるか小さすぎます。値の範囲をご確認ください。")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(
            request, 413, "送信されたデータが大きすぎます。サイズを小さくしてからもう一度お試しください。"
        )


# --- The same errors, documented in the OpenAPI ------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "title": "Error",
    "properties": {
        "detail": {"type": "string", "description": "日本語の説明"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail"],
}
_ERROR_TEXT = {
    "400": "業務ルールにより受け付けられません（本文が JSON として読めない場合も）",
    "401": "認証が必要です（Bearer トークン）",
    "403": "閲覧のみの権限では変更できません",
    "404": "見つかりません（他の支援機関のデータ・存在しない ID も同じ）",
    "409": "他の方が先に更新した（version が古い）か、重複しています",
    "413": "送信されたデータが大きすぎます",
    "422": "入力内容に誤りがあります（errors に項目ごとの説明。参照先の ID が使えない場合も）",
    "428": "変更する版（version または If-Match）の指定が必要です",
}
_VERSION_RULE = (
    "\n\n変更する版を本文の `version` か `If-Match` ヘッダーで指定してください"
    "（なければ 428、古ければ 409）。"
)
IF_MATCH_PARAMETER = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": '変更する版（例: "3"、3、W/"3"）。本文の version の代わりに使えます。',
    "schema": {"type": "string", "pattern": r'^\s*(W/)?"?[0-9]{1,16}"?\s*$'},
}
WRITES = ("post", "put", "patch", "delete")


def _error_statuses(path: str, method: str, operation: dict) -> list[str]:
    """The error answers an operation can give: what errors.register maps, by what it takes."""
    has_path_params = "{" in path
    has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    has_body = "requestBody" in operation
    statuses = ["401"]
    if method in WRITES:
        statuses += ["400", "403", "404", "409"]
    elif has_path_params or "/support-bodies" in path:
        statuses.append("404")
    if has_body:
        statuses.append("413")
    if has_body or has_query or has_path_params or method in ("put", "patch"):
        statuses.append("422")
    if method in ("put", "patch"):
        statuses.append("428")
    return statuses


def document_errors(schema: dict) -> None:
    """Add every error status with the error schema (and 401's WWW-Authenticate) to each operation;
    PATCH and PUT also document the If-Match header and the version rule."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status in _error_statuses(path, method, operation):
                existing = responses.get(status)
                answer = {
                    "description": _ERROR_TEXT[status],
                    "content": {"application/json": {"schema": ref}},
                }
                if existing and existing.get("description"):
                    answer["description"] = existing["description"]
                if status == "401":
                    answer["headers"] = {
                        "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
                    }
                responses[status] = answer
            if method in ("put", "patch"):
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == "If-Match" for p in parameters):
                    parameters.append(IF_MATCH_PARAMETER)
                operation["description"] = (operation.get("description") or "") + _VERSION_RULE
