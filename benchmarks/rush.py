"""Deadline rush (issue 6): every unit of a period sends its report at once, through the API of a real
production server (gunicorn, ``ansinh.settings_production``, PostgreSQL) on 127.0.0.1.

``prepare_rush`` opens the period and gives every expected unit a reporter, a write token and the JSON of its
values; ``serve`` starts the server; ``run_rush`` first measures the server's smallest endpoint (the baseline),
then has ``clients`` concurrent clients each take the next unit, PUT its values and submit it; ``verify`` reads
the database afterwards. Speeds are printed (``RushResult.lines``), never asserted.

Import after ``django.setup()``: the module reads the models."""

import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from decimal import Decimal
from ipaddress import ip_address
from itertools import batched
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.audit.services import record
from ansinh.core.numbers import format_number, parse_number
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import DataValue, Report, ReportingPeriod
from ansinh.reporting.selectors import SENT_STATUSES, expected_reports
from ansinh.reporting.services.periods import open_period
from ansinh.rules.periods import PeriodKey

ROOT = Path(__file__).resolve().parent.parent
HEALTH_PATH = "/api/v1/health"

# The server for this 2-core machine: three sync workers (one request each at a time; threads=1), each keeping
# its database connection. Measured with 500 reports of 50 values, 100 clients, three interleaved rounds
# (reports/s, median; per-report p95 − p50): sync ×3 34,0 (+0,2 s), sync ×5 32,8 (+0,2 s), gthread 2×4 32,7
# (+0,8 to +2,2 s), gthread 4×2 33,4 (+0,8 to +2,3 s), gthread 2×2 30,8 (+1,9 s). Throughput is the same within
# the noise: the two cores are spent by the workers and PostgreSQL together, and more threads only contend for
# the GIL. Sync workers serve the clients in the order they came, so the slowest report waits little longer
# than the median; gthread's tail is several times wider. Without persistent connections (CONN_MAX_AGE 0) sync
# ×3 fell to 24,6 reports/s. Sync workers must sit behind a buffering proxy in production (a slow client holds
# a worker), which the production settings already assume (TLS ends at the proxy).
SERVER_WORKERS = 3
SERVER_THREADS = 1

# How many of the first failures keep their response, for the message.
KEPT_FAILURES = 5

# One unit's cells as ``cells_for`` gives them: indicator code, disaggregation, and the value, numerator and
# denominator as a person types them (Vietnamese format, "" for none); optionally a sixth text, the cell's note.
# The checks run on every submission: a figure they find unusual (an outlier among the unit's siblings, a jump
# of more than half from the previous period) is refused (422) unless its cell carries a note, as a person
# would explain it. Random figures need notes.
CellText = tuple[str, str, str, str, str] | tuple[str, str, str, str, str, str]


# -- The server ------------------------------------------------------------------------------------------


def _tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@contextmanager
def serve(database_url: str, *, workers: int, threads: int, static_root: Path | None = None) -> Iterator[str]:
    """Run gunicorn with the production settings on 127.0.0.1 and a free port; yield its base URL.

    The hashed static files are collected first (``ANSINH_STATIC_ROOT``): without their manifest every page
    that names a static file, error pages included, would answer 500. They go to ``static_root`` when given, once
    for every server of a benchmark run (collecting compresses 29 MB, a few seconds of CPU each time), else to
    the server's own temporary folder. Plain HTTP
    (``ANSINH_SSL_REDIRECT=0``): nothing terminates TLS on loopback. The server and its workers are stopped
    on exit; if it does not start, or dies, its log is in the exception."""
    with tempfile.TemporaryDirectory(prefix="ansinh-rush-") as folder:
        log = Path(folder) / "gunicorn.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ansinh.settings_production",
            "ANSINH_SECRET_KEY": secrets.token_urlsafe(64),
            "ANSINH_ALLOWED_HOSTS": "127.0.0.1",
            "ANSINH_SSL_REDIRECT": "0",
            "ANSINH_STATIC_ROOT": str(static_root or Path(folder) / "static"),
            # Each thread keeps its database connection, as a production set-up would: opening one per
            # request costs PostgreSQL a process start.
            "ANSINH_DB_CONN_MAX_AGE": "60",
            "DATABASE_URL": database_url,
        }
        if static_root is None or not (static_root / "staticfiles.json").exists():
            collected = subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if collected.returncode != 0:
                raise RuntimeError(f"collectstatic thất bại / failed:\n{collected.stdout}{collected.stderr}")
        # The socket is bound here and handed over, so no other process can take the port in between.
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        with log.open("w") as output:
            server = subprocess.Popen(  # noqa: S603 — our own interpreter and gunicorn
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "ansinh.wsgi",
                    f"--bind=fd://{listener.fileno()}",
                    f"--workers={workers}",
                    f"--threads={threads}",
                    f"--worker-class={'gthread' if threads > 1 else 'sync'}",
                    "--keep-alive=5",
                    "--timeout=120",
                    "--graceful-timeout=10",
                    "--no-control-socket",
                    "--log-level=warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),),
                start_new_session=True,
            )
        listener.close()
        try:
            _wait_until_up(server, port, log)
            yield f"http://127.0.0.1:{port}"
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn đã dừng giữa chừng (mã {server.returncode}):\n{_tail(log)}")
        finally:
            _stop(server)


def _wait_until_up(server: subprocess.Popen, port: int, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn không khởi động được (mã {server.returncode}):\n{_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                probe.sendall(
                    f"GET {HEALTH_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
                )
                if probe.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    _stop(server)
    raise RuntimeError(f"gunicorn không trả lời sau {seconds:.0f} giây:\n{_tail(log)}")


def _stop(server: subprocess.Popen) -> None:
    """TERM lets the workers finish what they hold; whatever is left of the server's own process group after
    that is killed, so no worker outlives the benchmark."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            server.wait(timeout=30)
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


# -- Preparing the units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentCell:
    """One figure as sent. When the numerator and denominator are sent, they decide the value (the server
    computes it), so they are what is checked."""

    indicator: str
    disaggregation: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str = ""

    @classmethod
    def read(cls, cell: CellText) -> "SentCell":
        code, cut, value, numerator, denominator, *note = cell

        def number(text: str, *, allow_percent: bool = True) -> Decimal | None:
            return parse_number(text, allow_percent=allow_percent) if text.strip() else None

        return cls(
            code,
            cut,
            number(value),
            number(numerator, allow_percent=False),
            number(denominator, allow_percent=False),
            note[0] if note else "",
        )

    def as_json(self) -> dict:
        """The API takes JSON numbers; a float's repr reads back as the same decimal on the server."""
        item: dict = {"indicator": self.indicator}
        if self.disaggregation:
            item["disaggregation"] = self.disaggregation
        for name in ("value", "numerator", "denominator"):
            number = getattr(self, name)
            if number is not None:
                item[name] = float(number)
        if self.note:
            item["note"] = self.note
        return item

    def matches(self, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None) -> bool:
        if self.numerator is not None:
            return (numerator, denominator) == (self.numerator, self.denominator)
        return value == self.value


@dataclass(frozen=True)
class RushUnit:
    unit_code: str
    report_id: int
    token: str
    body: bytes  # the JSON of PUT /api/v1/reports/{report_id}/values
    cells: tuple[SentCell, ...]


def _reporters(period: ReportingPeriod, units: list[OrgUnit]) -> dict[int, Any]:
    """One reporter per unit, made in two inserts (people and memberships); reused when prepared again."""
    people = get_user_model()
    prefix = f"cao-diem-{period.pk}-"
    existing = {user.get_username(): user for user in people.objects.filter(username__startswith=prefix)}
    missing = [
        people(username=f"{prefix}{unit.code}", password=make_password(None))
        for unit in units
        if f"{prefix}{unit.code}" not in existing
    ]
    for user in people.objects.bulk_create(missing):
        existing[user.get_username()] = user
    reporters = {unit.pk: existing[f"{prefix}{unit.code}"] for unit in units}
    Membership.objects.bulk_create(
        [Membership(user=reporters[unit.pk], unit=unit, role=Role.REPORTER) for unit in units],
        ignore_conflicts=True,
    )
    if missing:
        record(
            actor=None,
            action="benchmark.reporters",
            obj=period,
            summary=f"Thử tải kỳ {period}: tạo {len(missing)} cán bộ nhập số liệu (không có mật khẩu)",
            after={"reporters": len(missing), "prefix": prefix},
        )
    return reporters


def prepare_rush(
    program: Program,
    key: PeriodKey,
    *,
    cells_for: Callable[[OrgUnit, tuple[Indicator, ...]], Iterable[CellText]],
    limit: int | None = None,
) -> list[RushUnit]:
    """Open the period (every expected report is created) and, for each expected unit (the first ``limit``),
    a reporter with a write token valid one day and the body of its values PUT, from ``cells_for(unit,
    indicators)``. People and memberships are inserted in bulk (no service makes people; one audit record
    says how many were made); tokens go through ``create_token``, each with its audit record."""
    period = open_period(program, key)
    expected = expected_reports(period)[:limit]
    reports = {report.unit_id: report for report in Report.objects.filter(period=period)}
    units = []
    with transaction.atomic():
        reporters = _reporters(period, [item.unit for item in expected])
        for item in expected:
            report = reports[item.unit.pk]
            _, token = create_token(reporters[item.unit.pk], name=f"Thử tải kỳ {period}", can_write=True, days_valid=1)
            cells = tuple(SentCell.read(cell) for cell in cells_for(item.unit, item.indicators))
            body = {"version": report.version, "values": [cell.as_json() for cell in cells]}
            units.append(
                RushUnit(item.unit.code, report.pk, token, json.dumps(body, separators=(",", ":")).encode(), cells)
            )
    return units


# -- The client --------------------------------------------------------------------------------------------


class _Stale(Exception):
    """The server closed a kept-alive connection before answering: the request was not read, send it again."""


class _Connection:
    """One HTTP/1.1 connection kept alive between requests, reopened when the server closes it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.reopened = 0

    async def request(self, method: str, path: str, *, token: str = "", body: bytes = b"") -> tuple[int, bytes]:
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        if body:
            head.append("Content-Type: application/json")
        if token:
            head.append(f"Authorization: Bearer {token}")
        message = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        for _ in range(2):
            kept = self.writer is not None
            if not kept:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                return await self._exchange(message)
            except _Stale:
                await self.close()
                if not kept:
                    raise ConnectionError("máy chủ đóng kết nối mới mà không trả lời") from None
                self.reopened += 1
            except BaseException:
                await self.close()
                raise
        raise ConnectionError("máy chủ đóng kết nối hai lần liền")

    async def _exchange(self, message: bytes) -> tuple[int, bytes]:
        assert self.reader is not None and self.writer is not None
        try:
            self.writer.write(message)
            await self.writer.drain()
        except (BrokenPipeError, ConnectionResetError) as error:
            raise _Stale from error
        try:
            status_line = await self.reader.readline()
        except ConnectionResetError as error:
            raise _Stale from error
        if not status_line:
            raise _Stale
        version, status, *_ = status_line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            payload = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            payload = await self._chunks()
        else:
            payload = await self.reader.read()
            headers["connection"] = "close"
        if version != "HTTP/1.1" or headers.get("connection", "").lower() == "close":
            await self.close()
        return int(status), payload

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        while (await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(parts)

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            with suppress(OSError):
                await writer.wait_closed()


# -- Measuring -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Latencies:
    """Seconds."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, seconds: list[float]) -> "Latencies":
        ordered = sorted(seconds)
        if not ordered:
            return cls(0, 0.0, 0.0, 0.0, 0.0)
        if len(ordered) == 1:
            only = ordered[0]
            return cls(1, only, only, only, only)
        cuts = statistics.quantiles(ordered, n=100, method="inclusive")
        return cls(len(ordered), cuts[49], cuts[94], cuts[98], ordered[-1])

    def text(self) -> str:
        return ", ".join(
            f"{name} {format_number(getattr(self, name) * 1000, 1)} ms" for name in ("p50", "p95", "p99", "max")
        )


@dataclass
class _Tally:
    """What the clients of one phase saw."""

    seconds: float = 0.0
    refused: int = 0  # answered, not 2xx
    broken: int = 0  # no answer: connection error or time-out
    failures: list[str] = field(default_factory=list)

    def failed(self, what: str) -> None:
        if len(self.failures) < KEPT_FAILURES:
            self.failures.append(what)


@dataclass(frozen=True)
class VerifyResult:
    reports: int
    submitted: int
    values: int  # sent
    found: int  # stored and equal to what was sent
    missing: int
    different: int
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.submitted == self.reports and self.found == self.values


@dataclass
class RushResult:
    clients: int
    baseline_seconds: float
    baseline: Latencies
    put: Latencies
    submit: Latencies
    report: Latencies  # PUT and submit of one report, for the reports that went through
    units: int
    not_started: int  # left when the time limit was reached
    reports_sent: int
    values_sent: int
    seconds: float
    non_2xx: int
    connection_errors: int
    reconnections: int
    failures: list[str]
    verification: VerifyResult | None = None

    @property
    def errors(self) -> int:
        return self.non_2xx + self.connection_errors + self.not_started

    @property
    def reports_per_second(self) -> float:
        return self.reports_sent / self.seconds if self.seconds else 0.0

    @property
    def values_per_second(self) -> float:
        return self.values_sent / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.verification is not None and self.verification.ok

    def lines(self) -> list[str]:
        baseline_rate = self.baseline.count / self.baseline_seconds if self.baseline_seconds else 0.0
        lines = [
            f"Cao điểm hạn nộp: {format_number(self.units)} đơn vị gửi báo cáo cùng lúc, "
            f"{format_number(self.clients)} máy khách đồng thời",
            f"  Mốc so sánh GET {HEALTH_PATH}: {format_number(self.baseline.count)} yêu cầu, "
            f"{format_number(baseline_rate, 1)} yêu cầu/giây; {self.baseline.text()}",
            f"  Ghi số liệu (PUT): {format_number(self.put.count)} yêu cầu; {self.put.text()}",
            f"  Gửi báo cáo (POST submit): {format_number(self.submit.count)} yêu cầu; {self.submit.text()}",
            f"  Mỗi báo cáo (ghi + gửi): {self.report.text()}",
            f"  Thông lượng: {format_number(self.reports_sent)} báo cáo, {format_number(self.values_sent)} số liệu "
            f"trong {format_number(self.seconds, 1)} giây — {format_number(self.reports_per_second, 1)} báo cáo/giây, "
            f"{format_number(self.values_per_second, 0)} số liệu/giây",
            f"  Lỗi: {format_number(self.non_2xx)} phản hồi không thành công (không phải 2xx), "
            f"{format_number(self.connection_errors)} lỗi kết nối, "
            f"{format_number(self.not_started)} đơn vị chưa kịp gửi khi hết giờ; "
            f"{format_number(self.reconnections)} lần mở lại kết nối máy chủ đã đóng",
        ]
        lines += [f"    {failure}" for failure in self.failures]
        check = self.verification
        if check is None:
            lines.append("  Kiểm tra cơ sở dữ liệu: chưa chạy")
        else:
            lines.append(
                f"  Kiểm tra cơ sở dữ liệu: {format_number(check.submitted)}/{format_number(check.reports)} báo cáo "
                f"đã gửi; {format_number(check.found)}/{format_number(check.values)} số liệu có trong cơ sở dữ liệu "
                f"đúng như đã gửi (thiếu {format_number(check.missing)}, sai {format_number(check.different)})"
            )
            lines += [f"    {problem}" for problem in check.problems]
        lines.append(f"  Kết quả: {'đạt' if self.ok else 'KHÔNG ĐẠT'}")
        return lines


def _loopback(base_url: str) -> tuple[str, int]:
    """The load goes to this machine only."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    try:
        loopback = ip_address(host).is_loopback
    except ValueError:  # a name: it could resolve anywhere
        loopback = False
    if parts.scheme != "http" or parts.port is None or not loopback:
        raise ValueError(f"Chỉ thử tải máy chủ trên 127.0.0.1 (http://127.0.0.1:CỔNG), không phải {base_url}.")
    return host, parts.port


def _readable(payload: bytes) -> str:
    """The start of an answer, with the Vietnamese of a JSON error as letters rather than escapes."""
    try:
        text = json.dumps(json.loads(payload), ensure_ascii=False)
    except ValueError:
        text = payload.decode(errors="replace")
    return text[:300]


async def _timed(
    connection: _Connection, tally: _Tally, timeout: float, method: str, path: str, **options
) -> tuple[float, bool]:
    """(seconds, answered with 2xx); a failure is counted and, among the first, kept."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            status, payload = await connection.request(method, path, **options)
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
        await connection.close()
        tally.broken += 1
        tally.failed(f"{method} {path}: {type(error).__name__} {error}".strip())
        return time.perf_counter() - started, False
    elapsed = time.perf_counter() - started
    if not 200 <= status < 300:
        tally.refused += 1
        tally.failed(f"{method} {path} → {status}: {_readable(payload)}")
        return elapsed, False
    return elapsed, True


async def _phase(
    host: str, port: int, clients: int, jobs: list, work: Callable[..., Awaitable[None]], deadline: float
) -> tuple[_Tally, int]:
    """Run ``work(connection, job)`` over the jobs with ``clients`` concurrent connections, each taking the
    next job when done, none started after ``deadline`` (monotonic). Returns the tally and reopened count."""
    tally = _Tally()
    queue = iter(jobs)
    connections = [_Connection(host, port) for _ in range(clients)]

    async def client(connection: _Connection) -> None:
        for job in queue:
            if time.monotonic() > deadline:
                return
            await work(connection, job, tally)

    started = time.perf_counter()
    await asyncio.gather(*(client(connection) for connection in connections))
    tally.seconds = time.perf_counter() - started
    for connection in connections:
        await connection.close()
    return tally, sum(connection.reopened for connection in connections)


async def _rush(
    host: str,
    port: int,
    units: list[RushUnit],
    clients: int,
    baseline_requests: int,
    time_limit: float,
    timeout: float,
) -> RushResult:
    deadline = time.monotonic() + time_limit
    baseline: list[float] = []

    async def probe(connection: _Connection, _job: int, tally: _Tally) -> None:
        elapsed, ok = await _timed(connection, tally, timeout, "GET", HEALTH_PATH)
        if ok:
            baseline.append(elapsed)

    async def warm(connection: _Connection, _job: int, tally: _Tally) -> None:
        await _timed(connection, tally, timeout, "GET", HEALTH_PATH)

    # One request per client first, not counted in the latencies: a worker's first requests build its URL
    # resolver and open its database connection, which is not what the endpoint costs.
    warming, _ = await _phase(host, port, clients, list(range(clients)), warm, deadline)
    before, reopened_before = await _phase(host, port, clients, list(range(baseline_requests)), probe, deadline)
    puts: list[float] = []
    submits: list[float] = []
    whole: list[float] = []
    sent: list[RushUnit] = []
    started: list[RushUnit] = []

    async def send(connection: _Connection, unit: RushUnit, tally: _Tally) -> None:
        started.append(unit)
        values_path = f"/api/v1/reports/{unit.report_id}/values"
        put, ok = await _timed(connection, tally, timeout, "PUT", values_path, token=unit.token, body=unit.body)
        if not ok:
            return
        puts.append(put)
        submit, ok = await _timed(
            connection, tally, timeout, "POST", f"/api/v1/reports/{unit.report_id}/submit", token=unit.token
        )
        if ok:
            submits.append(submit)
            whole.append(put + submit)
            sent.append(unit)

    rush, reopened = await _phase(host, port, clients, units, send, deadline)
    return RushResult(
        clients=clients,
        baseline_seconds=before.seconds,
        baseline=Latencies.of(baseline),
        put=Latencies.of(puts),
        submit=Latencies.of(submits),
        report=Latencies.of(whole),
        units=len(units),
        not_started=len(units) - len(started),
        reports_sent=len(sent),
        values_sent=sum(len(unit.cells) for unit in sent),
        seconds=rush.seconds,
        non_2xx=warming.refused + before.refused + rush.refused,
        connection_errors=warming.broken + before.broken + rush.broken,
        reconnections=reopened_before + reopened,
        failures=(warming.failures + before.failures + rush.failures)[:KEPT_FAILURES],
    )


def run_rush(
    base_url: str,
    units: list[RushUnit],
    *,
    clients: int = 100,
    baseline_requests: int = 2000,
    time_limit: float = 1800,
    request_timeout: float = 120,
) -> RushResult:
    """The baseline (``baseline_requests`` GETs of the health probe), then the rush: each client takes the
    next unit, PUTs its values and submits it. Only loopback addresses are accepted; no request starts after
    ``time_limit`` seconds and none waits more than ``request_timeout``: units left are counted as not sent."""
    host, port = _loopback(base_url)
    # In a thread of its own: the caller's thread may already run an event loop (Playwright's, in the tests).
    with ThreadPoolExecutor(max_workers=1) as runner:
        rush = _rush(host, port, units, clients, baseline_requests, time_limit, request_timeout)
        return runner.submit(asyncio.run, rush).result()


# -- Afterwards ------------------------------------------------------------------------------------------------


def verify(units: list[RushUnit]) -> VerifyResult:
    """Read the database: every report sent, every figure stored as it was sent (compared as decimals)."""
    problems: list[str] = []
    statuses: dict[int, str] = {}
    stored: dict[tuple[int, str, str], tuple[Decimal | None, Decimal | None, Decimal | None]] = {}
    for chunk in batched([unit.report_id for unit in units], 500, strict=False):
        statuses.update(Report.objects.filter(pk__in=chunk).values_list("pk", "status"))
        rows = DataValue.objects.filter(report__in=chunk).values_list(
            "report_id", "indicator__code", "disaggregation", "value", "numerator", "denominator"
        )
        stored.update(
            {
                (report, code, cut): (value, numerator, denominator)
                for report, code, cut, value, numerator, denominator in rows
            }
        )
    submitted = found = missing = different = 0
    for unit in units:
        if statuses.get(unit.report_id) in SENT_STATUSES:
            submitted += 1
        elif len(problems) < KEPT_FAILURES:
            problems.append(f"{unit.unit_code}: báo cáo ở trạng thái “{statuses.get(unit.report_id)}”")
        for cell in unit.cells:
            parts = stored.get((unit.report_id, cell.indicator, cell.disaggregation))
            if parts is None:
                missing += 1
            elif cell.matches(*parts):
                found += 1
                continue
            else:
                different += 1
            if len(problems) < KEPT_FAILURES:
                problems.append(f"{unit.unit_code} chỉ tiêu {cell.indicator}: đã gửi {cell}, đang lưu {parts}")
    return VerifyResult(
        reports=len(units),
        submitted=submitted,
        values=sum(len(unit.cells) for unit in units),
        found=found,
        missing=missing,
        different=different,
        problems=tuple(problems),
    )
