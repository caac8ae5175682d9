"""Two-factor sign-in pages: the code after the password, setting up an authenticator app (QR code,
key as text, recovery codes shown once), and the status page in the user menu. Rules: orgs.two_factor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from banso.core.views import refuse_unless_post
from banso.orgs.domain import two_factor
from banso.orgs.lockout import is_locked_out, lockout_response, record_failure

WRONG_CODE = (
    "コードが正しくありません。認証アプリに表示されている6桁の数字か、リカバリーコードを入力してください。"
)
WRONG_SETUP_CODE = (
    "コードが正しくありません。認証アプリに登録したうえで、表示されている6桁の数字を入力してください。"
)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _signed_in_with_second_factor(request, device) -> None:
    from django_otp import login as otp_login

    request.session.cycle_key()  # a new session id once the second factor is proven
    otp_login(request, device)
    request.session[two_factor.SESSION_STATE] = two_factor.VERIFIED


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.session.get(two_factor.SESSION_STATE) != two_factor.NEEDS_CODE:
        return redirect(_next_url(request))
    username = request.user.get_username()
    if is_locked_out(request, username=username):
        return lockout_response(request, username=username)
    error = ""
    if request.method == "POST":
        device = two_factor.verify(request.user, request.POST.get("code", ""))
        if device is not None:
            _signed_in_with_second_factor(request, device)
            return redirect(_next_url(request))
        record_failure(request, username=username)
        if is_locked_out(request, username=username):
            return lockout_response(request, username=username)
        error = WRONG_CODE
    return render(request, "orgs/two_factor_verify.html", {"error": error, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    if request.session.get(two_factor.SESSION_STATE) == two_factor.NEEDS_CODE:
        return redirect(reverse("two_factor_verify"))  # prove the current factor before replacing it
    device = two_factor.pending_device(request.user)
    if request.method == "GET" or device is None:
        device = two_factor.start_setup(request.user)
    error = ""
    if request.method == "POST":
        codes = two_factor.confirm_setup(request.user, device, request.POST.get("code", ""))
        if codes is not None:
            _signed_in_with_second_factor(request, device)
            return render(request, "orgs/two_factor_codes.html", {"codes": codes, "next": _next_url(request)})
        error = WRONG_SETUP_CODE
    import segno

    context = {
        "qr": segno.make(two_factor.setup_uri(device), error="m").svg_data_uri(scale=5, border=2),
        "secret": two_factor.secret_text(device),
        "error": error,
        "required": two_factor.required_for(request.user),
        "next": _next_url(request),
    }
    return render(request, "orgs/two_factor_setup.html", context)


@login_required
def status(request):
    return render(
        request,
        "orgs/two_factor_status.html",
        {
            "device": two_factor.confirmed_device(request.user),
            "codes_left": two_factor.recovery_codes_left(request.user),
            "required": two_factor.required_for(request.user),
        },
    )


@login_required
def disable(request):
    refused = refuse_unless_post(request)
    if refused:
        return refused
    if two_factor.disable(request.user):
        request.session[two_factor.SESSION_STATE] = two_factor.NOT_REQUIRED
        messages.success(request, "二段階認証を解除しました。")
    else:
        messages.error(request, "ご所属の支援機関では二段階認証が必須のため、解除できません。")
    return redirect(reverse("two_factor"))
