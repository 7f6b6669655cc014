"""Input no database can store, refused at the door: a NUL character (U+0000) in any form field, query parameter or
JSON body. PostgreSQL rejects it in text ("A string literal cannot contain NUL"), which surfaced as a 500 after the
view had started writing; SQLite would store it. One check for every page and API endpoint, before any view runs,
answers 400 with a Vietnamese message and changes nothing. Uploaded files are not form fields: binary files carry
NUL bytes legitimately, and their readers check them."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul_in(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


def has_nul(request: HttpRequest) -> bool:
    if _has_nul_in(request.GET):
        return True
    if request.content_type in FORM_TYPES and request.method == "POST":
        return _has_nul_in(request.POST)
    if request.content_type == "application/json":
        body = request.body
        return b"\x00" in body or b"\\u0000" in body.lower()
    return False


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            message = _(
                "Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL, mã 0); chưa lưu gì. Hãy xoá ký tự đó và gửi lại."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid_request", "message": message, "errors": {}}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
