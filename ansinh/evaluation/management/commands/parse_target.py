"""``python manage.py parse_target "PHRASE" [--name NAME] [--direction up|down|band] [--year 2030] [--all]``

Prints what the target parser reads from a Vietnamese target phrase, as JSON (Decimals as strings,
Vietnamese kept as is): a quick way to check a plan's wording before importing it.
"""

import json

from django.core.management.base import BaseCommand, CommandParser

from ansinh.rules.targets import DIRECTIONS, parse_target, parse_targets


class Command(BaseCommand):
    help = "Đọc một cụm từ mục tiêu tiếng Việt (ví dụ “tối thiểu đạt 95%”) và in mục tiêu có cấu trúc dạng JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("phrase", help="cụm từ mục tiêu như văn bản ghi")
        parser.add_argument("--name", default="", help="tên chỉ tiêu, để suy ra chiều mong muốn")
        parser.add_argument("--direction", choices=DIRECTIONS, default=None, help="chiều mong muốn của chỉ tiêu")
        parser.add_argument("--year", type=int, default=None, help="năm mục tiêu khi cụm từ không nêu năm")
        parser.add_argument("--all", action="store_true", help="tách mọi mục tiêu trong đoạn văn (danh sách)")

    def handle(self, *args, **options) -> None:
        arguments = {
            "indicator_name": options["name"],
            "direction": options["direction"],
            "default_year": options["year"],
        }
        if options["all"]:
            payload: object = [target.as_json() for target in parse_targets(options["phrase"], **arguments)]
        else:
            payload = parse_target(options["phrase"], **arguments).as_json()
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
