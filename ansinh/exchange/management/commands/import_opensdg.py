"""python manage.py import_opensdg --program SLUG --indicator CODE [--dry-run] PATH.csv"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.exchange.management.commands._summary import command_error, program_by_slug, summary_text
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.opensdg_import import import_opensdg


class Command(BaseCommand):
    help = (
        "Nhập tệp Open SDG (CSV dạng tidy) của một chỉ tiêu: dòng không có GeoCode vào báo cáo năm của địa bàn "
        "chương trình, dòng có GeoCode vào báo cáo của đơn vị đó. Tệp hỏng thì không nhập gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--program", required=True, metavar="SLUG")
        parser.add_argument("--indicator", required=True, metavar="MÃ")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: in kết quả, không ghi gì.")

    def handle(self, *args, **options) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        program = program_by_slug(options["program"])
        indicator = program.indicators.filter(code=options["indicator"]).first()
        if indicator is None:
            raise CommandError(f"Chương trình {program.code} không có chỉ tiêu mã “{options['indicator']}”.")
        try:
            summary = import_opensdg(indicator, path.read_bytes(), dry_run=options["dry_run"])
        except ExchangeError as error:
            raise command_error(error) from error
        self.stdout.write(summary_text(summary))
