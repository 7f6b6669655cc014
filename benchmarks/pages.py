"""What a person waits for at national scale (issue 13): the pages and the endpoint that judge a programme or list
its units, each fetched through the production server (gunicorn, ``ansinh.settings_production``, PostgreSQL, see
``rush.serve``) against ``GET /api/v1/health`` on the same server in the same run.

The pages are read by a leader who follows the whole programme (a reader of the country and every unit under it,
a role without a second factor), signed in through the sign-in page like a person; the evaluation endpoint
answers a published programme to anyone. Each path is fetched ``repeats`` times on one kept-alive connection,
after one warm-up fetch; the median, the slowest and the size of the answer are kept.

Import after ``django.setup()``: the module reads the models."""

import http.client
import os
import re
import statistics
import time
from contextlib import suppress
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from ansinh.accounts.models import Membership, Role
from ansinh.programs.models import Program

HEALTH_PATH = "/api/v1/health"
LOGIN_PATH = "/accounts/login/"
READER = "bench-lanh-dao"
READER_PASSWORD = "doc-so-lieu-toan-quoc-2026"  # noqa: S105 — a throw-away account of the benchmark database


@dataclass(frozen=True)
class Timing:
    path: str
    status: int
    median: float
    slowest: float
    size: int


def prepare_reader(program: Program) -> None:
    """A leader who reads the whole programme: the reader role at its unit, with every unit under it."""
    user, _ = get_user_model().objects.update_or_create(
        username=READER, defaults={"password": make_password(READER_PASSWORD), "is_active": True}
    )
    Membership.objects.get_or_create(
        user=user, unit=program.owner_unit, role=Role.VIEWER, defaults={"includes_subunits": True}
    )


class _Client:
    """One kept-alive connection with the cookies the server set."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host = parts.netloc
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.last_location: str | None = None

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        self.last_location = response.headers.get("Location")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, payload

    def sign_in(self) -> None:
        status, page = self.request("GET", LOGIN_PATH)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or found is None:
            raise RuntimeError(f"trang đăng nhập không trả lời đúng (mã {status})")
        form = urlencode(
            {"csrfmiddlewaretoken": found.group(1).decode(), "username": READER, "password": READER_PASSWORD}
        )
        status, _ = self.request("POST", LOGIN_PATH, form)
        if status != 302:
            raise RuntimeError(f"không đăng nhập được người đọc của bộ đo (mã {status})")


def worker_peak_mib() -> float | None:
    """The largest peak resident memory (VmHWM) of the gunicorn processes this process started, in MiB; None
    where /proc cannot tell (not Linux)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    parents: dict[int, int] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            with suppress(OSError, ValueError, IndexError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
    mine = {os.getpid()}
    grew = True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in mine} - mine
        grew = bool(found)
        mine |= found
    peaks = []
    for pid in mine - {os.getpid()}:
        with suppress(OSError):
            if b"gunicorn" not in (proc / str(pid) / "cmdline").read_bytes():
                continue
            for line in (proc / str(pid) / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=None)


def time_paths(base_url: str, paths: list[str], *, repeats: int) -> tuple[Timing, list[Timing]]:
    """The health probe's timing, then each path's, signed in as the benchmark's reader."""
    client = _Client(base_url)
    client.sign_in()

    def timed(path: str) -> Timing:
        client.request("GET", path)  # warm-up: the first request of a worker loads its code
        seconds, status, size = [], 0, 0
        for _ in range(repeats):
            started = time.perf_counter()
            status, payload = client.request("GET", path)
            seconds.append(time.perf_counter() - started)
            size = len(payload)
        return Timing(path, status, statistics.median(seconds), max(seconds), size)

    health = timed(HEALTH_PATH)
    return health, [timed(path) for path in paths]


def start_export(base_url: str, start_path: str, *, repeats: int) -> tuple[Timing, Timing, Timing, int]:
    """A period's workbook that goes to the background, as a person gets it: the start page (a GET builds
    nothing), the POST of its form that queues the job, and the job's page it leads to; each timed (the POST
    once). Returns the three timings and the id of the queued job."""
    client = _Client(base_url)
    client.sign_in()

    def timed(path: str) -> tuple[Timing, bytes]:
        client.request("GET", path)
        seconds, status, payload = [], 0, b""
        for _ in range(repeats):
            started = time.perf_counter()
            status, payload = client.request("GET", path)
            seconds.append(time.perf_counter() - started)
        return Timing(path, status, statistics.median(seconds), max(seconds), len(payload)), payload

    start, page = timed(start_path)
    form = re.search(rb'<form method="post" action="([^"]+)">(.*?)</form>', page, re.S)
    if start.status != 200 or form is None:
        raise RuntimeError(f"trang bắt đầu xuất {start_path} không có nút tạo lượt xuất (mã {start.status})")
    action = form.group(1).decode()
    fields = {
        name.decode(): value.decode()
        for name, value in re.findall(rb'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2))
    }
    started = time.perf_counter()
    status, _ = client.request("POST", action, urlencode(fields))
    queued = Timing(action, status, time.perf_counter() - started, time.perf_counter() - started, 0)
    location = client.last_location
    found = re.search(r"/viec-xuat/(\d+)/", location or "")
    if status != 302 or found is None:
        raise RuntimeError(f"tạo lượt xuất không chuyển tới trang lượt xuất (mã {status}, {location})")
    job_page, _ = timed(found.group(0))
    return start, queued, job_page, int(found.group(1))
