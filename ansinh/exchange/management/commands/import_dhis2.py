"""python manage.py import_dhis2 --mapping SLUG|MAPPING.toml [--codes] [--dry-run] [--format json|csv] PATH"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.exchange.formats.dhis2_mapping import MappingTable
from ansinh.exchange.formats.dhis2_values import CREATE_AND_UPDATE, STRATEGIES
from ansinh.exchange.management.commands._summary import command_error, program_by_slug, summary_text
from ansinh.exchange.selectors import code_table, mapping_table
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.exchange.services.mappings import read_mapping
from ansinh.programs.models import Program


class Command(BaseCommand):
    help = (
        "Nhập số liệu DHIS2 (dataValueSets JSON hoặc CSV) vào một chương trình và in kết quả: số giá trị mới, "
        "cập nhật, không đổi, và các giá trị không nhập được kèm lý do. Tệp hỏng thì không nhập gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Tệp dataValueSets (.json hoặc .csv).")
        parser.add_argument(
            "--mapping",
            required=True,
            metavar="SLUG|TỆP.toml",
            help="Chương trình (dùng bảng ánh xạ đã nạp), hoặc một tệp ánh xạ TOML (dùng ngay, không lưu).",
        )
        parser.add_argument(
            "--codes",
            action="store_true",
            help="Không dùng bảng ánh xạ: tệp ghi mã chỉ tiêu, mã đơn vị của ansinh (idScheme=CODE).",
        )
        parser.add_argument("--format", choices=("json", "csv"), help="Mặc định theo đuôi tệp.")
        parser.add_argument("--strategy", choices=STRATEGIES, default=CREATE_AND_UPDATE, help="importStrategy.")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: in kết quả, không ghi gì.")

    def handle(self, *args, **options) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        program, table = self._mapping(options["mapping"], codes=options["codes"])
        data_format = options["format"] or ("csv" if path.suffix.lower() == ".csv" else "json")
        try:
            summary = import_dhis2(
                program,
                path.read_bytes(),
                table,
                data_format=data_format,
                strategy=options["strategy"],
                dry_run=options["dry_run"],
            )
        except ExchangeError as error:
            raise command_error(error) from error
        self.stdout.write(summary_text(summary))

    def _mapping(self, given: str, *, codes: bool) -> tuple[Program, MappingTable]:
        if given.endswith(".toml") or Path(given).is_file():
            if codes:
                raise CommandError("--codes chỉ dùng với slug của chương trình, không dùng với tệp ánh xạ.")
            try:
                resolved = read_mapping(Path(given).read_text(encoding="utf-8"))
            except FileNotFoundError as error:
                raise CommandError(f"Không có tệp {given}.") from error
            except ExchangeError as error:
                raise command_error(error) from error
            return resolved.program, resolved.table
        program = program_by_slug(given)
        if codes:
            return program, code_table(program)
        table = mapping_table(program)
        if table is None:
            raise CommandError(
                f"Chương trình {program.code} chưa có bảng ánh xạ DHIS2: nạp bằng load_dhis2_mapping, hoặc dùng --codes."
            )
        return program, table
