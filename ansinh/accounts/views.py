"""The person's own account: the second factor, API tokens, and the audited password change and reset."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ansinh.accounts.access import require
from ansinh.accounts.forms import TokenForm, TwoFactorForm
from ansinh.accounts.rules import can_manage_own_tokens, memberships_of, requires_two_factor
from ansinh.accounts.selectors import tokens_of
from ansinh.accounts.tokens import TokenError, create_token, revoke_token
from ansinh.accounts.two_factor import confirmed_device, enrolment_details, pending_device, verify
from ansinh.audit.services import record


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    enrolling = confirmed_device(request.user) is None
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify(request, form.cleaned_data["code"]):
            messages.success(request, "Đã xác thực hai bước.")
            return redirect(_safe_next(request))
        form.add_error("code", "Mã không đúng hoặc đã hết hạn; hãy nhập mã đang hiển thị trong ứng dụng.")
    context = {
        "form": form,
        "enrolling": enrolling,
        "required": requires_two_factor(request.user),
        "next": _safe_next(request),
    }
    if enrolling:
        context.update(enrolment_details(pending_device(request.user)))
    return render(request, "accounts/two_factor.html", context)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    require(request, can_manage_own_tokens, None, action="quản lý tài khoản")
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": tokens_of(request.user),
            "form": TokenForm(),
            "memberships": memberships_of(request.user),
            "has_two_factor": confirmed_device(request.user) is not None,
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    require(request, can_manage_own_tokens, None, action="tạo khoá API")
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = create_token(request.user, **form.cleaned_data, actor=request.user)
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "accounts/token_created.html", {"token": token, "key": key})
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": tokens_of(request.user),
            "form": form,
            "memberships": memberships_of(request.user),
        },
        status=400,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Another person's token is simply not found: ids are not a way to learn what exists.
    token = get_object_or_404(tokens_of(request.user), pk=token_id)
    try:
        revoke_token(token, actor=request.user)
        messages.success(request, f"Đã thu hồi khoá “{token.name}”.")
    except TokenError as error:
        messages.error(request, str(error))
    return redirect("account")


def _record_password(user, *, action: str, summary: str) -> None:
    """Never the hashes: only that the password changed, whose, and how."""
    record(
        actor=user,
        action=action,
        obj=user,
        summary=f"{summary}: {user.get_username()}",
        before={"password": "mật khẩu cũ"},
        after={"password": "mật khẩu mới"},
        unit_code="",
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, audited."""

    def form_valid(self, form):
        response = super().form_valid(form)
        _record_password(form.user, action="auth.password_change", summary="Đổi mật khẩu")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset through an e-mailed link, audited (the person is not signed in: the actor is the owner)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        _record_password(form.user, action="auth.password_reset", summary="Đặt lại mật khẩu qua thư")
        return response
