"""Export the standing agency's workbook of one national monthly period (every unit, its assigned
indicators, the totals) in a process of its own and print what it cost, as JSON.

Run in its own process, like ``import_file``, so that the peak memory measured (VmHWM) is the
export's alone. It also reads the same figures with one SQL query (the baseline) and opens the file it
made to count its rows and the totals that carry a figure.

With ``--job ID`` it runs that queued export job (``run_export_job``, what the background worker runs for a
period with more than settings.EXPORT_JOB_MIN_UNITS units) instead of calling the export itself, and opens
the file the job stored.

    python -m benchmarks.export_workbook --slug quoc-gia-an-sinh [--job ID]
"""

import argparse
import io
import json
import os
import resource
import sys
import time


def _peak_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM where Linux gives it. ``ru_maxrss`` keeps, across the
    exec that started this process, the peak of the process that forked it (the benchmark, a few hundred MB),
    so it would report the parent's size whenever the export needs less."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--job", type=int, help="Chạy lượt xuất này (đang xếp hàng) thay vì gọi hàm xuất.")
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()
    import openpyxl
    from django.db import connection

    from ansinh.exchange.formats.workbook import TOTALS_SHEET
    from ansinh.exchange.models import ExportJob
    from ansinh.exchange.selectors import export_job_path
    from ansinh.exchange.services.export_jobs import run_export_job
    from ansinh.exchange.services.spreadsheets import export_multi_unit_workbook
    from ansinh.programs.models import Program
    from ansinh.reporting.models import PeriodKind
    from ansinh.reporting.selectors import expected_reports

    program = Program.objects.get(slug=options.slug)
    period = program.periods.filter(kind=PeriodKind.MONTH).order_by("year", "number").first()
    assert period is not None, "the data set has no monthly period"
    before_kib = _peak_kib()
    started = time.perf_counter()
    if options.job is not None:
        run_export_job(options.job)
        job = ExportJob.objects.get(pk=options.job)
        path = export_job_path(job)
        assert path is not None, f"lượt xuất {job.pk} không xong: {job.status} {job.errors}"
        content = path.read_bytes()
        period = job.period
    else:
        content = export_multi_unit_workbook(period, [report.unit for report in expected_reports(period)])
    seconds = time.perf_counter() - started
    peak_kib = _peak_kib()
    expected = expected_reports(period)

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.unit_id, v.indicator_id, v.value, v.numerator, v.denominator, v.note, v.evidence "
            "FROM reporting_datavalue v JOIN reporting_report r ON r.id = v.report_id "
            "WHERE r.period_id = %s AND v.disaggregation = ''",
            [period.pk],
        )
        read = len(cursor.fetchall())
    sql_seconds = time.perf_counter() - started

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    totals = [row for row in book[TOTALS_SHEET].iter_rows(min_row=5, values_only=True) if row and row[0]]
    print(
        json.dumps(
            {
                "period": str(period),
                "units": len(expected),
                "job": options.job,
                "rows": sum(len(report.indicators) for report in expected),
                "bytes": len(content),
                "seconds": seconds,
                "peak_mib": peak_kib / 1024,
                "startup_mib": before_kib / 1024,
                "totals": len(totals),
                "totals_with_figure": sum(1 for row in totals if row[6] is not None),
                "opens_on": book.active.title if book.active is not None else "",
                "sql_rows": read,
                "sql_seconds": sql_seconds,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
