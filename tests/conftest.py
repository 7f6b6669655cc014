"""Root conftest: settings for tests, markers (browser, postgres, no_db), the shared worlds and their cast
(tests/worlds.py: ``world``, ``cast``, and ``reporter``/``colleague``/``approver`` for the people most tests
need), the Hà Nội demo (loaded once per run and database, ``demo_rows``; put back for a module, ``demo``, or
committed for a browser test, ``fresh_demo``) and the Playwright fixtures for browser tests.
"""

import fcntl
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from browsing import note_outside_requests
from demo_rows import TableRows, copy_rows, put_back, put_back_until_rolled_back
from django.contrib.staticfiles.handlers import StaticFilesHandler
from hypothesis import settings as hypothesis_settings
from pytest_django.live_server_helper import LiveServer
from worlds import (  # noqa: F401  (shared fixtures)
    Cast,
    World,
    approver,
    cast,
    colleague,
    mark_two_factor_passed,
    reporter,
    world,
)
from xdist.scheduler import LoadScopeScheduling

from ansinh.settings import PASSWORD_HASHERS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Playwright's sync API runs an asyncio event loop in this thread; without this, Django refuses ORM
# calls made by test code while a page is open (SynchronousOnlyOperation). Set before any DB access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Two shared cores and a database under the tests: Hypothesis' per-example deadline would only add flakes.
hypothesis_settings.register_profile("ansinh", deadline=None)
hypothesis_settings.load_profile("ansinh")

IN_CI = os.environ.get("CI") == "true"

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; never `playwright install`
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The machine has no network but the package registries: without these, Chromium keeps trying.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Every other host is unresolvable: a page that asks for one gets nothing (tests/browsing.py notes the request).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
BROWSER_FIXTURES = {"browser_page", "chromium_browser"}
# A test reaches the test database only through one of these (a world, the demo, a module's own data all ask for
# one of them; pytest-django refuses any other access). A test with none of them, and no django_db mark, is
# marked no_db: pure rules, parsers, formats, the architecture checks. Its outcome cannot depend on the
# database, so the PostgreSQL run of scripts/test.sh leaves it to the SQLite run. A postgres test is never no_db.
DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "django_db_setup",
    "live_server",
}


# Tests hash passwords with MD5: Argon2 is meant to be slow, and a suite that signs in hundreds of people would pay for
# it hundreds of times. The production hasher stays first in settings; test_login checks it with its own settings.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]


@pytest.fixture(autouse=True, scope="session")
def _test_settings(tmp_path_factory):
    """Background tasks run inline, so an import's result is there when the call returns; passwords hash fast;
    the files of export jobs go to a temporary folder, not var/exports; and the collected static files are an empty
    folder, not var/static. The suite serves static files from the apps' own folders, never the collected ones, and
    once `make run` has collected them into var/static, WhiteNoise read that whole folder again for every test client
    (it loads the middleware once per client; the access matrix makes about 4.000 clients): the matrix took 94 s
    instead of 49 s, and a stale file collected there could have been served to a test."""
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        PASSWORD_HASHERS=FAST_HASHERS,
        EXPORT_JOB_ROOT=tmp_path_factory.mktemp("exports"),
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
    ):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory) -> None:
    """On SQLite, the test database is a file of this run's own (each worker its own), as the product's embedded
    database is, not pytest-django's in-memory one: the live server's threads then each have their own connection,
    with the product's WAL and busy timeout, instead of sharing the test's single in-memory connection."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.getbasetemp() / "test.sqlite3")


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder this run's worker processes share (the parent of their own temporary folders)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker, run_folder: Path) -> TableRows:
    """The demo data set loaded once in this run for each database, its rows copied, and the load rolled back; the
    other workers read the copy. Every worker's test database is made by the same migrations, and putting the copy
    back replaces every table it holds and resets the sequences, so one copy serves them all."""
    from django.db import connection, transaction

    from ansinh.demo.loader import load_demo

    shared = run_folder / f"demo-rows-{connection.vendor}.pickle"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a worker that needs it while another loads it waits for that copy
        if shared.exists():
            return pickle.loads(shared.read_bytes())  # noqa: S301  (this run's own copy, in its own folder)
        with django_db_blocker.unblock(), transaction.atomic():
            load_demo()
            rows = copy_rows()
            transaction.set_rollback(True)
        shared.write_bytes(pickle.dumps(rows))
    return rows


@pytest.fixture(scope="module")
def demo(demo_rows, django_db_blocker):
    """The demo data set for a module, inside a transaction that is rolled back after it."""
    with django_db_blocker.unblock(), put_back_until_rolled_back(demo_rows):
        yield


@pytest.fixture
def fresh_demo(demo_rows, transactional_db) -> None:
    """The demo data set committed, for a test whose live server must see it (the database is emptied after it)."""
    put_back(demo_rows)


@pytest.fixture
def pass_two_factor():
    """``pass_two_factor(client, user)`` for tests that build their own clients."""
    return mark_two_factor_passed


@pytest.fixture
def sign_in(client):
    """``sign_in(user)``: log the test client in, past the second factor when the user's roles need it."""

    def sign_in(user):
        client.force_login(user)
        mark_two_factor_passed(client, user)
        return client

    return sign_in


@pytest.hookimpl(tryfirst=True)  # before pytest's own -m filtering, so `-m "not browser"` sees our marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.db import connections

    on_postgresql = connections["default"].vendor == "postgresql"
    # The same suite runs once on SQLite and once on PostgreSQL (scripts/test.sh), so skipping
    # postgres-only tests in the SQLite run is right even under CI=true: they run in the other one.
    skip_postgres = pytest.mark.skip(
        reason="chỉ chạy trên PostgreSQL — PostgreSQL only (this run uses "
        f"{connections['default'].vendor}; the PostgreSQL run of `make test` runs it)"
    )
    for item in items:
        # A test that opens a page is a browser test even if its author forgot the mark.
        fixtures = set(getattr(item, "fixturenames", ()))
        if BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
        # A postgres test with no database fixture reaches PostgreSQL its own way (the benchmark's smoke test).
        if not (item.get_closest_marker("django_db") or item.get_closest_marker("postgres") or DB_FIXTURES & fixtures):
            item.add_marker(pytest.mark.no_db)
        if not on_postgresql and item.get_closest_marker("postgres"):
            item.add_marker(skip_postgres)
    # Browser tests first among the transactional tests, which pytest-django's own sort (run after this one) puts after
    # every other test, as Django orders them: such a test empties the database after it, data migrations' rows too.
    # Each browser test holds a worker for seconds to a minute, and one left to the very end of the queue would make
    # the whole run wait for it (scripts/test.sh keeps this order: --no-loadscope-reorder).
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


class BrowserTestsApartScheduling(LoadScopeScheduling):
    """xdist's loadscope (a module's tests on one worker, so its shared world is built once), except that each test
    of a browser module is a unit of its own: it builds its own data (transactional, live server), and the cases of
    the page walk, one per person, are then shared out between the workers instead of queued on one."""

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.split("::", 1)[0].endswith("_browser.py"):
            return nodeid
        return super()._split_scope(nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadScopeScheduling | None:
    return BrowserTestsApartScheduling(config, log) if config.getvalue("dist") == "loadscope" else None


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator["Browser"]:
    """Headless Debian Chromium driven by Playwright, one per test session."""
    if not CHROMIUM.exists():
        how = f"{CHROMIUM} is missing (apt-get install chromium; `make test` installs it when run as root)"
        if IN_CI:
            pytest.fail(f"Chromium (Debian) không có, CI=true: kiểm thử trình duyệt thất bại — {how}", pytrace=False)
        pytest.skip(f"Chromium (Debian) không có: bỏ qua kiểm thử trình duyệt — {how}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class StaticFilesKeptHandler(StaticFilesHandler):
    """The live server's static files with the freshness production gives them (WhiteNoise's max-age of 60 s for
    files without a hash in their name): the browser keeps the stylesheet and scripts between pages, as a person's
    does, instead of fetching each of them again for every page of a walk."""

    def serve(self, request):
        response = super().serve(request)
        response["Cache-Control"] = "max-age=60, public"
        return response


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, its static files kept by the browser as in production."""
    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    server.thread.static_handler = StaticFilesKeptHandler
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser_page(chromium_browser: "Browser", live_server) -> Iterator["Page"]:
    """A fresh page (own cookies) whose relative URLs go to pytest-django's live server.

    ``page.goto("/")`` opens the home page. Tests that need data use
    ``@pytest.mark.django_db(transaction=True)`` so the live server's thread sees it.

    The product never fetches anything at run time: any request to another host is aborted and
    fails the test, and so does an uncaught JavaScript error on the page.
    """
    server = urlsplit(live_server.url)
    outside: list[str] = []
    page_errors: list[str] = []

    context = chromium_browser.new_context(base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    note_outside_requests(context, server.netloc, outside)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    # A Content-Security-Policy refusal means the page relies on something inline or foreign.
    page.on(
        "console",
        lambda message: page_errors.append(message.text) if "Content Security Policy" in message.text else None,
    )
    try:
        yield page
    finally:
        context.close()
    if outside:
        pytest.fail("Trang tải tài nguyên bên ngoài / the page requested other hosts: " + ", ".join(outside))
    if page_errors:
        pytest.fail("Lỗi JavaScript trên trang / uncaught JavaScript errors: " + " | ".join(page_errors))
