"""Every page each person of the demo cast can reach, in a real browser (headless Debian Chromium) at a laptop's
1366×768 and a phone's 390×844 (issue 15): no sideways scroll (wide tables scroll inside their own frame), no console
error, no request to another host, no raw technical word and no unrounded number in what the page shows.

The walk is bounded: from the home page it follows the site's links, one URL per URL pattern (the first met), then
opens the patterns no link led to with a sample object of the demo (those the person may not open answer 403 or send
them to sign in, and are left out). Each person is a test of its own. Set ANSINH_PAGE_SHOTS=/some/dir to keep a
screenshot of every page that fails.

The walk reads each page's HTML from the server (the test client, signed in as the person) to follow its links; the
browser then shows it and checks it at both widths unless another person's walk in this run has checked the same page
already: the same URL pattern with the same HTML below the site's header, which is all that differs from one person
to the next (their menu, their name). The header sits above the page in normal flow, so it cannot widen what is below
it, and each person's own header is checked on their home page, which is always shown. A page's fault is reported by
whichever person's walk showed it first; every distinct page any person reaches is shown once."""

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from browsing import first_to_check, links_of, note_outside_requests, page_identity
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from ansinh.audit.labels import ACTION_LABELS
from ansinh.demo.people import ADMIN_USERNAME, DEMO_CAST, ensure_demo_people
from ansinh.documents.models import BriefingSchedule
from ansinh.exchange.models import ExportJob, ImportJob
from ansinh.followups.models import Attachment, Difficulty, Finding, InspectionPlan, InspectionTeam, Meeting, Task
from ansinh.programs.models import Indicator, Program, ProgramLink, Target
from ansinh.reporting.models import Assignment, Report, ReportingPeriod
from ansinh.reporting.services.periods import open_period
from ansinh.rules.periods import PeriodKey
from ansinh.stewardship.models import Review, RewardProposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
ROLES = ["", ADMIN_USERNAME, *(person.username for person in DEMO_CAST)]  # "" is the public, signed out
SHOTS = os.environ.get("ANSINH_PAGE_SHOTS")
RICHEST_PROGRAM = "08-ctr-tu"

# Words a person should never read: Python's and JavaScript's empty values, tracebacks, the names of our data sets,
# seeds and tables, and the codes the audit stores its actions with ("report.view"; the page shows their labels).
TECHNICAL = re.compile(
    r"\b(?:None|null|undefined|NaN|Traceback|True|False)\b|open_sdg|\bseed \d|admin_units|"
    r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"  # snake_case identifiers
)
ACTION_CODES = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(code) for code in ACTION_LABELS) + r")(?![\w.])")
UNROUNDED = re.compile(r"\d[.,]\d{5,}")  # Vietnamese thousands come in groups of three; five decimals are raw
# The outermost elements that stick out on the right, to say where a sideways scroll comes from.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth, out = [];
  const clipped = el => {  // inside a frame that scrolls or clips: it does not widen the page
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.getBoundingClientRect().right > limit + 1 && !out.some(o => o.contains(el)) && !clipped(el)) out.push(el);
  }
  return out.slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
    + " " + Math.round(el.getBoundingClientRect().width) + "px").join(", ");
}"""
# Text inside <code> is a command or a key the person types, not a word slipped from the code.
VISIBLE_TEXT = """() => {
  let text = document.body.innerText;
  for (const el of document.body.querySelectorAll("code, kbd, samp")) text = text.split(el.innerText).join(" ");
  return text;
}"""
# Two animation frames: the resize event has run (the charts redraw at the new width) and the page is laid out again.
# Playwright's evaluate waits without a limit, and a page that draws no frame would hold the walk for ever: a timer
# ends the wait after a second (the checks then force the layout themselves).
SETTLED = """() => new Promise(done => {
  requestAnimationFrame(() => requestAnimationFrame(done));
  setTimeout(done, 1000);
})"""
# The API's own documentation is for programmers: its schemas name fields as the API does.
DEVELOPER_PAGES = ("/api/",)


@dataclass
class Visit:
    """What one browser context saw while a page loaded."""

    console: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # the page's own requests (not the page itself) that failed
    page_number: int = 0  # which page the context is on: a request counts for the page that sent it
    sent_on: dict = field(default_factory=dict)  # request -> the page_number it was sent on

    def forget_faults(self) -> None:
        self.console.clear()
        self.outside.clear()
        self.failed.clear()

    def clear(self) -> None:
        self.forget_faults()
        self.page_number += 1


# The admin's history and delete-confirmation pages are one Django template for every model: one of each is enough.
ADMIN_GENERIC = re.compile(r"^admin:\w+_(history|delete)$")


def pattern_name(path: str) -> str | None:
    """The URL pattern a path belongs to: the walk opens one URL of each."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return ADMIN_GENERIC.sub(r"admin:\1", match.view_name)


def sample_kwargs() -> dict[str, object]:
    """One demo object for every kind of id a URL takes, to open the pages no link led to."""

    period = ReportingPeriod.objects.filter(program__slug=RICHEST_PROGRAM).order_by("-year").first()
    report = Report.objects.filter(period=period).order_by("pk").first()
    ids = {
        "period_id": period,
        "report_id": report,
        "indicator_id": Indicator.objects.filter(program__slug=RICHEST_PROGRAM).order_by("pk").first(),
        "target_id": Target.objects.order_by("pk").first(),
        "link_id": ProgramLink.objects.order_by("pk").first(),
        "assignment_id": Assignment.objects.order_by("pk").first(),
        "schedule_id": BriefingSchedule.objects.order_by("pk").first(),
        "task_id": Task.objects.order_by("pk").first(),
        "meeting_id": Meeting.objects.order_by("pk").first(),
        "difficulty_id": Difficulty.objects.order_by("pk").first(),
        "plan_id": InspectionPlan.objects.order_by("pk").first(),
        "team_id": InspectionTeam.objects.order_by("pk").first(),
        "finding_id": Finding.objects.order_by("pk").first(),
        "review_id": Review.objects.order_by("pk").first(),
        "proposal_id": RewardProposal.objects.order_by("pk").first(),
        "attachment_id": Attachment.objects.order_by("pk").first(),
        "job_id": ExportJob.objects.order_by("pk").first() or ImportJob.objects.order_by("pk").first(),
    }
    samples: dict[str, object] = {name: obj.pk for name, obj in ids.items() if obj is not None}
    samples.update(slug=RICHEST_PROGRAM, code="W25-00004", unit_code="P-01", year=2025)
    return samples


def product_patterns() -> Iterator[tuple[str, list[str]]]:
    """(name, keyword arguments) of every named page of the product (the admin and the API have their own)."""

    def walk(patterns, namespace: str) -> Iterator[tuple[str, list[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in {"admin"} or str(entry.pattern).startswith("api/"):
                    continue
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield name, list(entry.pattern.converters)

    return walk(get_resolver().url_patterns, "")


def signed_in(username: str, pass_two_factor) -> Client:
    """The test client as ``username``, past the second factor (the sign-in itself has its own tests); signed out for
    the public."""
    client = Client()
    if username:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        pass_two_factor(client, user)
    return client


def is_page(response) -> bool:
    """An HTML page shown to the person (not a download, a refusal or an error)."""
    return not response.streaming and response.status_code == 200 and "text/html" in response.get("Content-Type", "")


@pytest.fixture(scope="session")
def pages_checked(run_folder: Path) -> Path:
    """One empty file per page checked in this run, whichever worker checked it."""
    folder = run_folder / "pages-checked"
    folder.mkdir(exist_ok=True)
    return folder


def page_faults(page, visit: Visit, path: str) -> list[str]:
    faults = []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        faults.append(f"cuộn ngang {overflow} px ({page.evaluate(WIDEST)})")
    faults += [f"lỗi console: {text[:160]}" for text in visit.console]
    faults += [f"tải từ máy khác: {url[:120]}" for url in visit.outside]
    faults += [f"tải lỗi: {failure[:120]}" for failure in visit.failed]
    text = page.evaluate(VISIBLE_TEXT)
    if not path.startswith(DEVELOPER_PAGES):
        words = {m.group(0) for m in TECHNICAL.finditer(text)} | {m.group(0) for m in ACTION_CODES.finditer(text)}
        if words:
            faults.append("từ kỹ thuật: " + ", ".join(sorted(words)[:8]))
    numbers = {m.group(0) for m in UNROUNDED.finditer(text)}
    if numbers:
        faults.append("số chưa làm tròn: " + ", ".join(sorted(numbers)[:5]))
    return faults


def open_context(browser, base_url: str, size: dict, client: Client) -> tuple[object, object, Visit]:
    server = urlsplit(base_url).netloc
    visit = Visit()

    context = browser.new_context(
        base_url=base_url, viewport=size, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=False
    )
    context.set_default_timeout(15_000)
    note_outside_requests(context, server, visit.outside)
    if settings.SESSION_COOKIE_NAME in client.cookies:  # the client's session, signed in as the person
        value = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}])
    page = context.new_page()
    # Chromium also logs a failed load as a console error with no address, and may log a refused page's own status
    # (a 403 the walk does not count) after the next page began: failed requests are read from the responses
    # instead, the page's own status from its navigation.
    page.on(
        "console",
        lambda message: (
            visit.console.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            visit.failed.append(f"{response.status} {response.url}")
            if response.status >= 400
            and not response.request.is_navigation_request()
            and visit.sent_on.get(response.request) == visit.page_number
            else None
        ),
    )
    # A request the page before sent may answer after the next page began (Swagger UI's schema): it is that page's.
    page.on("request", lambda request: visit.sent_on.__setitem__(request, visit.page_number))
    page.on("pageerror", lambda error: visit.console.append(str(error)))
    return context, page, visit


def walk(client: Client, show: Callable[[str, str, str], None], is_admin: bool, refused: list[str]) -> list[str]:
    """Follow the site's links from the home page (one URL per pattern), then the unlinked patterns, reading each
    page from the server as the person; ``show(url, path, identity)`` each page reached; a link that leads to a
    refusal or an error goes into ``refused``. Returns the URLs reached, the home page first."""
    seen_patterns: set[str] = set()
    reached: list[str] = []
    # The programme with figures, reports and steering work first, so its pages stand for each pattern; the
    # administrator's own pages are not linked from the site.
    queue = ["/", f"/chuong-trinh/{RICHEST_PROGRAM}/", *(["/admin/"] if is_admin else [])]
    queued = set(queue)

    def reach(url: str, response=None, linked: bool = True) -> None:
        if response is None:
            response = client.get(url, follow=True)
        if not is_page(response):
            if linked and response.status_code >= 400:
                refused.append(f"liên kết tới trang trả mã {response.status_code}: {url}")  # a link it should not show
            return
        path = response.request["PATH_INFO"]
        name = pattern_name(path)
        if name is None or (name in seen_patterns and url != "/"):
            return  # a redirect to a page already reached (e.g. the sign-in page)
        seen_patterns.add(name)
        relative = urlunsplit(("", "", path, response.request.get("QUERY_STRING", ""), ""))
        reached.append(relative)
        html = response.content.decode()
        show(relative, path, page_identity(name, html))
        for href in links_of(html):
            target = urlsplit(urljoin(relative, href))
            if target.scheme not in ("", "http", "https") or target.netloc not in ("", "testserver"):
                continue
            candidate = urlunsplit(("", "", target.path, target.query, ""))
            if target.path.startswith("/admin/") and not is_admin:
                continue
            target_name = pattern_name(target.path)
            if target_name is None or target_name in seen_patterns or candidate in queued:
                continue
            if any(pattern_name(urlsplit(q).path) == target_name for q in queue):
                continue
            queued.add(candidate)
            queue.append(candidate)

    while queue:
        reach(queue.pop(0))
    samples = sample_kwargs()
    for name, kwargs in product_patterns():
        if name in seen_patterns or not all(k in samples for k in kwargs):
            continue
        try:
            url = reverse(name, kwargs={k: samples[k] for k in kwargs})
        except NoReverseMatch:
            continue
        # Not followed: an action's URL answers a GET with an empty 405, a page the person may not open with a
        # refusal or a redirect to sign in.
        response = client.get(url)
        if is_page(response):
            reach(url, response, linked=False)
    return reached


def walk_at_both_widths(
    browser, base_url: str, username: str, pass_two_factor, pages_checked: Path
) -> tuple[list[str], int, list[str]]:
    """The pages ``username`` reaches, how many of them this walk showed, and their faults. A page is shown unless
    another walk of the run has shown the same page (the person's home page always is, for their own header): it is
    loaded at the laptop's width, checked, laid out again at the phone's width and checked again (the stylesheet's
    media queries apply as on a phone, and the charts follow the window's resize, as they do when a phone turns),
    then set back for the next page."""
    faults: list[str] = []
    laptop, phone = WIDTHS["laptop"], WIDTHS["phone"]
    client = signed_in(username, pass_two_factor)
    context, page, visit = open_context(browser, base_url, laptop, client)
    shown: list[str] = []

    def check_at(width_name: str, url: str, path: str) -> None:
        found = page_faults(page, visit, path)
        if found:
            faults.append(f"[{width_name}] {url}: " + "; ".join(found))
            if SHOTS:
                name = re.sub(r"[^\w]+", "_", f"{username or 'public'}_{width_name}_{url}").strip("_")
                page.screenshot(path=str(Path(SHOTS) / f"{name[:120]}.png"))

    def show(url: str, path: str, identity: str) -> None:
        if not first_to_check(pages_checked, identity) and shown:
            return
        shown.append(url)
        visit.clear()
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            faults.append(f"trình duyệt nhận mã {response.status if response else '—'} cho {url}, máy chủ trả 200")
            return
        check_at("laptop", url, path)
        visit.forget_faults()  # the phone's check names only what its own layout shows
        page.set_viewport_size(phone)
        page.evaluate(SETTLED)
        check_at("phone", url, path)
        page.set_viewport_size(laptop)

    try:
        refused: list[str] = []
        reached = walk(client, show, is_admin=username == ADMIN_USERNAME, refused=refused)
        faults.extend(refused)
    finally:
        context.close()
    return reached, len(shown), faults


def server_account(caplog) -> str:
    """What the live server logged of its answers other than a refusal (403) or a missing page (404): why a page
    failed, from the server's side."""
    lines = [
        f"{record.getMessage()}"
        + (f" ({record.exc_info[0].__name__})" if record.exc_info and record.exc_info[0] else "")
        for record in caplog.records
        if record.name.startswith("django.") and getattr(record, "status_code", None) not in (403, 404)
    ]
    return "\nmáy chủ ghi / the server logged:\n  " + "\n  ".join(lines) if lines else ""


@pytest.mark.parametrize("username", ROLES, ids=lambda username: username or "public")
def test_every_page_each_person_reaches_fits_both_screens_and_reads_clean(
    username, chromium_browser, live_server, pass_two_factor, caplog, fresh_demo, pages_checked
):
    """Each person of the cast is a test of its own (the suite's workers share them out), on a fresh demo."""
    ensure_demo_people(None)
    # The demo opens no period: the programme's last year is opened (as the reporting tests do), so the reporters
    # have a report to fill in, the pages they use most, and the secretariat a period in progress.
    open_period(Program.objects.get(slug=RICHEST_PROGRAM), PeriodKey(2025, "year"))
    who = username or "công chúng"
    reached, shown, faults = walk_at_both_widths(
        chromium_browser, live_server.url, username, pass_two_factor, pages_checked
    )
    assert len(reached) >= 3, f"the walk found too few pages for {who}: {reached}"
    assert not faults, (
        f"{who} — {len(faults)} lỗi trên {shown} trang đã xem ({len(reached)} trang tới được):\n  "
        + "\n  ".join(faults)
        + server_account(caplog)
    )
