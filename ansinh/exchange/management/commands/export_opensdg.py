"""python manage.py export_opensdg --program SLUG --indicator CODE [--units CODE,CODE] [--output PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.core.numbers import format_number
from ansinh.exchange.management.commands._summary import conflict_line, export_output, program_by_slug
from ansinh.exchange.selectors import write_opensdg
from ansinh.org.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Xuất một chỉ tiêu thành tệp Open SDG (CSV dạng tidy): số liệu chung của chương trình theo năm, và số liệu "
        "đã duyệt của các đơn vị được liệt kê (cột GeoCode)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, metavar="SLUG")
        parser.add_argument("--indicator", required=True, metavar="MÃ")
        parser.add_argument("--units", default="", metavar="MÃ,MÃ", help="Mã các đơn vị cần xuất (cột GeoCode).")
        parser.add_argument("--output", type=Path, help="Tệp ghi ra (mặc định: in ra màn hình).")

    def handle(self, *args, **options) -> None:
        program = program_by_slug(options["program"])
        indicator = program.indicators.select_related("program").filter(code=options["indicator"]).first()
        if indicator is None:
            raise CommandError(f"Chương trình {program.code} không có chỉ tiêu mã “{options['indicator']}”.")
        codes = [code.strip() for code in options["units"].split(",") if code.strip()]
        units = list(OrgUnit.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {unit.code for unit in units})
        if missing:
            raise CommandError(f"Không có đơn vị mã {', '.join(missing)}.")
        with export_output(options["output"], self.stdout) as out:
            count, skipped = write_opensdg(out, indicator, units=units)
        report = [f"Đã xuất {format_number(count)} dòng."]
        if skipped:
            report.append("Không xuất được:")
            report += [conflict_line(conflict) for conflict in skipped]
        # The export itself may go to stdout; the account of it goes beside it, uncoloured.
        self.stderr.write("\n".join(report), style_func=str)
