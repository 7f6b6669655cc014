from urllib.parse import quote

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse

from ansinh.accounts.rules import requires_two_factor
from ansinh.accounts.tokens import user_for_key

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# Reachable before the second factor: the second-factor page itself, signing out, static files.
EXEMPT_PREFIXES = ("/static/", "/tai-khoan/xac-thuc/", "/accounts/logout/")


class RequireTwoFactorMiddleware:
    """Administrators, the secretariat and approvers must confirm a TOTP code after their password
    before anything else: pages redirect to the second-factor step, the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # A token was created in a session that had passed the second factor.
        if (
            user.is_authenticated
            and getattr(request, "api_token", None) is None
            and not user.is_verified()
            and not request.path.startswith(EXEMPT_PREFIXES)
            and requires_two_factor(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "two_factor_required", "message": "Cần xác thực hai bước trước khi dùng API."},
                    status=403,
                )
            return redirect(f"{reverse('two_factor')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class ApiTokenMiddleware:
    """API requests may carry ``Authorization: Bearer <key>``: the request then acts as the key's owner
    (same memberships, same rules) and is exempt from CSRF, which protects cookies, not headers. An
    unknown, revoked or expired key is refused outright rather than treated as anonymous. A read-only
    key cannot write. Requests without a key use the session and keep Django's CSRF check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header:
            scheme, _, key = header.partition(" ")
            found = user_for_key(key.strip()) if scheme.lower() == "bearer" else None
            if found is None:
                return JsonResponse(
                    {"code": "invalid_token", "message": "Khoá API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."},
                    status=401,
                )
            request.user, request.api_token = found
            if request.method not in SAFE_METHODS and not request.api_token.can_write:
                return JsonResponse(
                    {"code": "read_only_token", "message": "Khoá API này chỉ được đọc, không được ghi dữ liệu."},
                    status=403,
                )
            request._dont_enforce_csrf_checks = True
        elif request.method not in SAFE_METHODS and request.user.is_authenticated:
            refused = CsrfViewMiddleware(self.get_response).process_view(request, self.get_response, (), {})
            if refused is not None:
                return JsonResponse(
                    {"code": "csrf_failed", "message": "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang."},
                    status=403,
                )
        return self.get_response(request)
