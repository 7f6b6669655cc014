"""What every browser test shares: the product fetches nothing from another host."""

from urllib.parse import urlsplit

LOCAL_SCHEMES = {"data", "blob", "about"}


def note_outside_requests(context, server_netloc: str, outside: list[str]) -> None:
    """Append to ``outside`` every request of ``context`` for another host than the live server. Chromium resolves
    no other host (CHROMIUM_ARGS), so such a request gets nothing; a listener sees it without routing requests,
    which would turn the browser's cache off."""

    def note(request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in LOCAL_SCHEMES and url.netloc != server_netloc:
            outside.append(request.url)

    context.on("request", note)
