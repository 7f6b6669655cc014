"""Read a plan's tasks (section III) and who leads them (section IV) into a programme's task list."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.followups.services.plan_tasks import apply_task_import, preview_task_import
from ansinh.programs.models import Program
from ansinh.programs.plan_import.docx import read_docx_text
from ansinh.programs.plan_import.tasks import TaskFormatError, read_plan_tasks


class Command(BaseCommand):
    help = "Đọc mục nhiệm vụ (III) và phân công (IV) của kế hoạch thành danh sách nhiệm vụ; nhập lại thì cập nhật."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp văn bản kế hoạch (.txt, .docx).")
        parser.add_argument("--program", required=True, help="Chương trình (slug), ví dụ 181-kh-ubnd.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không ghi.")

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.select_related("owner_unit").filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"Không có chương trình “{options['program']}”.")
        path = Path(options["path"])
        try:
            text = read_docx_text(path) if path.suffix.lower() == ".docx" else path.read_text("utf-8")
            parsed = read_plan_tasks(text)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Không đọc được tệp {path}: {error}") from error
        except TaskFormatError as error:
            raise CommandError(str(error)) from error
        preview = preview_task_import(program, parsed)
        for item in preview.tasks:
            lead = item.lead.name if item.lead else "—"
            flag = " [cần rà soát]" if item.needs_review else ""
            self.stdout.write(f"{item.action_label:10} {item.parsed.code:14} {lead:40} {item.parsed.title[:70]}{flag}")
        for name in preview.unresolved:
            self.stdout.write(f"Không tìm thấy đơn vị “{name}”.")
        self.stdout.write(preview.message())
        if not options["dry_run"]:
            self.stdout.write(apply_task_import(preview).message())
