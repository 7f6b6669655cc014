"""python manage.py import_values --program SLUG [--dry-run] [--approve] PATH.csv"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.core.numbers import format_number
from ansinh.exchange.management.commands._summary import command_error, program_by_slug
from ansinh.exchange.services.bulk import import_values
from ansinh.exchange.services.common import ExchangeError


class Command(BaseCommand):
    help = (
        "Nhập hàng loạt số liệu từ tệp CSV (docs/bulk-import.md): đọc dần từng dòng, kiểm tra mọi dòng, "
        "có một lỗi thì không nhập gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--program", required=True, metavar="SLUG")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: in kết quả, không ghi gì.")
        parser.add_argument(
            "--approve", action="store_true", help="Số liệu lịch sử đã được duyệt: đánh dấu các báo cáo là đã duyệt."
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        program = program_by_slug(options["program"])
        size = path.stat().st_size

        def progress(done: int, total: int) -> None:
            if total:
                sys.stderr.write(f"\r  Đã đọc {format_number(100 * done / total, 0)}% tệp")

        try:
            with path.open(encoding="utf-8-sig", newline="") as lines:
                summary = import_values(
                    program,
                    lines,
                    filename=path.name,
                    approve=options["approve"],
                    dry_run=options["dry_run"],
                    progress=progress,
                    total=size,
                )
        except ExchangeError as error:
            raise command_error(error) from error
        sys.stderr.write("\n")
        self.stdout.write(summary.message())
