"""Load administrative units (one province or the whole country) and city departments."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.core.dates import format_date
from ansinh.core.numbers import format_number
from ansinh.org import loaders, services
from ansinh.org.models import OrgUnitKind

LIST_HINT = (
    "Xem danh sách: python manage.py load_org_units --list-provinces. Nhận tên có hoặc không dấu "
    "(“Hà Nội”, “hanoi”), mã (“01”, “P-01”) hoặc tên tỉnh cũ trước 01/07/2025 (“Bắc Giang” → Tỉnh Bắc Ninh)."
)


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (trước và từ 01/07/2025) và các sở, ban, ngành của thành phố."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--province", help="Tỉnh, thành phố cần nạp, ví dụ “Hà Nội”, hanoi hoặc 01.")
        scope.add_argument("--all", action="store_true", help="Nạp toàn quốc (63 tỉnh cũ, 34 tỉnh mới).")
        parser.add_argument("--departments", type=Path, metavar="PATH", help="Tệp TOML danh sách sở, ban, ngành.")
        parser.add_argument(
            "--department-changes",
            type=Path,
            metavar="PATH",
            help="Tệp TOML các sở, ngành kết thúc, thành lập và kế thừa (ví dụ ansinh/org/data/hanoi-departments-2025.toml).",
        )
        parser.add_argument("--city", help="Mã đơn vị cấp trên của các sở, ban, ngành (mặc định: city_code trong tệp).")
        parser.add_argument("--list-provinces", action="store_true", help="In danh sách tỉnh, thành phố rồi thoát.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list_provinces"]:
            self.list_provinces()
            return
        if not (options["province"] or options["all"] or options["departments"] or options["department_changes"]):
            raise CommandError(
                "Cần chọn --province TÊN, --all, --departments PATH hoặc --department-changes PATH. " + LIST_HINT
            )
        if options["province"] or options["all"]:
            self.load_units(None if options["all"] else options["province"])
        if options["departments"]:
            self.load_departments(options["departments"], options["city"])
        if options["department_changes"]:
            try:
                count = services.load_department_changes(options["department_changes"])
            except (loaders.DepartmentFileError, services.MissingUnitError, services.SuccessionError) as error:
                raise CommandError(str(error)) from error
            self.say(self.style.SUCCESS(f"Đã nạp thay đổi cơ quan, đơn vị: {self.describe(count)}."))

    def say(self, message: str) -> None:
        self.stdout.write(message)

    def list_provinces(self) -> None:
        reform = format_date(loaders.REFORM_DATE)
        self.say(f"34 tỉnh, thành phố từ {reform} (mã — tên — khóa không dấu — tỉnh cũ):")
        for entry in loaders.province_directory():
            olds = "không đổi" if entry.continues_unchanged else "hợp nhất từ " + ", ".join(entry.old_names)
            self.say(f"  {entry.official_code}  {entry.name}  ({entry.key})  — {olds}")

    def load_units(self, province: str | None) -> None:
        started = time.monotonic()
        self.say(f"Nạp đơn vị hành chính: {'toàn quốc' if province is None else province}")
        try:
            summary = services.load_admin_units(province, progress=lambda message: self.say(f"  {message}"))
        except loaders.UnknownProvinceError as error:
            raise CommandError(f"{error} {LIST_HINT}") from error
        seconds = format_number(round(time.monotonic() - started, 1))
        reform = format_date(loaders.REFORM_DATE)
        data = summary.in_data
        self.say(self.style.SUCCESS(f"Đã nạp: {summary.scope} ({seconds} giây)."))
        if summary.merged_from:
            self.say(f"  Hợp nhất từ: {', '.join(summary.merged_from)}.")
        self.say(
            f"  Trước {reform}: {format_number(data['old_provinces'])} tỉnh, thành phố; "
            f"{format_number(data['old_districts'])} quận, huyện, thị xã; "
            f"{format_number(data['old_communes'])} xã, phường, thị trấn."
        )
        self.say(
            f"  Từ {reform}: {format_number(data['new_provinces'])} tỉnh, thành phố; "
            f"{format_number(data['new_communes'])} xã, phường, đặc khu."
        )
        self.say("  Thay đổi trong cơ sở dữ liệu:")
        for kind, count in summary.units.items():
            self.say(f"    {OrgUnitKind(kind).label}: {self.describe(count)}")
        self.say(f"    Quan hệ kế thừa: {self.describe(summary.successions)}")

    def load_departments(self, path: Path, city: str | None) -> None:
        try:
            department_file = loaders.read_departments(path)
            count = services.load_departments(department_file.departments, city or department_file.city_code)
        except (loaders.DepartmentFileError, services.MissingUnitError) as error:
            raise CommandError(str(error)) from error
        self.say(self.style.SUCCESS(f"Đã nạp {count.total} sở, ban, ngành, tổ chức từ {path}: {self.describe(count)}."))

    @staticmethod
    def describe(count: services.ChangeCount) -> str:
        return (
            f"tạo mới {format_number(count.created)}, cập nhật {format_number(count.updated)}, "
            f"giữ nguyên {format_number(count.unchanged)}"
        )
