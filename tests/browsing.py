"""What the browser tests share: the product fetches nothing from another host; the page walk's reading of a page
(its links, what makes two people's pages the same page) and its record of the pages checked in a run."""

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
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


class Links(HTMLParser):
    """The targets of a page's links, as written in its HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    links = Links()
    links.feed(html)
    return links.hrefs


CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*')


def page_identity(name: str, html: str) -> str:
    """Two people see the same page when its URL pattern and its HTML below the site's header are the same (the form
    tokens aside, which differ on every answer)."""
    below_the_header = CSRF_VALUE.sub(r"\1", html.split("</header>", 1)[-1])
    return hashlib.sha256(f"{name}\n{below_the_header}".encode()).hexdigest()


def first_to_check(pages_checked: Path, identity: str) -> bool:
    """True for the one walk of the run that takes the page (creating the file is atomic), False for the others."""
    try:
        (pages_checked / identity).touch(exist_ok=False)
    except FileExistsError:
        return False
    return True
