"""Export the standing agency's workbook of one national monthly period (every unit, its assigned
indicators, the totals) in a process of its own and print what it cost, as JSON.

Run in its own process, like ``import_file``, so that the peak memory measured (``ru_maxrss``) is the
export's alone. It also reads the same figures with one SQL query (the baseline) and opens the file it
made to count its rows and the totals that carry a figure.

    python -m benchmarks.export_workbook --slug quoc-gia-an-sinh
"""

import argparse
import io
import json
import os
import resource
import sys
import time


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slug", required=True)
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()
    import openpyxl
    from django.db import connection

    from ansinh.exchange.formats.workbook import TOTALS_SHEET
    from ansinh.exchange.services.spreadsheets import export_multi_unit_workbook
    from ansinh.programs.models import Program
    from ansinh.reporting.models import PeriodKind
    from ansinh.reporting.selectors import expected_reports

    program = Program.objects.get(slug=options.slug)
    period = program.periods.filter(kind=PeriodKind.MONTH).order_by("year", "number").first()
    assert period is not None, "the data set has no monthly period"
    before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    expected = expected_reports(period)
    units = [report.unit for report in expected]  # as the page does
    content = export_multi_unit_workbook(period, units)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

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
                "units": len(units),
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
