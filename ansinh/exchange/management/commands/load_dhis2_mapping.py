"""python manage.py load_dhis2_mapping PATH.toml"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.exchange.management.commands._summary import command_error
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.mappings import load_dhis2_mapping


class Command(BaseCommand):
    help = (
        "Nạp bảng ánh xạ DHIS2 của một chương trình từ tệp TOML (định dạng: docs/dhis2.md). Nạp lại cùng tệp "
        "không thay đổi gì; dòng không còn trong tệp bị xóa."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Tệp TOML của bảng ánh xạ.")

    def handle(self, *args, **options) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            summary = load_dhis2_mapping(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as error:
            raise CommandError(f"Tệp {path.name} không phải văn bản UTF-8.") from error
        except ExchangeError as error:
            raise command_error(error) from error
        self.stdout.write(self.style.SUCCESS(summary.message()))
