"""Writes for the committee's declared verdicts and for loading published results."""

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ansinh.audit.services import record
from ansinh.evaluation.models import DeclaredSummary, DeclaredVerdict
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import ReportStatus
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import CellInput, write_values
from ansinh.rules.verdicts import DECLARABLE_STATUSES


@dataclass(frozen=True)
class ResultsLoadSummary:
    reports: int
    values: int
    declared: int
    summaries: int


def declare_verdict(
    indicator, year: int, *, status: str, source: str, reason: str = "", actor=None
) -> tuple[DeclaredVerdict, bool]:
    """Record the committee's verdict; returns it and whether anything changed (a repeat changes nothing)."""
    check_declaration(indicator.program, year, source)
    if status not in {s.value for s in DECLARABLE_STATUSES}:
        raise DeclarationError(f"Kết quả “{status}” không phải một kết quả Ban Chỉ đạo công bố.")
    wanted = {"status": status, "source": source, "reason": reason}
    declared = DeclaredVerdict.objects.filter(indicator=indicator, year=year).first()
    before = {name: getattr(declared, name) for name in wanted} if declared else None
    if declared is not None and before == wanted:
        return declared, False
    declared, _ = DeclaredVerdict.objects.update_or_create(indicator=indicator, year=year, defaults=wanted)
    record(actor=actor, action="verdict.declare", obj=declared, summary=str(declared), before=before, after=wanted)
    return declared, True


class DeclarationError(ValueError):
    """A declaration that cannot be saved; ``message`` is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_declaration(program: Program, year: int, source: str) -> None:
    if year not in program.years:
        raise DeclarationError(
            f"Năm {year} nằm ngoài thời gian thực hiện của {program} ({program.start_year}–{program.end_year})."
        )
    if not source.strip():
        raise DeclarationError("Cần ghi nguồn (văn bản, hội nghị, ngày) của kết quả Ban Chỉ đạo công bố.")


def declare_summary(program: Program, year: int, *, sentence: str, source: str, actor=None) -> DeclaredSummary:
    """Record the committee's summary sentence of a year as published ("23/27 chỉ tiêu đạt và vượt kế hoạch …")."""
    check_declaration(program, year, source)
    if not sentence.strip():
        raise DeclarationError("Cần ghi câu kết luận của Ban Chỉ đạo.")
    with transaction.atomic():
        declared, created = DeclaredSummary.objects.get_or_create(
            program=program, year=year, sentence=sentence.strip(), defaults={"source": source.strip()}
        )
        before = None if created else {"source": declared.source}
        if not created and declared.source != source.strip():
            declared.source = source.strip()
            declared.save(update_fields=["source"])
        record(
            actor=actor,
            action="summary.declare",
            obj=declared,
            summary=f"Kết luận năm {year} của {program}: {declared.sentence}",
            before=before,
            after={"year": year, "sentence": declared.sentence, "source": declared.source},
        )
    return declared


def withdraw_declaration(declared: DeclaredVerdict | DeclaredSummary, *, actor=None) -> None:
    """Remove a declared verdict or summary entered by mistake (audited with what it said)."""
    with transaction.atomic():
        record(
            actor=actor,
            action="declaration.withdraw",
            obj=declared,
            summary=f"Bỏ kết quả công bố: {declared}",
            before={"year": declared.year, "text": str(declared)},
        )
        declared.delete()


@transaction.atomic
def load_published_results(program: Program, path: Path, *, actor=None) -> ResultsLoadSummary:
    """Published results become the city's yearly reports, written through the one write path of a
    person's data entry, then submitted and approved. Loading again changes nothing."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unit = OrgUnit.objects.get(code=data["unit"])
    indicators = {i.code: i for i in program.indicators.all()}
    by_year: dict[int, list[CellInput]] = {}
    for entry in data.get("value", []):
        by_year.setdefault(entry["year"], []).append(
            CellInput(
                indicator=indicators[entry["indicator"]],
                # The published figure, written the machine way in the data file ("203027", "2.23").
                value=Decimal(entry["value"]) if entry.get("value") else None,
                not_implemented=entry.get("not_implemented", False),
                note=entry.get("note", ""),
                source=entry["source"],
            )
        )
    values = 0
    for year, cells in sorted(by_year.items()):
        report = get_or_create_report(get_or_open_year_period(program, year, actor=actor), unit, actor=actor)
        if report.status == ReportStatus.APPROVED:
            continue
        report.source = "; ".join(sorted({cell.source for cell in cells}))
        report.save(update_fields=["source"])
        values += write_values(report, cells, actor=actor).changed
        # The committee's published figures, loaded as published: the checks are for people's submissions.
        submit_report(report, actor=actor, checks=False)
        approve_report(report, actor=actor)
    declared = 0
    for entry in data.get("declared", []):
        _, changed = declare_verdict(
            indicators[entry["indicator"]],
            entry["year"],
            status=entry["status"],
            source=entry["source"],
            reason=entry.get("reason", ""),
            actor=actor,
        )
        declared += changed
    for entry in data.get("summary", []):
        DeclaredSummary.objects.update_or_create(
            program=program, year=entry["year"], sentence=entry["sentence"], defaults={"source": entry["source"]}
        )
    return ResultsLoadSummary(len(by_year), values, declared, len(data.get("summary", [])))
