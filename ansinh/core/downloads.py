from django.http import HttpResponse


def attachment(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    """A file the browser saves under ``filename`` instead of showing it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
