"""python manage.py export_dhis2 --program SLUG [--codes] [--from YEAR] [--to YEAR] [--format json|csv] [--output PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.core.numbers import format_number
from ansinh.exchange.management.commands._summary import conflict_line, export_output, program_by_slug
from ansinh.exchange.selectors import code_table, mapping_table, write_dhis2


class Command(BaseCommand):
    help = (
        "Xuất số liệu ĐÃ DUYỆT của một chương trình thành dataValueSets DHIS2 (JSON hoặc CSV), qua bảng ánh xạ "
        "hoặc bằng mã của ansinh (--codes, nhập vào DHIS2 với idScheme=CODE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, metavar="SLUG")
        parser.add_argument("--codes", action="store_true", help="Dùng mã chỉ tiêu, mã đơn vị của ansinh.")
        parser.add_argument("--from", dest="year_from", type=int, metavar="NĂM")
        parser.add_argument("--to", dest="year_to", type=int, metavar="NĂM")
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--output", type=Path, help="Tệp ghi ra (mặc định: in ra màn hình).")

    def handle(self, *args, **options) -> None:
        program = program_by_slug(options["program"])
        table = code_table(program) if options["codes"] else mapping_table(program)
        if table is None:
            raise CommandError(f"Chương trình {program.code} chưa có bảng ánh xạ DHIS2; dùng --codes để xuất theo mã.")
        years = range(options["year_from"] or program.start_year, (options["year_to"] or program.end_year) + 1)
        with export_output(options["output"], self.stdout) as out:
            count, skipped = write_dhis2(out, program, table, years=years, data_format=options["format"])
        report = [f"Đã xuất {format_number(count)} giá trị."]
        if skipped:
            report.append("Không xuất được:")
            report += [conflict_line(conflict) for conflict in skipped]
        # The export itself may go to stdout; the account of it goes beside it, uncoloured.
        self.stderr.write("\n".join(report), style_func=str)
