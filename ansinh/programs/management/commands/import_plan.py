"""python manage.py import_plan PATH [--dry-run] [--format json|text] [--program SLUG] [--owner-unit P-01]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.programs.plan_import.docx import read_docx_text
from ansinh.programs.plan_import.pipeline import PlanFormatError, parse_plan
from ansinh.programs.plan_import.results import ParsedPlan
from ansinh.programs.plan_services import (
    ACTION_LABELS,
    ImportPreview,
    PlanImportError,
    apply_import,
    preview_import,
    suggested_lead_units,
)
from ansinh.rules.targets import render_target

DIRECTION_ARROWS = {"up": "↑", "down": "↓", "band": "↕"}


class Command(BaseCommand):
    help = (
        "Nhập chỉ tiêu, mục tiêu của một kế hoạch từ văn bản (.txt hoặc .docx). Với --dry-run chỉ đọc và "
        "in kết quả, không ghi gì vào cơ sở dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Tệp văn bản kế hoạch (.txt UTF-8 hoặc .docx).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và in, không ghi.")
        parser.add_argument("--format", choices=("text", "json"), default="text", help="Cách in kết quả.")
        parser.add_argument(
            "--program", metavar="SLUG", help="Chương trình có sẵn cần cập nhật (mặc định: theo số hiệu)."
        )
        parser.add_argument("--owner-unit", metavar="MÃ", help="Địa bàn của chương trình mới, ví dụ P-01.")
        parser.add_argument("--end-year", type=int, help="Năm kết thúc, khi văn bản không nêu.")
        parser.add_argument(
            "--use-suggested-leads",
            action="store_true",
            help="Giao đơn vị chủ trì được gợi ý nhất cho các chỉ tiêu chưa có đơn vị chủ trì.",
        )

    def handle(self, *args, **options) -> None:
        parsed = self._parse(options["path"], end_year=options["end_year"])
        program = self._program(options["program"])
        owner_unit = self._owner_unit(options["owner_unit"])
        preview = preview_import(program, parsed, owner_unit=owner_unit)
        if options["dry_run"]:
            if options["format"] == "json":
                self.stdout.write(json.dumps(dry_run_json(parsed, preview), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(dry_run_text(parsed, preview))
            return
        leads = suggested_lead_units(preview) if options["use_suggested_leads"] else None
        try:
            summary = apply_import(preview, owner_unit=owner_unit, actor=None, lead_units=leads)
        except PlanImportError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"program": summary.program.slug, "message": summary.message()}, ensure_ascii=False)
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary.message()))

    def _parse(self, path: Path, *, end_year: int | None) -> ParsedPlan:
        if not path.exists():
            raise CommandError(f"Không có tệp {path}.")
        try:
            if path.suffix.lower() == ".docx":
                text = read_docx_text(path)
            elif path.suffix.lower() in (".txt", ".text", ".md", ""):
                text = path.read_text(encoding="utf-8-sig")
            else:
                raise CommandError(f"Chỉ đọc được tệp .txt (UTF-8) hoặc .docx, không đọc được {path.name}.")
            return parse_plan(text, end_year=end_year)
        except UnicodeDecodeError as error:
            raise CommandError(f"Tệp {path.name} không phải văn bản UTF-8.") from error
        except PlanFormatError as error:
            raise CommandError(str(error)) from error

    def _program(self, slug: str | None) -> Program | None:
        if not slug:
            return None
        program = Program.objects.filter(slug=slug).select_related("owner_unit").first()
        if program is None:
            raise CommandError(f"Không có chương trình “{slug}”.")
        return program

    def _owner_unit(self, code: str | None) -> OrgUnit | None:
        if not code:
            return None
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{code}”. Hãy nạp danh mục đơn vị trước.")
        return unit


def dry_run_json(parsed: ParsedPlan, preview: ImportPreview) -> dict:
    data = parsed.as_json(preview.unit_codes)
    data["preview"] = {
        "program": preview.program.slug if preview.program else None,
        "program_action": preview.program_action,
        "counts": preview.counts(),
        "problems": preview.problems,
        "changes": [
            {
                "code": item.code,
                "action": item.action,
                "fields": [{"field": c.field, "before": c.before, "after": c.after} for c in item.changes],
                "targets": [
                    {
                        "year": target.year,
                        "action": target.action,
                        "fields": [{"field": c.field, "before": c.before, "after": c.after} for c in target.changes],
                    }
                    for target in item.targets
                    if target.action != "unchanged"
                ],
            }
            for item in preview.indicators
            if item.action != "unchanged" or any(target.action != "unchanged" for target in item.targets)
        ],
        "absent_indicators": [indicator.code for indicator in preview.absent_indicators],
    }
    return data


def dry_run_text(parsed: ParsedPlan, preview: ImportPreview) -> str:
    meta = parsed.metadata
    issued = f" ngày {meta.issued_on:%d/%m/%Y}" if meta.issued_on else ""
    lines = [
        f"{meta.kind} {meta.code}{issued} — {meta.title}",
        f"Cơ quan ban hành: {meta.issuer or '—'}{' (suy ra)' if meta.issuer_inferred else ''}; "
        f"năm kết thúc: {meta.end_year or '—'}; cơ quan thường trực: {meta.standing_agency_name or '—'}",
        f"Chương trình: {ACTION_LABELS[preview.program_action].lower()}"
        + (f" ({preview.program.slug})" if preview.program else ""),
        "",
    ]
    for item in preview.indicators:
        indicator = item.parsed
        depth = indicator.code.count(".")
        arrow = (
            ""
            if indicator.is_group
            else DIRECTION_ARROWS[indicator.direction] + ("?" if indicator.direction_unsure else "")
        )
        field = f" [{indicator.field}]" if indicator.field else ""
        lines.append(
            f"{'  ' * depth}{indicator.code}. {indicator.name}{field} {arrow} — {ACTION_LABELS[item.action].lower()}"
        )
        for change in item.changes:
            lines.append(f"{'  ' * depth}    · {change.label}: {change.before_text} → {change.after_text}")
        for target in item.targets:
            flag = f"  ⚠ {target.parsed.review_reason}" if target.parsed.needs_review else ""
            lines.append(
                f"{'  ' * depth}    → {target.year}: {render_target(target.parsed)} "
                f"({ACTION_LABELS[target.action].lower()}){flag}"
            )
        if item.suggestions:
            best = item.suggestions[0]
            lines.append(
                f"{'  ' * depth}    chủ trì (gợi ý): {best.unit_name}{f' [{best.unit_code}]' if best.unit_code else ''}"
            )
    counts = parsed.counts()
    lines += [
        "",
        f"{counts['indicators']} chỉ tiêu ({counts['groups']} nhóm), {counts['targets']} mục tiêu, "
        f"{counts['targets_needing_review']} mục tiêu cần rà soát.",
    ]
    lines += [f"Lưu ý: {warning}" for warning in parsed.warnings]
    lines += [f"Chưa nhập được: {problem}" for problem in preview.problems]
    return "\n".join(lines)
