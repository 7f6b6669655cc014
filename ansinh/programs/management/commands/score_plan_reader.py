"""python manage.py score_plan_reader [FOLDER] [--details]: the plan reader against hand-labelled documents.

"Tập giữ lại" prints apart the documents once held out (every third): they were added to development late
(the regression set's from the reader13 round on), so they are no longer blind; see docs/plan-import.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.programs.plan_import.scoring import report, score_folder

DEFAULT_FOLDER = Path(settings.BASE_DIR) / "tests" / "programs" / "regression"


class Command(BaseCommand):
    help = (
        "Đo bộ đọc kế hoạch trên các văn bản đã gán nhãn tay: mỗi tài liệu số mục tiêu mong đợi, tìm thấy, "
        "đúng đủ, thừa và các trường sai; rồi tổng của tập phát triển và tập giữ lại."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, help="Thư mục NN-ten.txt/.toml.")
        parser.add_argument("--details", action="store_true", help="In từng mục tiêu thiếu, sai, thừa.")

    def handle(self, *args, folder: Path, details: bool, **options) -> None:
        if not folder.is_dir():
            raise CommandError(f"Không có thư mục {folder}.")
        scores = score_folder(folder)
        if not scores:
            raise CommandError(f"Thư mục {folder} không có cặp tệp .txt/.toml nào.")
        for line in report(scores, details=details):
            self.stdout.write(line)
