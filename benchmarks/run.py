"""The national-scale benchmarks (``make bench``): every figure measured against a baseline in the same run.

    python -m benchmarks.run [--size national|smoke] [--database NAME] [--output docs/benchmarks.md]
                             [--reuse] [--only 7,8,9]

``--reuse`` keeps a copy of the database as steps 1–2 left it (NAME_sinh_san, with the lines describing the
data set in its comment) and, when that copy exists, copies it back instead of generating the data set again
(about a minute instead of twenty), so every later step starts from the same state. ``--only`` runs only the
given steps of 3–9 (6 needs 5: it approves the reports the rush sent).

Steps, each printed as it runs:

1. a fresh PostgreSQL database, migrated, with the country's units loaded;
2. the national data set (``benchmarks/national.py``) through the bulk import, as approved history;
3. bulk import of the next six months (≈1 million values, checks included, as drafts) against
   PostgreSQL ``COPY`` of the same file into a plain table; peak memory of the import at a tenth of the
   file and at the whole file (streaming: it must not grow with the file);
4. roll-up: national and per-province totals of every indicator for a year from the maintained
   totals, against DuckDB over a Parquet copy of every value and against PostgreSQL scanning the values;
5. the deadline rush: every unit sends its report through the API of gunicorn at once;
6. freshness: approving one commune's report until its figures are in the national total, against
   recomputing that period's totals the batch way;
7. verdicts of every indicator for a year, against reading the figures they judge;
8. the pages a person waits for, through gunicorn;
9. the standing agency's workbook of a monthly period (every unit, its assigned indicators, the totals), in a
   process of its own: time and peak memory against one SQL query reading the same figures.

The smoke size (two provinces, three months, a dozen rush units) runs in the test suite; it prints the
same lines and asserts nothing about speed.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Size:
    name: str
    provinces: tuple[str, ...] | None  # None: the whole country
    months: int
    years: int
    import_months: int
    rush_units: int | None
    rush_clients: int
    repeats: int
    # GETs of the health probe measured before the rush, its baseline.
    baseline_requests: int


SIZES = {
    "national": Size(
        "national",
        None,
        months=60,
        years=5,
        import_months=6,
        rush_units=None,
        rush_clients=100,
        repeats=20,
        baseline_requests=2000,
    ),
    # Four of the largest provinces (about a sixth of the country's communes): the import's ratios at a size
    # where fixed costs no longer dominate, in minutes rather than the national run's hour.
    "region": Size(
        "region",
        ("Hà Nội", "Hồ Chí Minh", "Thanh Hóa", "Nghệ An"),
        months=3,
        years=1,
        import_months=6,
        rush_units=40,
        rush_clients=10,
        repeats=5,
        baseline_requests=2000,
    ),
    "smoke": Size(
        "smoke",
        ("Lai Châu", "Cao Bằng"),
        months=3,
        years=1,
        import_months=1,
        rush_units=12,
        rush_clients=4,
        repeats=3,
        # Enough for the baseline's lines to be printed and checked; its figure is read at the national size.
        baseline_requests=200,
    ),
}


@dataclass
class Figure:
    """One measured figure beside its baseline: ``ratio`` is measured / baseline."""

    name: str
    measured: str
    baseline_name: str
    baseline: str
    ratio: float | None
    goal: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)


def _say(message: str) -> None:
    print(message, flush=True)


def _median_seconds(action: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """(median, 95th percentile, last result) of ``repeats`` timed calls."""
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return statistics.median(timings), timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))], result


def _fresh_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER_URL}/{name}"


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()


def _machine() -> list[str]:
    from django.db import connection

    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        memory_kib = int(meminfo.readline().split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    import django
    import duckdb

    return [
        f"CPU: {model}, {os.cpu_count()} nhân (lõi logic)",
        f"Bộ nhớ: {memory_kib / 1024 / 1024:.1f} GiB".replace(".", ","),
        f"Hệ điều hành: {platform.platform()}",
        f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {postgres} "
        f"(shared_buffers {shared_buffers}, cấu hình mặc định của Debian), DuckDB {duckdb.__version__}",
    ]


# -- 1. Units and data set ----------------------------------------------------------------------------


def load_units(size: Size) -> None:
    from ansinh.org.services import load_admin_units

    for province in size.provinces or (None,):
        summary = load_admin_units(province)
        _say(f"  Nạp đơn vị: {summary.scope}")


def verdict_year(size: Size) -> int:
    """The year the verdicts judge: the second of the data set (its first full calendar year of months)."""
    from benchmarks import national

    return national.YEARS[min(size.years, 2) - 1].year


def generate(size: Size) -> tuple[Any, float, int]:
    from ansinh.core.numbers import format_number
    from ansinh.exchange.services.bulk import import_values
    from benchmarks import national

    program = national.create_program(target_year=verdict_year(size))
    keys = [*national.MONTHS[: size.months], *national.YEARS[: size.years]]
    started = time.perf_counter()
    values = 0
    for number, key in enumerate(keys, start=1):
        communes, provinces = national.reporting_units(program, national.period_end(key))
        summary = import_values(
            program,
            national.period_lines(national.SEED, key, communes, provinces),
            filename=f"quoc-gia-{key.year}-{key.kind}-{key.number}.csv",
            approve=True,
        )
        values += summary.imported
        elapsed = time.perf_counter() - started
        _say(
            f"  [{number}/{len(keys)}] {summary.periods[0]}: {format_number(summary.imported)} số liệu, "
            f"{format_number(summary.reports)} báo cáo — cộng dồn {format_number(values)} số liệu, "
            f"{format_number(values / elapsed, 0)} số liệu/giây"
        )
    targets = national.add_count_targets(program, year=verdict_year(size))
    _say(f"  Đặt {targets} mục tiêu số đếm năm {verdict_year(size)} theo tổng toàn quốc vừa nạp")
    return program, time.perf_counter() - started, values


# -- 2. Bulk import against COPY -----------------------------------------------------------------------


def _write_import_file(program, size: Size, path: Path) -> int:
    from benchmarks import national

    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        for index, key in enumerate(national.IMPORT_MONTHS[: size.import_months]):
            communes, provinces = national.reporting_units(program, national.period_end(key))
            for number, line in enumerate(national.period_lines(national.SEED, key, communes, provinces)):
                if number == 0 and index > 0:
                    continue  # one header for the whole file
                out.write(line)
                rows += number > 0
    return rows


def _child_import(database_url: str, slug: str, path: Path, *, dry_run: bool, limit: int | None = None) -> dict:
    command = [sys.executable, "-m", "benchmarks.import_file", "--slug", slug, "--file", str(path)]
    if dry_run:
        command.append("--dry-run")
    if limit is not None:
        command += ["--limit", str(limit)]
    environment = os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "ansinh.settings"}
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"Nhập tệp thất bại:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _copy_baseline(path: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_plain")
        cursor.execute(
            "CREATE TABLE bench_copy_plain (ky text, don_vi text, chi_tieu text, phan_to text, gia_tri numeric, "
            "tu_so numeric, mau_so numeric)"
        )
        started = time.perf_counter()
        plain_copy = "COPY bench_copy_plain FROM STDIN WITH (FORMAT csv, HEADER true)"
        with open(path, "rb") as source, cursor.cursor.copy(plain_copy) as copy:
            while block := source.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy_plain")
    return seconds


def _copy_indexed_baseline(source: str, workdir: Path) -> tuple[float, int]:
    """COPY the figures the import wrote into a table with the same columns, indexes, unique constraint and
    foreign keys as the values table: the honest physical limit of writing them (issue 13). The figures are
    first copied out to a file with their ids resolved, so only the COPY in is timed."""
    from django.db import connection

    from ansinh.reporting.models import DataValue

    table = DataValue._meta.db_table
    columns = ", ".join(f.column for f in DataValue._meta.concrete_fields if not f.primary_key)
    path = workdir / "gia-tri-da-giai-ma.copy"
    with connection.cursor() as cursor:
        with (
            open(path, "wb") as out,
            cursor.cursor.copy(f"COPY (SELECT {columns} FROM {table} WHERE source = %s) TO STDOUT", [source]) as copy,
        ):
            for block in copy:
                out.write(block)
        cursor.execute("DROP TABLE IF EXISTS bench_copy_indexed")
        cursor.execute(f"CREATE TABLE bench_copy_indexed (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            """SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
               WHERE c.conrelid = %s::regclass AND c.contype = 'f'""",
            [table],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE bench_copy_indexed ADD {definition}")
        started = time.perf_counter()
        with open(path, "rb") as data, cursor.cursor.copy(f"COPY bench_copy_indexed ({columns}) FROM STDIN") as copy:
            while block := data.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT COUNT(*) FROM bench_copy_indexed")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_copy_indexed")
    path.unlink()
    return seconds, rows


def bench_import(database_url: str, program, size: Size, workdir: Path) -> list[Figure]:
    from ansinh.core.numbers import format_number

    path = workdir / "nhap-hang-loat.csv"
    rows = _write_import_file(program, size, path)
    megabytes = path.stat().st_size / 1024 / 1024
    _say(f"  Tệp {path.name}: {format_number(rows)} dòng, {format_number(megabytes, 1)} MB")
    tenth = _child_import(database_url, program.slug, path, dry_run=True, limit=max(1, rows // 10))
    _say(f"  Thử nhập 1/10 tệp: đỉnh bộ nhớ {format_number(tenth['peak_mib'], 0)} MiB")
    whole_dry = _child_import(database_url, program.slug, path, dry_run=True)
    _say(f"  Thử nhập cả tệp: đỉnh bộ nhớ {format_number(whole_dry['peak_mib'], 0)} MiB")
    copy_seconds = _copy_baseline(path)
    _say(f"  COPY vào bảng trơn: {format_number(copy_seconds, 2)} giây")
    real = _child_import(database_url, program.slug, path, dry_run=False)
    rate = real["imported"] / real["seconds"]
    _say(f"  Nhập thật: {format_number(real['seconds'], 2)} giây, {format_number(rate, 0)} số liệu/giây")
    ratio = real["seconds"] / copy_seconds
    indexed_seconds, indexed_rows = _copy_indexed_baseline(f"Nhập hàng loạt từ tệp {path.name}", workdir)
    _say(
        f"  COPY {format_number(indexed_rows)} số liệu vào bảng có cùng cột, chỉ mục và khoá ngoại như bảng số liệu: "
        f"{format_number(indexed_seconds, 2)} giây"
    )
    indexed_ratio = real["seconds"] / indexed_seconds
    memory_ratio = whole_dry["peak_mib"] / tenth["peak_mib"]
    return [
        Figure(
            f"Nhập hàng loạt {format_number(real['imported'])} số liệu, so với giới hạn vật lý",
            f"{format_number(real['seconds'], 2)} giây",
            "PostgreSQL COPY cùng số liệu vào bảng có cùng cột, chỉ mục, ràng buộc duy nhất và khoá ngoại",
            f"{format_number(indexed_seconds, 2)} giây = {format_number(indexed_rows / indexed_seconds, 0)} số liệu/giây",
            indexed_ratio,
            "≤ 3× COPY vào bảng có chỉ mục",
            indexed_ratio <= 3,
        ),
        Figure(
            f"Nhập hàng loạt {format_number(real['imported'])} số liệu (kiểm tra đầy đủ, một giao dịch)",
            f"{format_number(real['seconds'], 2)} giây = {format_number(rate, 0)} số liệu/giây",
            "PostgreSQL COPY cùng tệp vào bảng trơn",
            f"{format_number(copy_seconds, 2)} giây = {format_number(rows / copy_seconds, 0)} dòng/giây",
            ratio,
            "≥ 100.000 số liệu/giây và ≤ 3× COPY",
            rate >= 100_000 and ratio <= 3,
        ),
        Figure(
            "Đỉnh bộ nhớ của tiến trình nhập, cả tệp",
            f"{format_number(real['peak_mib'], 0)} MiB (thử nhập: {format_number(whole_dry['peak_mib'], 0)} MiB)",
            "cùng tiến trình với 1/10 tệp",
            f"{format_number(tenth['peak_mib'], 0)} MiB",
            memory_ratio,
            "< 1 GiB, không tăng theo cỡ tệp",
            real["peak_mib"] < 1024 and memory_ratio < 1.5,
        ),
    ]


# -- 3. Roll-up against DuckDB --------------------------------------------------------------------------


_PARQUET_SOURCE = """
SELECT COALESCE(parent.code, unit.code) AS province, unit.kind AS unit_kind, ind.code AS indicator,
       per.year AS year, per.number AS month, v.disaggregation AS cut,
       v.value AS value, v.numerator AS numerator, v.denominator AS denominator
FROM reporting_datavalue v
JOIN reporting_report r ON r.id = v.report_id
JOIN reporting_reportingperiod per ON per.id = r.period_id
JOIN programs_indicator ind ON ind.id = v.indicator_id
JOIN org_orgunit unit ON unit.id = r.unit_id
LEFT JOIN org_orgunit parent ON parent.id = unit.parent_id AND unit.kind = 'commune'
WHERE r.status = 'approved' AND per.kind = 'month' AND per.program_id = {program}
"""

# National and per-province totals of every indicator for one year: a province's total is its communes'
# (as the maintained totals define it); the country's is everything.
_DUCKDB_QUERY = """
SELECT province, indicator, cut, SUM(value), COUNT(value), SUM(numerator), SUM(denominator)
FROM values_parquet WHERE year = $year AND unit_kind = 'commune'
GROUP BY province, indicator, cut
UNION ALL
SELECT 'VN', indicator, cut, SUM(value), COUNT(value), SUM(numerator), SUM(denominator)
FROM values_parquet WHERE year = $year
GROUP BY indicator, cut
"""

_POSTGRES_SCAN = """
SELECT area.code, ind.code, v.disaggregation, SUM(v.value), COUNT(v.value), SUM(v.numerator), SUM(v.denominator)
FROM reporting_datavalue v
JOIN reporting_report r ON r.id = v.report_id
JOIN reporting_reportingperiod per ON per.id = r.period_id
JOIN programs_indicator ind ON ind.id = v.indicator_id
JOIN org_orgunit unit ON unit.id = r.unit_id
JOIN org_orgunit area ON area.id = CASE WHEN unit.kind = 'commune' THEN unit.parent_id END
WHERE r.status = 'approved' AND per.kind = 'month' AND per.year = %s AND per.program_id = %s
GROUP BY area.code, ind.code, v.disaggregation
UNION ALL
SELECT 'VN', ind.code, v.disaggregation, SUM(v.value), COUNT(v.value), SUM(v.numerator), SUM(v.denominator)
FROM reporting_datavalue v
JOIN reporting_report r ON r.id = v.report_id
JOIN reporting_reportingperiod per ON per.id = r.period_id
JOIN programs_indicator ind ON ind.id = v.indicator_id
WHERE r.status = 'approved' AND per.kind = 'month' AND per.year = %s AND per.program_id = %s
GROUP BY ind.code, v.disaggregation
"""


def _export_parquet(program, workdir: Path) -> tuple[Path, float, int]:
    import duckdb
    from django.db import connection

    csv_path, parquet_path = workdir / "values.csv", workdir / "values.parquet"
    started = time.perf_counter()
    with connection.cursor() as cursor, open(csv_path, "wb") as out:
        query = _PARQUET_SOURCE.format(program=int(program.pk))
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
            for block in copy:
                out.write(block)
    with duckdb.connect() as duck:
        # Exact decimals, as PostgreSQL keeps them: a double would make the sums differ in the last place.
        number = "DECIMAL(20, 6)"
        types = f"{{'value': '{number}', 'numerator': '{number}', 'denominator': '{number}', 'cut': 'VARCHAR'}}"
        duck.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, types = {types})) "
            f"TO '{parquet_path}' (FORMAT parquet)"
        )
        rows = duck.execute(f"SELECT COUNT(*) FROM read_parquet('{parquet_path}')").fetchone()[0]
    csv_path.unlink()
    return parquet_path, time.perf_counter() - started, rows


def _comparable(rows: Iterable[tuple]) -> dict[tuple[str, str, str], tuple]:
    from decimal import Decimal

    def number(amount: Any) -> Decimal:
        return Decimal(0) if amount is None else Decimal(str(amount)).normalize()

    return {
        (area, indicator, cut or ""): (number(total), int(count), number(numerator), number(denominator))
        for area, indicator, cut, total, count, numerator, denominator in rows
    }


def bench_rollup(program, size: Size, workdir: Path, year: int) -> list[Figure]:
    import duckdb
    from django.db import connection

    from ansinh.core.numbers import format_number
    from ansinh.org.models import OrgUnit
    from ansinh.org.selectors import provinces_of
    from ansinh.reporting.selectors import area_totals

    provinces = provinces_of(program.owner_unit, date(year, 12, 14)).values_list("pk", flat=True)
    areas = [program.owner_unit_id, *provinces]

    def product() -> list:
        return area_totals(program, year=year, kind="month", area_ids=areas)

    product_median, product_p95, totals = _median_seconds(product, size.repeats)
    _say(f"  Ansinh (tổng đã duy trì): trung vị {format_number(product_median * 1000, 1)} ms, {len(totals)} dòng")

    parquet, export_seconds, parquet_rows = _export_parquet(program, workdir)
    _say(f"  Xuất {format_number(parquet_rows)} số liệu sang Parquet: {format_number(export_seconds, 1)} giây")
    with duckdb.connect() as duck:
        duck.execute(f"CREATE VIEW values_parquet AS SELECT * FROM read_parquet('{parquet}')")
        duck_median, _, duck_rows = _median_seconds(
            lambda: duck.execute(_DUCKDB_QUERY, {"year": year}).fetchall(), size.repeats
        )
    _say(f"  DuckDB trên Parquet: trung vị {format_number(duck_median * 1000, 1)} ms")

    def scan() -> list:
        with connection.cursor() as cursor:
            cursor.execute(_POSTGRES_SCAN, [year, program.pk, year, program.pk])
            return cursor.fetchall()

    scan_median, _, scan_rows = _median_seconds(scan, max(1, size.repeats // 5))
    _say(f"  PostgreSQL quét toàn bộ số liệu: trung vị {format_number(scan_median * 1000, 1)} ms")

    codes = dict(OrgUnit.objects.filter(pk__in=areas).values_list("pk", "code"))
    indicator_codes = dict(program.indicators.values_list("pk", "code"))
    ours = _comparable(
        (
            codes[total.area_id],
            indicator_codes[total.indicator_id],
            total.disaggregation,
            total.sums.value_sum,
            total.sums.value_count,
            total.sums.numerator_sum,
            total.sums.denominator_sum,
        )
        for total in totals
    )
    duck, scanned = _comparable(duck_rows), _comparable(scan_rows)
    same = ours == duck == scanned
    _say(f"  Ba cách cho cùng kết quả: {'có' if same else 'KHÔNG'} ({len(ours)} ô)")
    for key in sorted(set(ours) | set(duck) | set(scanned))[:1000]:
        if not ours.get(key) == duck.get(key) == scanned.get(key):
            _say(f"    khác nhau ở {key}: ansinh {ours.get(key)}, DuckDB {duck.get(key)}, quét {scanned.get(key)}")
            break
    return [
        Figure(
            f"Tổng hợp toàn quốc và {len(areas) - 1} tỉnh, mọi chỉ tiêu, 12 tháng năm {year} (truy vấn của bảng điều khiển)",
            f"trung vị {format_number(product_median * 1000, 1)} ms (p95 {format_number(product_p95 * 1000, 1)} ms)",
            f"DuckDB quét bản Parquet {format_number(parquet_rows)} số liệu",
            f"trung vị {format_number(duck_median * 1000, 1)} ms",
            product_median / duck_median,
            "< 100 ms và nhanh hơn DuckDB; kết quả trùng khớp",
            product_median < 0.1 and product_median < duck_median and same,
            [
                f"PostgreSQL quét trực tiếp bảng số liệu (không có tổng duy trì): {format_number(scan_median * 1000, 1)} ms"
            ],
        )
    ]


# -- 4. Deadline rush, 5. freshness ----------------------------------------------------------------------


def _cells_for(key):
    """Each unit's figures for the rush month, each with a one-line note of where it comes from. A note
    is what lets a figure the soft checks find unusual among the unit's siblings be sent (units on
    deadline day annotate their figures); the hard checks run and block as always."""
    from ansinh.core.numbers import format_number
    from ansinh.rules.periods import label
    from benchmarks import national

    note = f"Số liệu {label(key).lower()} theo sổ theo dõi của đơn vị."

    def cells(unit, indicators) -> list[tuple[str, ...]]:
        codes = {indicator.code for indicator in indicators}
        specs = [spec for spec in (*national.COMMUNE_SPECS, *national.PROVINCE_SPECS) if spec.code in codes]

        def text(number) -> str:
            return "" if number is None else format_number(number)

        return [
            (cell.code, cell.cut, text(cell.value), text(cell.numerator), text(cell.denominator), note)
            for cell in national.month_cells(national.SEED, unit.code, key.year, key.number, specs)
        ]

    return cells


def bench_rush(database_url: str, program, size: Size, static_root: Path) -> tuple[list[Figure], Any, list]:
    from ansinh.core.numbers import format_number
    from benchmarks import national, rush

    started = time.perf_counter()
    units = rush.prepare_rush(
        program, national.RUSH_MONTH, cells_for=_cells_for(national.RUSH_MONTH), limit=size.rush_units
    )
    _say(
        f"  Chuẩn bị {format_number(len(units))} đơn vị (cán bộ, khoá API): {format_number(time.perf_counter() - started, 1)} giây"
    )
    with rush.serve(
        database_url, workers=rush.SERVER_WORKERS, threads=rush.SERVER_THREADS, static_root=static_root
    ) as base_url:
        result = rush.run_rush(base_url, units, clients=size.rush_clients, baseline_requests=size.baseline_requests)
    result.verification = rush.verify(units)
    for line in result.lines():
        _say(line)
    figure = Figure(
        f"Cao điểm hạn nộp: {format_number(len(units))} đơn vị × {format_number(len(units[0].cells) if units else 0)} số liệu, "
        f"{size.rush_clients} máy khách đồng thời, gunicorn + PostgreSQL",
        f"{format_number(result.reports_per_second, 1)} báo cáo/giây; mỗi báo cáo p50 {format_number(result.report.p50 * 1000, 0)} ms, "
        f"p95 {format_number(result.report.p95 * 1000, 0)} ms, p99 {format_number(result.report.p99 * 1000, 0)} ms; "
        f"{format_number(result.errors)} lỗi",
        "GET /api/v1/health cùng máy chủ, cùng số máy khách",
        f"p50 {format_number(result.baseline.p50 * 1000, 1)} ms, p99 {format_number(result.baseline.p99 * 1000, 1)} ms",
        result.report.p50 / result.baseline.p50 if result.baseline.p50 else None,
        "không lỗi; mọi số liệu có trong cơ sở dữ liệu",
        result.ok,
        [line.strip() for line in result.lines()[1:]],
    )
    return [figure], result, units


def bench_freshness(program, units: list, size: Size) -> list[Figure]:
    from ansinh.core.numbers import format_number
    from ansinh.reporting import totals
    from ansinh.reporting.models import DataValue, Report, ReportingPeriod, ReportStatus
    from ansinh.reporting.selectors import area_totals
    from ansinh.reporting.services.lifecycle import approve_report
    from benchmarks import national

    key = national.RUSH_MONTH
    period = ReportingPeriod.objects.get(program=program, kind=key.kind, year=key.year, number=key.number)
    communes = [unit for unit in units if unit.unit_code.startswith("W25-")][: max(1, min(5, size.repeats))]
    country = [program.owner_unit_id]
    timings = []
    for rush_unit in communes:
        report = Report.objects.get(pk=rush_unit.report_id)
        if report.status != ReportStatus.SUBMITTED:
            continue
        expected = {
            (indicator_id, cut): value
            for indicator_id, cut, value in DataValue.objects.filter(report=report).values_list(
                "indicator_id", "disaggregation", "value"
            )
        }
        before = {
            (t.indicator_id, t.disaggregation): t.sums.value_sum
            for t in area_totals(program, year=key.year, kind="month", area_ids=country)
        }
        started = time.perf_counter()
        approve_report(report)
        after = {
            (t.indicator_id, t.disaggregation): t.sums.value_sum
            for t in area_totals(program, year=key.year, kind="month", area_ids=country)
        }
        timings.append(time.perf_counter() - started)
        missing = [
            cell
            for cell, value in expected.items()
            if value is not None and after.get(cell, 0) - before.get(cell, 0) != value
        ]
        if missing:
            raise RuntimeError(f"Tổng toàn quốc chưa có số liệu vừa duyệt: {missing[:3]}")
    if not timings:
        raise RuntimeError("Không còn báo cáo cấp xã nào đã gửi để duyệt: cao điểm hạn nộp không thành công.")
    freshness = statistics.median(timings)
    batch_seconds, _, _ = _median_seconds(lambda: totals.rebuild([period.pk]), 1)
    _say(f"  Duyệt → có trong tổng toàn quốc: trung vị {format_number(freshness * 1000, 1)} ms ({len(timings)} lần)")
    _say(f"  Tính lại tổng của kỳ theo lô: {format_number(batch_seconds * 1000, 1)} ms")
    return [
        Figure(
            "Độ tươi: từ lúc duyệt một báo cáo cấp xã đến khi số liệu có trong tổng toàn quốc",
            f"trung vị {format_number(freshness * 1000, 1)} ms ({len(timings)} báo cáo), không có tác vụ lô",
            "tính lại tổng của cả kỳ theo lô (cách một tác vụ “analytics” làm)",
            f"{format_number(batch_seconds * 1000, 1)} ms",
            freshness / batch_seconds,
            "< 1 giây, không tác vụ lô",
            freshness < 1,
        )
    ]


# -- 6. Verdicts ---------------------------------------------------------------------------------------------


def bench_verdicts(program, year: int, repeats: int) -> list[Figure]:
    """All verdicts of the programme for a year (they read the maintained totals) against one SQL sum of the
    figures they judge, medians of ``repeats`` in the same run."""
    from django.db import connection

    from ansinh.core.numbers import format_number
    from ansinh.evaluation.selectors import evaluate_program

    seconds, slowest, evaluation = _median_seconds(lambda: evaluate_program(program, year), repeats)
    sentence = evaluation.summary.sentence
    _say(
        f"  Đánh giá {len(evaluation.rows)} chỉ tiêu năm {year}: trung vị {format_number(seconds, 3)} giây — {sentence}"
    )

    def read() -> list:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT v.indicator_id, SUM(v.value), SUM(v.numerator), SUM(v.denominator) FROM reporting_datavalue v "
                "JOIN reporting_report r ON r.id = v.report_id JOIN reporting_reportingperiod per ON per.id = r.period_id "
                "WHERE per.program_id = %s AND per.kind = 'year' AND per.year = %s AND r.status = 'approved' "
                "AND v.disaggregation = '' GROUP BY v.indicator_id",
                [program.pk, year],
            )
            return cursor.fetchall()

    read_seconds, _, _ = _median_seconds(read, repeats)
    ratio = seconds / read_seconds
    return [
        Figure(
            f"Đánh giá mọi chỉ tiêu ({len(evaluation.rows)}) của chương trình toàn quốc năm {year}",
            f"trung vị {format_number(seconds * 1000, 1)} ms (chậm nhất {format_number(slowest * 1000, 1)} ms); {sentence}",
            "một câu SQL đọc và cộng các số liệu năm được đánh giá",
            f"trung vị {format_number(read_seconds * 1000, 1)} ms",
            ratio,
            "≤ 3× câu SQL",
            ratio <= 3,
        )
    ]


def bench_pages(database_url: str, program, size: Size, year: int, static_root: Path) -> list[Figure]:
    """The pages a person waits for at national scale, through gunicorn, against the health endpoint."""
    from ansinh.core.numbers import format_number
    from ansinh.reporting.models import PeriodKind
    from benchmarks import national, pages, rush

    program.is_published = True  # a national programme's results are public; the evaluation API answers anyone
    program.save(update_fields=["is_published"])
    pages.prepare_reader(program)
    month = program.periods.filter(kind=PeriodKind.MONTH).order_by("year", "number").first()
    indicator = program.indicators.get(code=national.COMMUNE_SPECS[0].code)
    units = month.reports.count() if month is not None else 0
    named = [
        (f"Trang tổng quan chương trình, năm {year}", f"/chuong-trinh/{program.slug}/?year={year}"),
        (
            f"Trang chỉ tiêu {indicator.code} (số liệu {format_number(units)} đơn vị, từng trang)",
            f"/chuong-trinh/{program.slug}/chi-tieu/{indicator.code}/",
        ),
        (f"API đánh giá năm {year}", f"/api/v1/programs/{program.slug}/evaluation?year={year}"),
    ]
    if month is not None:
        named.append((f"Trang đủ báo cáo của kỳ {month} ({format_number(units)} đơn vị)", f"/ky-bao-cao/{month.pk}/"))
    with rush.serve(
        database_url, workers=rush.SERVER_WORKERS, threads=rush.SERVER_THREADS, static_root=static_root
    ) as base_url:
        health, timings = pages.time_paths(base_url, [path for _, path in named], repeats=size.repeats)
        peak = pages.worker_peak_mib()
    figures = []
    for (name, _path), timing in zip(named, timings, strict=True):
        _say(
            f"  {name}: mã {timing.status}, trung vị {format_number(timing.median * 1000, 1)} ms, "
            f"{format_number(timing.size / 1024, 0)} KB"
        )
        figures.append(
            Figure(
                f"{name}, qua gunicorn",
                f"trung vị {format_number(timing.median * 1000, 1)} ms (chậm nhất {format_number(timing.slowest * 1000, 1)} ms); "
                f"{format_number(timing.size / 1024, 0)} KB; mã {timing.status}",
                "GET /api/v1/health cùng máy chủ",
                f"trung vị {format_number(health.median * 1000, 1)} ms",
                timing.median / health.median if health.median else None,
                "< 1 giây, mã 200",
                timing.median < 1 and timing.status == 200,
            )
        )
    if peak is not None:
        _say(f"  Đỉnh bộ nhớ của một tiến trình gunicorn sau các trang trên: {format_number(peak, 0)} MiB")
        figures.append(
            Figure(
                "Đỉnh bộ nhớ của một tiến trình web (gunicorn) sau các trang trên",
                f"{format_number(peak, 0)} MiB",
                "—",
                "—",
                None,
                "< 300 MiB",
                peak < 300,
            )
        )
    return figures


def bench_workbook(database_url: str, program, size: Size, static_root: Path) -> list[Figure]:
    """The standing agency's workbook of a national monthly period. A period with more units than
    settings.EXPORT_JOB_MIN_UNITS goes to the background (issue 21): its start page, the POST that queues the
    job and the job's page are timed through gunicorn, then the job runs in a process of its own; a smaller one
    is exported in a process of its own. Time and peak memory against one SQL query reading the same figures."""
    from ansinh.core.numbers import format_number
    from ansinh.exchange.selectors import in_background, period_workbook_units
    from ansinh.reporting.models import PeriodKind
    from benchmarks import pages, rush

    period = program.periods.filter(kind=PeriodKind.MONTH).order_by("year", "number").first()
    command = [sys.executable, "-m", "benchmarks.export_workbook", "--slug", program.slug]
    background = in_background(len(period_workbook_units(period)))
    if background:
        pages.prepare_reader(program)
        with rush.serve(
            database_url, workers=rush.SERVER_WORKERS, threads=rush.SERVER_THREADS, static_root=static_root
        ) as base_url:
            start, queued, job_page, job_id = pages.start_export(
                base_url, f"/ky-bao-cao/{period.pk}/bang-tinh/", repeats=size.repeats
            )
        command += ["--job", str(job_id)]
        answered = max(start.median, queued.median, job_page.median)
        waited = (
            f"trang bắt đầu trung vị {format_number(start.median * 1000, 1)} ms, tạo lượt xuất "
            f"{format_number(queued.median * 1000, 1)} ms, trang lượt xuất trung vị "
            f"{format_number(job_page.median * 1000, 1)} ms (mã {start.status}, {queued.status}, {job_page.status})"
        )
        _say(f"  Qua gunicorn: {waited}")
    environment = os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "ansinh.settings"}
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"Xuất bảng tổng hợp thất bại:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    seconds, peak = result["seconds"], result["peak_mib"]
    where = f"lượt xuất nền {job_id}" if background else "xuất trực tiếp"
    _say(
        f"  Bảng tổng hợp {result['period']} ({where}): {format_number(result['units'])} đơn vị, "
        f"{format_number(result['rows'])} dòng, {format_number(result['bytes'] / 1024 / 1024, 1)} MB trong "
        f"{format_number(seconds, 1)} giây; đỉnh bộ nhớ {format_number(peak, 0)} MB (khởi động "
        f"{format_number(result['startup_mib'], 0)} MB); trang tổng: {result['totals']} chỉ tiêu, "
        f"{result['totals_with_figure']} có tổng đã duyệt; tệp mở ở trang “{result['opens_on']}”"
    )
    ratio = seconds / result["sql_seconds"] if result["sql_seconds"] else None
    measured = (
        f"{format_number(seconds, 1)} giây; đỉnh bộ nhớ tiến trình {format_number(peak, 0)} MB; "
        f"{format_number(result['bytes'] / 1024 / 1024, 1)} MB"
    )
    met = seconds < 30 and peak < 300
    if background:
        measured = f"{where}: {measured}; {waited}"
        met = met or (answered < 1 and {start.status, job_page.status} == {200} and queued.status == 302)
    return [
        Figure(
            f"Bảng tổng hợp nhiều đơn vị của kỳ {result['period']} ({format_number(result['units'])} đơn vị, "
            f"{format_number(result['rows'])} dòng, kèm trang tổng)",
            measured,
            "một câu SQL đọc cùng các số liệu của kỳ",
            f"{format_number(result['sql_seconds'], 2)} giây ({format_number(result['sql_rows'])} số liệu)",
            ratio,
            "< 30 giây và < 300 MB, hoặc qua lượt xuất nền mà trang trả lời ngay (< 1 giây)",
            met,
        )
    ]


# -- Report --------------------------------------------------------------------------------------------------


def _ratio(ratio: float | None) -> str:
    from ansinh.core.numbers import format_number

    return "—" if ratio is None else f"{format_number(ratio, 2)}×"


# What each case measures, written into the report above its figures.
CASES = (
    "**Nhập hàng loạt** — tệp CSV một kỳ tháng qua đường nhập của sản phẩm (kiểm tra đầy đủ, một giao dịch) so với "
    "COPY cùng tệp vào bảng trơn.",
    "**Tổng hợp** — tổng toàn quốc và 34 tỉnh từ các tổng duy trì (`ApprovedTotal`) so với DuckDB quét bản Parquet.",
    "**Cao điểm hạn nộp** — mọi đơn vị gửi báo cáo cùng lúc qua API của gunicorn, so với `GET /api/v1/health`.",
    "**Độ tươi** — từ lúc duyệt một báo cáo đến khi số của nó có trong tổng toàn quốc.",
    "**Đánh giá** — mọi chỉ tiêu của chương trình toàn quốc trong một năm (`evaluate_program`, đọc tổng duy trì theo "
    "một quy tắc đơn vị được tính) so với một câu SQL cộng các số liệu năm được đánh giá; trung vị cùng lần chạy, "
    "mục tiêu ≤ 3×.",
    "**Trang ở quy mô toàn quốc** — trang tổng quan, trang một chỉ tiêu thu ở mọi xã (bảng đơn vị theo trang), API "
    "đánh giá và trang đủ báo cáo của một kỳ tháng có mọi đơn vị, mỗi trang lấy qua gunicorn (cấu hình production) "
    "bởi một lãnh đạo đã đăng nhập, so với `GET /api/v1/health` cùng máy chủ; mục tiêu < 1 giây; sau đó đỉnh bộ nhớ (VmHWM) của tiến trình gunicorn lớn nhất, mục tiêu < 300 MiB.",
    "**Bảng tổng hợp nhiều đơn vị** — tệp .xlsx của một kỳ tháng cho cơ quan thường trực (mọi đơn vị, chỉ các chỉ tiêu "
    "được giao, trang tổng theo chỉ tiêu), xuất trong một tiến trình riêng để đo đỉnh bộ nhớ, so với một câu SQL đọc "
    "cùng các số liệu; kỳ có hơn `EXPORT_JOB_MIN_UNITS` đơn vị đi qua lượt xuất nền như người dùng: trang bắt đầu, "
    "nút tạo lượt xuất và trang lượt xuất qua gunicorn, rồi lượt xuất chạy trong tiến trình riêng; mục tiêu < 30 giây "
    "và < 300 MB, hoặc qua lượt xuất nền mà trang trả lời ngay (< 1 giây).",
)


def write_report(path: Path, size: Size, machine: list[str], figures: list[Figure], generation: list[str]) -> None:
    lines = [
        "# Benchmarks — quy mô toàn quốc",
        "",
        f"Sinh bởi `make bench` (`python -m benchmarks.run --size {size.name}`) ngày {date.today():%d/%m/%Y}. "
        "Mỗi con số được đo cùng lần chạy với mốc so sánh của nó; tỷ lệ = đo được / mốc. "
        "Cách đo và ý nghĩa: docs/scaling.md và benchmarks/run.py.",
        "",
        "## Máy đo",
        "",
        *[f"- {line}" for line in machine],
        "",
        "## Bộ số liệu",
        "",
        *[f"- {line}" for line in generation],
        "",
        "## Các phép đo",
        "",
        *[f"- {line}" for line in CASES],
        "",
        "## Kết quả",
        "",
        "| Phép đo | Đo được | Mốc so sánh | Mốc | Tỷ lệ | Mục tiêu | Đạt |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in figures:
        met = "—" if figure.met is None else ("đạt" if figure.met else "**chưa đạt**")
        lines.append(
            f"| {figure.name} | {figure.measured} | {figure.baseline_name} | {figure.baseline} | "
            f"{_ratio(figure.ratio)} | {figure.goal or '—'} | {met} |"
        )
    judged = [figure for figure in figures if figure.met is not None]
    missed = [figure.name for figure in judged if not figure.met]
    lines += ["", "## Tóm tắt", "", f"- Đạt {sum(1 for f in judged if f.met)}/{len(judged)} mục tiêu của lần chạy này."]
    lines += [f"- Chưa đạt: {name}." for name in missed]
    notes = [(figure.name, note) for figure in figures for note in figure.notes]
    if notes:
        lines += ["", "## Chi tiết", ""]
        lines += [f"- {name}: {note}" for name, note in notes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _saved_copy(name: str) -> str:
    return f"{name}_sinh_san"


def _saved_generation(name: str, size: Size) -> list[str] | None:
    """The lines describing the data set of the saved copy of ``name``, if a copy of this size exists."""
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as server:
        found = server.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [_saved_copy(name)]
        ).fetchone()
    if found is None or not found[0]:
        return None
    saved = json.loads(found[0])
    return saved["lines"] if saved.get("size") == size.name else None


def _save_generated(name: str, size: Size, lines: list[str]) -> None:
    """Keep a copy of the database as steps 1–2 left it, so that ``--reuse`` starts every later step from the
    same state without generating the data set again."""
    import psycopg
    from django.db import connections

    connections.close_all()
    copy = _saved_copy(name)
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}" STRATEGY FILE_COPY')
        description = json.dumps({"size": size.name, "lines": lines}, ensure_ascii=False).replace("'", "''")
        server.execute(f"COMMENT ON DATABASE \"{copy}\" IS '{description}'")


def _restore_generated(name: str) -> str:
    """The database as steps 1–2 left it, copied back from its saved copy (a file copy, about a minute)."""
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_saved_copy(name)}" STRATEGY FILE_COPY')
    return f"{SERVER_URL}/{name}"


def _steps(text: str) -> set[int]:
    steps = {int(part) for part in text.split(",") if part.strip()}
    if not steps <= set(range(3, 10)):
        raise argparse.ArgumentTypeError("các bước đo là 3 đến 9 (bước 1–2 là bộ số liệu)")
    if 6 in steps and 5 not in steps:
        raise argparse.ArgumentTypeError("bước 6 duyệt các báo cáo bước 5 vừa gửi: chọn cả bước 5")
    return steps


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="ansinh: benchmarks ở quy mô toàn quốc")
    parser.add_argument("--size", choices=sorted(SIZES), default="national")
    parser.add_argument("--database", default="ansinh_bench", help="Tên CSDL PostgreSQL (bị xoá và tạo lại).")
    parser.add_argument("--output", type=Path, help="Ghi kết quả vào tệp Markdown này (ví dụ docs/benchmarks.md).")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Giữ một bản sao CSDL sau bước 1–2 (tên CSDL + _sinh_san) và lần sau chép lại nó thay vì sinh lại.",
    )
    parser.add_argument("--only", type=_steps, help="Chỉ chạy các bước đo này, ví dụ 7,8,9 (bước 1–2 luôn có).")
    options = parser.parse_args(argv)
    size = SIZES[options.size]
    steps = options.only or set(range(3, 10))

    generation = _saved_generation(options.database, size) if options.reuse else None
    if generation is not None:
        _say(f"1–2. CSDL {options.database} chép lại từ bản sao {_saved_copy(options.database)} (không sinh lại)")
        database_url = _restore_generated(options.database)
        _setup_django(database_url)
        from django.core.management import call_command

        from ansinh.programs.models import Program
        from benchmarks import national

        call_command("migrate", verbosity=0)  # the code may have moved on since the copy was saved
        program = Program.objects.get(slug=national.SLUG)
        machine = _machine()
        for line in machine:
            _say(f"  {line}")
    else:
        _say(f"1. CSDL mới {options.database} trên PostgreSQL, di trú, nạp đơn vị hành chính")
        database_url = _fresh_database(options.database)
        _setup_django(database_url)
        from django.core.management import call_command

        from ansinh.core.numbers import format_number
        from benchmarks import national

        call_command("migrate", verbosity=0)
        load_units(size)
        machine = _machine()
        for line in machine:
            _say(f"  {line}")

        _say("2. Sinh bộ số liệu toàn quốc qua đường nhập hàng loạt")
        program, generation_seconds, generated = generate(size)
        communes, provinces = national.reporting_units(program, national.period_end(national.MONTHS[0]))
        generation = [
            f"{len(provinces)} tỉnh, thành phố và {format_number(len(communes))} xã, phường, đặc khu (sau 01/07/2025); "
            f"{program.indicators.count()} chỉ tiêu; hạt giống {national.SEED}",
            f"{size.months} tháng và {size.years} năm: {format_number(generated)} số liệu đã duyệt, nạp trong "
            f"{format_number(generation_seconds, 0)} giây ({format_number(generated / generation_seconds, 0)} số liệu/giây, "
            "gồm cả tính lại tổng đã duyệt của mỗi kỳ)",
        ]
        if options.reuse:
            _say(f"  Lưu bản sao {_saved_copy(options.database)} cho lần chạy sau với --reuse")
            _save_generated(options.database, size, generation)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="ansinh-bench-") as folder:
        workdir = Path(folder)
        # Every server of the run (steps 5, 8 and 9) serves the same collected static files.
        static_root = workdir / "static"
        if 3 in steps:
            _say("3. Nhập hàng loạt so với COPY")
            figures += bench_import(database_url, program, size, workdir)
        if 4 in steps:
            rollup_year = national.MONTHS[min(size.months, 12) - 1].year if size.months < 12 else national.TARGET_YEAR
            _say(f"4. Tổng hợp năm {rollup_year} so với DuckDB")
            figures += bench_rollup(program, size, workdir, rollup_year)
        if 5 in steps:
            _say("5. Cao điểm hạn nộp")
            rush_figures, _, units = bench_rush(database_url, program, size, static_root)
            figures += rush_figures
        if 6 in steps:
            _say("6. Độ tươi của tổng toàn quốc")
            figures += bench_freshness(program, units, size)
        if 7 in steps:
            _say("7. Đánh giá chỉ tiêu")
            figures += bench_verdicts(program, verdict_year(size), size.repeats)
        if 8 in steps:
            _say("8. Trang và API ở quy mô toàn quốc, qua gunicorn")
            figures += bench_pages(database_url, program, size, verdict_year(size), static_root)
        if 9 in steps:
            _say("9. Bảng tổng hợp nhiều đơn vị của một kỳ tháng")
            figures += bench_workbook(database_url, program, size, static_root)

    _say("")
    _say("Kết quả (đo được | mốc | tỷ lệ):")
    for figure in figures:
        verdict = "" if figure.met is None else (" — đạt" if figure.met else " — CHƯA ĐẠT")
        _say(
            f"- {figure.name}: {figure.measured} | {figure.baseline_name}: {figure.baseline} | {_ratio(figure.ratio)}{verdict}"
        )
    if options.output:
        if options.only:
            generation.append(f"Lần chạy này chỉ đo các bước {', '.join(map(str, sorted(steps)))} (--only)")
        write_report(options.output, size, machine, figures, generation)
        _say(f"Đã ghi {options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
