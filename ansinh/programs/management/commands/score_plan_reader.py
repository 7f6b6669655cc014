"""python manage.py score_plan_reader [FOLDER …] [--details] [--against OTHER]: the plan reader against hand-labelled
documents, of one folder or several totalled together (the blind sets at once); with --against, another person's
labels of the same texts against the folder's, matched the same way (how far two people agree).

"Tập giữ lại" prints apart the documents once held out (every third): they were added to development late
(the regression set's from the reader13 round on), so they are no longer blind; see docs/plan-import.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.programs.plan_import.scoring import DocumentScore, agreement_folder, report, score_folder

DEFAULT_FOLDER = Path(settings.BASE_DIR) / "tests" / "programs" / "regression"


class Command(BaseCommand):
    help = (
        "Đo bộ đọc kế hoạch trên các văn bản đã gán nhãn tay: mỗi tài liệu số mục tiêu mong đợi, tìm thấy, "
        "đúng đủ, thừa và các trường sai; rồi tổng của tập phát triển và tập giữ lại."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folders",
            nargs="*",
            type=Path,
            default=[DEFAULT_FOLDER],
            metavar="folder",
            help="Thư mục NN-ten.txt/.toml; nhiều thư mục thì cộng chung.",
        )
        parser.add_argument("--details", action="store_true", help="In từng mục tiêu thiếu, sai, thừa.")
        parser.add_argument(
            "--against",
            type=Path,
            help="Thư mục nhãn của người thứ hai cho cùng các văn bản (cùng tên tệp .toml): đo hai người gán nhãn "
            "khớp nhau đến đâu thay vì đo bộ đọc.",
        )

    def handle(self, *args, folders: list[Path], details: bool, against: Path | None, **options) -> None:
        for folder in folders:
            if not folder.is_dir():
                raise CommandError(f"Không có thư mục {folder}.")
        try:
            scores = self._scores(folders, against)
        except ValueError as error:
            raise CommandError(f"Nhãn không đọc được: {error}") from error
        for line in report(scores, details=details):
            self.stdout.write(line)

    def _scores(self, folders: list[Path], against: Path | None) -> list[DocumentScore]:
        if against is not None:
            if len(folders) != 1:
                raise CommandError("--against so nhãn của một thư mục với một thư mục khác: chỉ nêu một thư mục.")
            if not against.is_dir():
                raise CommandError(f"Không có thư mục {against}.")
            scores = agreement_folder(folders[0], against)
            if not scores:
                raise CommandError(f"Hai thư mục {folders[0]} và {against} không có tệp .toml cùng tên nào.")
            self.stdout.write(
                "Nhãn thứ hai so với nhãn thứ nhất: “đúng đủ” là mục tiêu hai người gán như nhau, “thừa” là mục tiêu "
                "chỉ người thứ hai gán."
            )
            return scores
        scores = []
        for folder in folders:
            found = score_folder(folder)
            if not found:
                raise CommandError(f"Thư mục {folder} không có cặp tệp .txt/.toml nào.")
            for score in found:
                if len(folders) > 1:
                    score.name = f"{folder.name}/{score.name}"
            scores.extend(found)
        return scores
