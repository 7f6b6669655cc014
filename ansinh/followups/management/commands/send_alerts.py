"""Alerts of steering work (indicators with no task, overdue tasks and recommendations, inspection plans
behind): run it once a day, beside send_reminders."""

from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ansinh.core.dates import format_date
from ansinh.followups.selectors import ALERT_KINDS, current_alerts
from ansinh.followups.services.alerts import send_alerts
from ansinh.programs.models import Program


def _day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as error:
        raise CommandError(f"Ngày “{text}” không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 15/01/2024.") from error


class Command(BaseCommand):
    help = (
        "Cảnh báo điều hành: chỉ tiêu chưa đạt chưa có nhiệm vụ, nhiệm vụ và kiến nghị quá hạn, kế hoạch kiểm tra "
        "chậm tiến độ — thông báo trong hệ thống và thư điện tử, mỗi cảnh báo một lần cho mỗi người."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày tính cảnh báo, dạng dd/mm/yyyy (mặc định: hôm nay).")
        parser.add_argument("--program", help="Chỉ một chương trình (slug), ví dụ 08-ctr-tu.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê cảnh báo, không gửi.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["date"]) if options["date"] else timezone.localdate()
        programs = Program.objects.select_related("owner_unit", "standing_agency")
        if options["program"]:
            programs = programs.filter(slug=options["program"])
            if not programs.exists():
                raise CommandError(f"Không có chương trình “{options['program']}”.")
        for program in programs:
            alerts = current_alerts(program, today)
            for kind, label in ALERT_KINDS.items():
                of_kind = [alert for alert in alerts if alert.kind == kind]
                if of_kind:
                    self.stdout.write(f"{program} — {label} ({len(of_kind)}):")
                    for alert in of_kind:
                        self.stdout.write(f"  • {alert.message}")
        if options["dry_run"]:
            return
        summary = send_alerts(today, programs=programs)
        self.stdout.write(f"Ngày {format_date(today)}: {summary.message()}")
