"""python manage.py fail_stale_jobs [--all-running]: run before starting the task worker."""

from django.core.management.base import BaseCommand, CommandParser

from ansinh.exchange.services.export_jobs import fail_stale_export_jobs
from ansinh.exchange.services.jobs import fail_stale_jobs


class Command(BaseCommand):
    help = (
        "Ghi thất bại các lượt nhập, lượt xuất “đang chạy” mà tiến trình nền đã dừng (quá ANSINH_IMPORT_JOB_MINUTES phút). "
        "Chạy trước khi khởi động db_worker; --all-running khi chỉ có một tiến trình nền (make run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all-running",
            action="store_true",
            help="Mọi lượt “đang chạy” đều đã dừng (chỉ một tiến trình nền, đang khởi động lại).",
        )

    def handle(self, *args, **options) -> None:
        failed = fail_stale_jobs(all_running=options["all_running"])
        self.stdout.write(f"Đã ghi thất bại {failed} lượt nhập bị dừng giữa chừng.")
        exports = fail_stale_export_jobs(all_running=options["all_running"])
        self.stdout.write(f"Đã ghi thất bại {exports} lượt xuất bị dừng giữa chừng.")
