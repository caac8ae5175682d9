"""Error pages in Japanese. API paths get JSON with a Japanese `detail` instead of HTML."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render

from banso.core.errors import shown_message

API_PREFIX = "/api/"

_TITLES = {
    400: "リクエストの内容が正しくありません",
    403: "この操作を行う権限がありません",
    404: "ページが見つかりません",
    413: "送信されたデータが大きすぎます",
    500: "システムエラーが発生しました",
}
_DEFAULT_DETAILS = {
    400: "入力内容をご確認のうえ、もう一度お試しください。",
    403: "この操作はご利用の権限では行えません。必要な場合は管理者にお問い合わせください。",
    404: "お探しのデータは見つかりません。URL をご確認いただくか、担当の管理者にお問い合わせください。",
    413: "ファイルや入力内容が上限を超えています。サイズを小さくしてからもう一度お試しください。",
    500: "しばらく待ってからもう一度お試しください。解決しない場合は管理者にお問い合わせください。",
}


def refuse_unless_post(request) -> HttpResponseNotAllowed | None:
    """For views that only change things, called *after* the access check (never a
    `require_POST` decorator, which answers 405 before it): a foreign object is a 404 and a
    read-only one a 403 whatever the method; then anything but POST is a 405."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def error_response(request, status: int, detail: str | None = None):
    detail = detail or _DEFAULT_DETAILS[status]
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(
        request, "error.html", {"status": status, "title": _TITLES[status], "detail": detail}, status=status
    )


def _message(exception) -> str | None:
    # Only our own Japanese messages are shown; Django's internal English ones are replaced.
    return shown_message(exception)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413)
    return error_response(request, 400, None)


def permission_denied(request, exception=None):
    return error_response(request, 403, _message(exception))


def page_not_found(request, exception=None):
    return error_response(request, 404, _message(exception))


def csrf_failure(request, reason=""):
    return error_response(
        request,
        403,
        "画面を開いてから時間が経ったか、別のタブでログインし直したため、送信を受け付けられませんでした。"
        "お手数ですが、画面を再読み込みしてからもう一度操作してください。",
    )


def server_error(request):
    return error_response(request, 500)


def health(request):
    """Health check for the load balancer and the process supervisor: 200 when this process answers
    and reaches its database, 503 otherwise. No sign-in, no data, never cached."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    response["Cache-Control"] = "no-store"
    return response
